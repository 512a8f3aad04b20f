import { describe, expect, it } from 'vitest';
import { parseTypedDate, toDayFirst } from './parse-typed-date';

describe('a typed date', () => {
  it.each([
    ['30/09/2026', '2026-09-30'],
    ['1-2-2027', '2027-02-01'],
    ['30.09.2026', '2026-09-30'],
    [' 2026-09-30 ', '2026-09-30'],
    ['٣٠/٠٩/٢٠٢٦', '2026-09-30'],
    ['29/02/2028', '2028-02-29'],
  ])('reads %s as %s, day first', (typed, iso) => {
    expect(parseTypedDate(typed)).toBe(iso);
  });

  it.each(['', '30/09', '30/09/26', '31/02/2026', '29/02/2027', '13/13/2026', 'hier', '2026-9'])('is not a date yet: %s', (typed) => {
    expect(parseTypedDate(typed)).toBeNull();
  });

  it('is written back day first, and read again the same', () => {
    expect(toDayFirst('2026-09-30')).toBe('30/09/2026');
    expect(parseTypedDate(toDayFirst('2026-09-30'))).toBe('2026-09-30');
    expect(toDayFirst('')).toBe('');
  });
});
