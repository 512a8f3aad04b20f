import { vi } from 'vitest';
import type { apiRequest } from './api-client';

/**
 * For a test that mocks the API client: the next request waits for the test to answer it with the
 * function returned, so the test can apply live events while the read is on its way. The test file
 * passes its own mock: test files share their worker's modules (isolate: false), so a mock imported
 * here could be another file's.
 */
export function holdNextApiAnswer<T>(mockedApiRequest: typeof apiRequest): (answer: T) => void {
  let answer: (value: T) => void = () => undefined;
  vi.mocked(mockedApiRequest).mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
  return (value) => answer(value);
}
