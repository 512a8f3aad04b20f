import { describe, expect, it } from 'vitest';
import { keepKnownNumber } from '@mowakaba/shared/phone';

describe('a console receiving a masked number in an event', () => {
  it('keeps the whole number it already had for the same record', () => {
    expect(keepKnownNumber('+212661234567', '+212•••••••67')).toBe('+212661234567');
  });

  it('takes the event’s number when it is another one, or when it knew none', () => {
    expect(keepKnownNumber('+212661234567', '+212•••••••99')).toBe('+212•••••••99');
    expect(keepKnownNumber(undefined, '+212•••••••67')).toBe('+212•••••••67');
    expect(keepKnownNumber('+212661234567', null)).toBeNull();
    expect(keepKnownNumber('+212•••••••67', '+212661234567')).toBe('+212661234567');
  });
});
