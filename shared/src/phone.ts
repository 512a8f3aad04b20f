import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * E.164 form of a phone number; national forms are read as Moroccan (06…, 05…, 00212…, +212…).
 * Returns undefined when the text is not a possible phone number.
 */
export function normalizePhoneNumber(text: string): string | undefined {
  const trimmed = text.trim().replace(/^00/, '+');
  const parsed = parsePhoneNumberFromString(trimmed, 'MA');
  return parsed?.isPossible() ? parsed.number : undefined;
}
