/**
 * Darija written in Latin letters with digits ("Arabizi": 3=ع, 7=ح, 9=ق, 5/kh=خ, 2=ء, gh=غ,
 * ch=ش) turned back into Arabic letters, so "tasjil jam3iya" can meet تسجيل جمعية.
 * Short vowels are not written in Arabic, so medial a/e vanish and i/ou become ي/و; what stays
 * uncertain (ه or ح for h, ص or س for s…) is settled by matching on the consonant skeleton.
 */

const DIGRAPHS: ReadonlyArray<[string, string]> = [
  ['kh', 'خ'],
  ['gh', 'غ'],
  ['ch', 'ش'],
  ['sh', 'ش'],
  ['th', 'ت'],
  ['dh', 'د'],
  ['ou', 'و'],
  ['oo', 'و'],
  ['ee', 'ي'],
  ['ii', 'ي'],
  ['aa', 'ا'],
];

const LETTERS: Record<string, string> = {
  b: 'ب', t: 'ت', j: 'ج', d: 'د', r: 'ر', z: 'ز', s: 'س', f: 'ف', q: 'ق', k: 'ك', l: 'ل', m: 'م', n: 'ن',
  h: 'ه', w: 'و', y: 'ي', g: 'ق', v: 'ف', p: 'ب', c: 'ك', x: 'كس', i: 'ي', o: 'و', u: 'و',
  '2': 'ا', '3': 'ع', '4': 'ذ', '5': 'خ', '6': 'ط', '7': 'ح', '8': 'ه', '9': 'ق',
};

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);
const ARABIZI_DIGITS = /[235679]/;

/** True when a Latin-letter word uses the digits only Arabizi uses inside words (jam3iya, 7al). */
export function hasArabiziDigits(word: string): boolean {
  return /[a-z]/.test(word) && ARABIZI_DIGITS.test(word);
}

function transliterate(word: string): string {
  // Doubled letters are a shadda: one letter in Arabic.
  const latin = word.replace(/([bcdfghjklmnpqrstvwxyz])\1+/g, '$1');
  let arabic = '';
  let index = 0;
  while (index < latin.length) {
    const rest = latin.slice(index);
    const digraph = DIGRAPHS.find(([pair]) => rest.startsWith(pair));
    if (digraph) {
      arabic += index === 0 && VOWELS.has(digraph[0][0]!) ? 'ا' + digraph[1] : digraph[1];
      index += 2;
      continue;
    }
    const letter = latin[index]!;
    const isLast = index === latin.length - 1;
    if (letter === 'a' || letter === 'e') {
      // Initial vowels carry an alif; a final -a is the feminine ending (ة, normalised ه).
      if (index === 0) arabic += 'ا';
      else if (isLast && letter === 'a') arabic += 'ه';
    } else if (index === 0 && (letter === 'i' || letter === 'o' || letter === 'u')) {
      arabic += 'ا';
    } else {
      arabic += LETTERS[letter] ?? '';
    }
    index += 1;
  }
  return arabic;
}

/**
 * Arabic spellings of one folded Latin word: the plain transliteration and, when the word starts
 * with the article (l-, el-, al-: lwasl, elmaktab), the same word with ال.
 */
export function transliterateArabizi(word: string): string[] {
  if (!/^[a-z0-9]+$/.test(word)) return [];
  const spellings = new Set<string>([transliterate(word)]);
  const article = /^(?:el|al|l)(?=[^aeiou])/.exec(word);
  if (article && word.length - article[0].length >= 3) spellings.add(`ال${transliterate(word.slice(article[0].length))}`);
  return [...spellings].filter((spelling) => spelling.length >= 2);
}
