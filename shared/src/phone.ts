import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

// Parsing costs a tenth of a millisecond and the same numbers come back all day (the center's own
// number on every call, regular callers); past this many, the memo starts over.
const MEMO_LIMIT = 5_000;
const normalized = new Map<string, string | undefined>();

/**
 * E.164 form of a phone number; national forms are read as Moroccan (06…, 05…, 00212…, +212…).
 * Returns undefined when the text is not a possible phone number.
 */
export function normalizePhoneNumber(text: string): string | undefined {
  if (normalized.has(text)) return normalized.get(text);
  const trimmed = text.trim().replace(/^00/, '+');
  const parsed = parsePhoneNumberFromString(trimmed, 'MA');
  const result = parsed?.isPossible() ? parsed.number : undefined;
  if (text.length > 64) return result;
  if (normalized.size >= MEMO_LIMIT) normalized.clear();
  normalized.set(text, result);
  return result;
}

/**
 * A phone number shown to someone who does not need it whole: the first three and last two
 * digits, like the logs (`+212•••••••78`). Texts without enough digits are left as they are.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return phone;
  return `${phone.trim().startsWith('+') ? '+' : ''}${digits.slice(0, 3)}${'•'.repeat(digits.length - 5)}${digits.slice(-2)}`;
}

/**
 * Events carry phone numbers masked (they reach whole teams). A console that already holds the whole
 * number of the same record keeps it instead of the masked copy; another number, masked, replaces it.
 */
export function keepKnownNumber(known: string | null | undefined, incoming: string | null): string | null {
  return known && incoming && incoming !== known && maskPhone(known) === incoming ? known : incoming;
}
