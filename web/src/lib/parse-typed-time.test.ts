import { describe, expect, it } from 'vitest';
import { parseTypedTime } from './parse-typed-time';

describe('a typed time', () => {
  it.each([
    ['14:30', '14:30'],
    ['9:05', '09:05'],
    ['14h30', '14:30'],
    ['9h', '09:00'],
    ['14.30', '14:30'],
    ['1430', '14:30'],
    [' 00:00 ', '00:00'],
    ['23:59', '23:59'],
    ['١٤:٣٠', '14:30'],
  ])('reads %s as %s, on the 24-hour clock', (typed, time) => {
    expect(parseTypedTime(typed)).toBe(time);
  });

  it.each(['', '9', '14:3', '24:00', '9:75', '2:30 PM', '143', '14:30:00', 'midi'])('is not a time yet: %s', (typed) => {
    expect(parseTypedTime(typed)).toBeNull();
  });
});
