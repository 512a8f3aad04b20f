/**
 * Arabic normalisation and light stemming (in the spirit of Larkey's Light10): enough for
 * جمعية / الجمعيات / بالجمعية / جمعيتكم to meet on one index term without a dictionary.
 */

const DIACRITICS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]/g;
const TATWEEL_AND_FORMAT = /[\u0640\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

const LETTER_FOLDS: Record<string, string> = {
  'أ': 'ا',
  'إ': 'ا',
  'آ': 'ا',
  'ٱ': 'ا',
  'ى': 'ي',
  'ی': 'ي',
  'ة': 'ه',
  'ۀ': 'ه',
  'ؤ': 'و',
  'ئ': 'ي',
  'ک': 'ك',
  // Moroccan letters for g, v and p, written in Darija.
  'ڭ': 'ك',
  'گ': 'ك',
  'ڤ': 'ف',
  'پ': 'ب',
};
const FOLDABLE = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'g');

/** Arabic-Indic (٠–٩) and Eastern Arabic-Indic (۰–۹) digits to ASCII; keeps the string length. */
export function toAsciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (digit) => {
    const code = digit.charCodeAt(0);
    return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
  });
}

/** Removes tashkeel and tatweel and folds the letter variants people type interchangeably. */
export function normalizeArabic(word: string): string {
  return toAsciiDigits(word)
    .replace(DIACRITICS, '')
    .replace(TATWEEL_AND_FORMAT, '')
    .replace(FOLDABLE, (letter) => LETTER_FOLDS[letter] ?? letter);
}

// Longest first: وال before ال.
const ARTICLE_PREFIXES = ['وال', 'بال', 'كال', 'فال', 'لل', 'ال'];
const PRONOUN_SUFFIXES = ['كم', 'هم', 'ها', 'نا'];
// Each suffix with the shortest stem it may leave. ي and the plural endings need four letters:
// جمعية → جمعي (not جمع, which is "collect" and the الجمع of الجمع العام), قانون stays whole,
// while تكوينية → تكويني → تكوين still meets تكوين.
const SUFFIXES: ReadonlyArray<[string, number]> = [
  ['ات', 3],
  ['ون', 4],
  ['ين', 4],
  ['ان', 4],
  ['ه', 3],
  ['ي', 4],
];
const MIN_STEM = 3;

function stripArticle(word: string): string {
  for (const prefix of ARTICLE_PREFIXES) {
    if (word.startsWith(prefix) && word.length - prefix.length >= 2) return word.slice(prefix.length);
  }
  return word;
}

function stripSuffixes(word: string): string {
  let stem = word;
  for (const suffix of PRONOUN_SUFFIXES) {
    if (stem.endsWith(suffix) && stem.length - suffix.length >= MIN_STEM) {
      stem = stem.slice(0, -suffix.length);
      // A ta marbuta before a pronoun is written ت: جمعيتكم → جمعيه (but not the plural ات).
      if (stem.length >= 4 && stem.endsWith('ت') && !stem.endsWith('ات')) stem = `${stem.slice(0, -1)}ه`;
      break;
    }
  }
  for (const [suffix, minimum] of SUFFIXES) {
    if (stem.endsWith(suffix) && stem.length - suffix.length >= minimum) stem = stem.slice(0, -suffix.length);
  }
  return stem;
}

/**
 * The index terms of one normalised Arabic word. A leading و is either the conjunction "and"
 * (وجمعية) or part of the word (وصل, وثيقة); without a dictionary both readings are kept.
 */
export function stemArabic(normalized: string): string[] {
  const stems = [stripSuffixes(stripArticle(normalized))];
  if (normalized.startsWith('و') && !normalized.startsWith('وال') && normalized.length - 1 >= MIN_STEM) {
    const withoutConjunction = stripSuffixes(stripArticle(normalized.slice(1)));
    if (withoutConjunction !== stems[0]) stems.push(withoutConjunction);
  }
  return stems;
}

/** The stem without the article, for matching a word still being typed. */
export function stripArabicPrefix(normalized: string): string {
  return stripArticle(normalized);
}

// Letters Latin-letter Darija ("Arabizi") writes the same way: ص/س, ط/ت, ض/د …;
// h may stand for ه or ح, k for ك or ق.
const SKELETON_FOLDS: Record<string, string> = {
  'ص': 'س',
  'ط': 'ت',
  'ض': 'د',
  'ظ': 'د',
  'ذ': 'د',
  'ث': 'ت',
  'ح': 'ه',
  'ك': 'ق',
  'ء': '',
};

/**
 * A consonant skeleton of a stem: long vowels dropped (except a leading و or ي, which is a
 * consonant there) and emphatic letters folded. Arabizi spells vowels loosely, so it is matched
 * on this key: "9anoun" and قانون share قنن.
 */
export function arabicSkeleton(stem: string): string {
  let skeleton = '';
  for (const [index, letter] of [...stem].entries()) {
    if (letter === 'ا' || ((letter === 'و' || letter === 'ي') && index > 0)) continue;
    skeleton += SKELETON_FOLDS[letter] ?? letter;
  }
  return skeleton;
}

/** Function words of Modern Standard Arabic and Darija, normalised; they are not indexed. */
export const ARABIC_STOPWORDS = new Set(
  [
    // MSA
    'في', 'من', 'على', 'الى', 'إلى', 'عن', 'مع', 'هل', 'ما', 'ماذا', 'كيف', 'متى', 'اين', 'لماذا', 'هذا', 'هذه',
    'ذلك', 'تلك', 'التي', 'الذي', 'الذين', 'او', 'أو', 'و', 'ثم', 'لا', 'لم', 'لن', 'قد', 'كل', 'بعض', 'عند', 'بين',
    'حتى', 'اذا', 'إذا', 'ان', 'أن', 'إن', 'كان', 'كانت', 'يكون', 'تكون', 'هو', 'هي', 'هم', 'نحن', 'انا', 'أنا', 'انت',
    'أنت', 'انتم', 'أنتم', 'لكم', 'لها', 'له', 'لنا', 'به', 'بها', 'فيه', 'فيها', 'عليه', 'عليها', 'منه', 'منها',
    'اي', 'أي', 'ايضا', 'أيضا', 'غير', 'بعد', 'قبل', 'حول', 'عبر', 'ضمن', 'دون', 'كما', 'لكن', 'وفق', 'لدى', 'ذات',
    'الى', 'الي', 'عليكم', 'منكم', 'بكم', 'يمكن', 'يجب', 'ب', 'ل', 'ف', 'ك',
    // Darija
    'ديال', 'ديالي', 'ديالنا', 'ديالكم', 'ديالها', 'ديالو', 'ديال', 'واش', 'كيفاش', 'شنو', 'شنوا', 'اش', 'علاش', 'فين',
    'فاين', 'امتى', 'بغيت', 'بغينا', 'نبغي', 'بغيت', 'عافاك', 'عفاك', 'شي', 'هاد', 'هادي', 'هادا', 'داك', 'ديك', 'لي',
    'اللي', 'راه', 'راني', 'را', 'كاين', 'كاينه', 'كاينين', 'بزاف', 'ولا', 'باش', 'فاش', 'معا', 'عندي', 'عندنا',
    'ليا', 'لينا', 'ماشي', 'دابا', 'واحد', 'حنا', 'نتا', 'نتي', 'نتوما', 'هوما', 'كيف', 'السلام', 'سلام', 'شكرا',
    'مرحبا', 'بعدا', 'غادي', 'كنت', 'كنا', 'حيت', 'ملي', 'ف', 'د',
  ].map(normalizeArabic),
);
