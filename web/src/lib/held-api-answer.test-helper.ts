import { vi } from 'vitest';
import { apiRequest } from './api-client';

/**
 * For a test that mocks the API client: the next request waits for the test to answer it with the
 * function returned, so the test can apply live events while the read is on its way.
 */
export function holdNextApiAnswer<T>(): (answer: T) => void {
  let answer: (value: T) => void = () => undefined;
  vi.mocked(apiRequest).mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
  return (value) => answer(value);
}
