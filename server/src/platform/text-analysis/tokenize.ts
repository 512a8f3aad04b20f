import { toAsciiDigits } from './arabic-text.js';

export type TokenScript = 'arabic' | 'latin' | 'number' | 'other';

export interface Token {
  text: string;
  /** Offsets in the original text, for marking the word in a snippet. */
  start: number;
  end: number;
  script: TokenScript;
}

// Numbers with separators (7/2003, 06.18, 15/11/1958) stay one token; words may carry marks,
// tatweel, invisible format characters and inner apostrophes (l'association, aujourd'hui).
const WORD = /\d+(?:[./-]\d+)+|[\p{L}\p{M}\p{N}\p{Cf}]+(?:['’][\p{L}\p{M}\p{N}\p{Cf}]+)*/gu;
const ARABIC_WORD = /^[\p{Script=Arabic}\p{M}\p{Cf}\u0640]+$/u;
const LATIN_WORD = /^[\p{Script=Latin}\p{M}\p{Cf}'’]+$/u;
const COMPOUND_NUMBER = /^\d+(?:[./-]\d+)+$/;

type CharClass = 'A' | 'L' | 'O' | 'join';

function classOf(char: string): CharClass {
  if (/[\p{M}\p{Cf}\u0640]/u.test(char)) return 'join';
  if (/[0-9'’]/.test(char) || /\p{Script=Latin}/u.test(char)) return 'L';
  if (/\p{Script=Arabic}/u.test(char)) return 'A';
  return 'O';
}

function scriptOf(segment: string, group: CharClass): TokenScript {
  if (group === 'A') return 'arabic';
  if (group === 'O') return 'other';
  return /\p{Script=Latin}/u.test(segment) ? 'latin' : 'number';
}

/**
 * Splits text into word tokens with their script. A word mixing Arabic letters with Latin letters
 * or digits is cut where the script changes, but Latin letters and digits stay together: that is
 * how Arabizi is written (jam3iya). Arabic-Indic digits count as digits.
 */
export function tokenize(text: string): Token[] {
  const source = toAsciiDigits(text);
  const tokens: Token[] = [];
  for (const match of source.matchAll(WORD)) {
    const word = match[0];
    const start = match.index;
    if (COMPOUND_NUMBER.test(word)) tokens.push({ text: word, start, end: start + word.length, script: 'number' });
    else if (ARABIC_WORD.test(word)) tokens.push({ text: word, start, end: start + word.length, script: 'arabic' });
    else if (LATIN_WORD.test(word)) tokens.push({ text: word, start, end: start + word.length, script: 'latin' });
    else splitByScript(word, start, tokens);
  }
  return tokens;
}

function splitByScript(word: string, offset: number, tokens: Token[]): void {
  let segmentStart = 0;
  let group: CharClass | undefined;
  const flush = (end: number) => {
    if (group !== undefined && end > segmentStart) {
      const segment = word.slice(segmentStart, end);
      tokens.push({ text: segment, start: offset + segmentStart, end: offset + end, script: scriptOf(segment, group) });
    }
  };
  for (let index = 0; index < word.length; index++) {
    const charClass = classOf(word[index]!);
    if (charClass === 'join') continue;
    if (group !== undefined && charClass !== group) {
      flush(index);
      segmentStart = index;
    }
    group = charClass;
  }
  flush(word.length);
}
