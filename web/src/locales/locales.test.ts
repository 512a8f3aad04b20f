import { describe, expect, it } from 'vitest';
import ar from './ar.json';
import en from './en.json';
import fr from './fr.json';

type TTexts = { [key: string]: string | TTexts };

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** The word for a team in each language, as it would stand before a team's name. */
const TEAM_WORD = /(team|équipe|فريق)\s*\{\{team\}\}/i;

function flattenTexts(texts: TTexts): string[] {
  return Object.values(texts).flatMap((value) => (typeof value === 'string' ? [value] : flattenTexts(value)));
}

function flattenKeys(texts: TTexts, prefix = ''): string[] {
  return Object.entries(texts).flatMap(([key, value]) => (typeof value === 'string' ? [prefix + key] : flattenKeys(value, `${prefix}${key}.`)));
}

/** The keys i18next looks up in a language: plain texts as they are, a counted text once per plural form the language has. */
function expectedKeys(reference: string[], language: string): string[] {
  const pluralForms = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  const plain = reference.filter((key) => !PLURAL_SUFFIX.test(key));
  const counted = [...new Set(reference.filter((key) => PLURAL_SUFFIX.test(key)).map((key) => key.replace(PLURAL_SUFFIX, '')))];
  return [...plain, ...counted.flatMap((key) => pluralForms.map((form) => `${key}_${form}`))];
}

// Before sign-in the console loads the texts of one language only, without the French fallback: a
// text missing from that language's file would show its raw key.
describe.each([
  ['ar', ar],
  ['fr', fr],
  ['en', en],
] as const)('the %s texts', (language, texts) => {
  it('have every text of the other languages, in each plural form the language uses', () => {
    const reference = [...new Set([ar, fr, en].flatMap((other) => flattenKeys(other as TTexts)))];
    const present = new Set(flattenKeys(texts as TTexts));
    expect(expectedKeys(reference, language).filter((key) => !present.has(key))).toEqual([]);
  });

  // A team's name often holds the word already ("Team funding", "Équipe francophone", "فريق التأسيس").
  it('never put the word “team” right before a team’s name', () => {
    expect(flattenTexts(texts as TTexts).filter((text) => TEAM_WORD.test(text))).toEqual([]);
  });
});
