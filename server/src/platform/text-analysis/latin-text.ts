import { stemmer as stemEnglishWord } from '@orama/stemmers/english';
import { stemmer as stemFrenchWord } from '@orama/stemmers/french';

const ELISIONS = ['jusqu', 'lorsqu', 'puisqu', 'quoiqu', 'qu', 'l', 'd', 'j', 'n', 's', 'c', 't', 'm'];

/**
 * Lower case, accents folded (é è ê → e, ç → c, œ → oe) and French elision removed
 * (l'association → association). Applied before stemming on both sides, so a query typed
 * without accents meets the accented text.
 */
export function foldLatin(word: string): string {
  let folded = word
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u200B-\u200F\u2066-\u2069\uFEFF]/g, '');
  const apostrophe = folded.search(/['’]/);
  if (apostrophe > 0 && ELISIONS.includes(folded.slice(0, apostrophe))) folded = folded.slice(apostrophe + 1);
  return folded.replace(/['’]/g, '');
}

/** French Snowball stem of a folded word. */
export function stemFrench(folded: string): string {
  return stemFrenchWord(folded);
}

/** English Porter stem of a folded word. */
export function stemEnglish(folded: string): string {
  return stemEnglishWord(folded);
}

/** French and English function words (folded), plus Darija ones written in Latin letters. */
export const LATIN_STOPWORDS = new Set([
  // French
  'le', 'la', 'les', 'un', 'une', 'des', 'du', 'de', 'et', 'ou', 'a', 'au', 'aux', 'en', 'dans', 'sur', 'sous', 'par',
  'pour', 'avec', 'sans', 'que', 'qui', 'quoi', 'quel', 'quelle', 'quels', 'quelles', 'comment', 'est', 'sont', 'ce',
  'cet', 'cette', 'ces', 'se', 'sa', 'son', 'ses', 'nous', 'vous', 'je', 'tu', 'il', 'elle', 'ils', 'elles', 'on',
  'mon', 'ma', 'mes', 'ton', 'ta', 'tes', 'notre', 'nos', 'votre', 'vos', 'leur', 'leurs', 'ne', 'pas', 'plus', 'y',
  'si', 'mais', 'donc', 'car', 'ni', 'etre', 'avoir', 'fait', 'faire', 'peut', 'peux', 'dois', 'doit', 'quand',
  'ou', 'afin', 'entre', 'chez', 'tout', 'tous', 'toute', 'toutes', 'bonjour', 'merci', 'svp', 'stp',
  // English
  'the', 'an', 'of', 'to', 'in', 'for', 'and', 'or', 'how', 'do', 'does', 'i', 'my', 'is', 'are', 'what', 'we', 'our',
  'you', 'your', 'it', 'its', 'can', 'with', 'on', 'at', 'by', 'from', 'be', 'this', 'that', 'as',
  // Darija in Latin letters (Arabizi)
  'kifach', 'kifash', 'kif', 'chno', 'chnou', 'chnu', 'ach', 'wach', 'wash', 'fin', 'fine', '3lach', '3lash', 'mnin',
  'imta', 'bghit', 'bghina', 'nbghi', 'dyal', 'dial', 'diali', 'dyali', 'dialna', 'dyalna', 'had', 'hadi', 'hada',
  'hadchi', 'chi', 'shi', 'lli', 'li', 'wla', 'ola', 'w', 'o', 'f', 'fi', 'b', 'l', 'm3a', 'ma3a', '3nd', '3end',
  '3andi', '3ndi', '3ndna', 'lia', 'liya', 'lina', 'rah', 'raha', 'rani', 'kayn', 'kayna', 'kaynin', 'bach', 'bash',
  'fach', 'mashi', 'machi', 'ana', 'nta', 'nti', 'ntoma', 'howa', 'hiya', 'homa', 'daba', 'wa', 'ya', 'salam', 'slm',
  '3afak', 'afak', '3fak', 'chokran', 'el', 'al', 'ila', 'bzaf', 'ghir', 'mn', 'men', 'min', 'ndir', 'ndiro', 'dir',
  'kan', 'kant', 'kona',
]);
