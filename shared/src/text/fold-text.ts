// Arabic diacritics (tashkeel), Quranic marks and tatweel: dropped so vowelled and plain text meet.
const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
const LATIN_COMBINING_MARKS = /[\u0300-\u036f]/g;

/**
 * Folds text for matching: lower case, Latin accents removed (é → e), Arabic diacritics and
 * tatweel removed, alef forms (أ إ آ ٱ) → ا, ى → ي, ة → ه, ؤ → و, ئ → ي, Arabic-Indic digits → ASCII.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(LATIN_COMBINING_MARKS, '')
    .replace(ARABIC_MARKS, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي')
    .replace(/[٠-٩]/g, (digit) => String(digit.charCodeAt(0) - 0x0660))
    .replace(/[۰-۹]/g, (digit) => String(digit.charCodeAt(0) - 0x06f0))
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Escapes text for use inside a regular expression, so user input never becomes a pattern. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
