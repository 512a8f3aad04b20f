const ARABIC_INDIC_ZERO = 0x660;

/** Arabic-Indic digits (٣٠) as Western ones (30), the way an Arabic keyboard may type numbers into a field. */
export function toWesternDigits(text: string): string {
  return text.replace(/[٠-٩]/g, (digit) => String(digit.charCodeAt(0) - ARABIC_INDIC_ZERO));
}
