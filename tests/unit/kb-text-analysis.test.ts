import { describe, expect, it } from 'vitest';
import { renderMarkdown, markdownToPlainText } from '../../server/src/modules/kb/markdown.js';
import { normalizeArabic, stemArabic } from '../../server/src/platform/text-analysis/arabic-text.js';
import { analyzeArticle, analyzeQuery, documentTerms } from '../../server/src/platform/text-analysis/analyze.js';
import { transliterateArabizi } from '../../server/src/platform/text-analysis/arabizi.js';
import { foldLatin, stemFrench } from '../../server/src/platform/text-analysis/latin-text.js';
import { buildSnippet } from '../../server/src/platform/text-analysis/snippet.js';
import { tokenize } from '../../server/src/platform/text-analysis/tokenize.js';

const arabicTerms = (word: string) => stemArabic(normalizeArabic(word));

describe('Arabic normalisation', () => {
  it('removes tashkeel and tatweel and folds alef, ya, ta marbuta and hamza seats', () => {
    expect(normalizeArabic('جَمْعِيَّةٌ')).toBe('جمعيه');
    expect(normalizeArabic('الجمـــعية')).toBe('الجمعيه');
    expect(normalizeArabic('أإآٱ')).toBe('اااا');
    expect(normalizeArabic('مدنى')).toBe('مدني');
    expect(normalizeArabic('مسؤول هيئة')).toBe('مسوول هييه');
  });

  it('turns Arabic-Indic and Eastern digits into ASCII', () => {
    expect(normalizeArabic('٠٦.١٨ ۲۰۰۳')).toBe('06.18 2003');
  });

  it('lets جمعية, الجمعيات, بالجمعية, للجمعية, وجمعيتكم meet on one term', () => {
    const forms = ['جمعية', 'الجمعيات', 'بالجمعية', 'للجمعية', 'وجمعيتكم', 'جمعيتنا'];
    for (const form of forms) expect(arabicTerms(form)).toContain('جمعي');
  });

  it('keeps the association apart from the general assembly (الجمع العام)', () => {
    expect(arabicTerms('الجمعية')).not.toContain('جمع');
    expect(arabicTerms('الجمع')).toEqual(['جمع']);
  });

  it('keeps both readings of a leading و: وصل (receipt) and وثيقة with the conjunction', () => {
    expect(arabicTerms('وصل')).toEqual(['وصل']);
    expect(arabicTerms('والوصل')).toEqual(['وصل']);
    expect(arabicTerms('وثيقة')).toEqual(expect.arrayContaining(['وثيق']));
  });
});

describe('French and Latin letters', () => {
  it('folds case and accents and removes elision before stemming', () => {
    expect(foldLatin("L'Association")).toBe('association');
    expect(foldLatin('Récépissé')).toBe('recepisse');
    expect(foldLatin("qu'un")).toBe('un');
    expect(stemFrench(foldLatin('Associations'))).toBe(stemFrench(foldLatin("l'association")));
  });

  it('turns Arabizi into Arabic letters, with and without the article', () => {
    expect(transliterateArabizi('tasjil')).toContain('تسجيل');
    expect(transliterateArabizi('da3m')).toContain('دعم');
    expect(transliterateArabizi('lwasl')).toEqual(expect.arrayContaining(['الوسل']));
  });

  it('gives an Arabizi word the Arabic terms of the word it spells', () => {
    const [word] = analyzeQuery('jam3iya');
    expect(word!.arabizi!.terms).toContain('جمعي');
    expect(word!.arabizi!.certain).toBe(true);
  });
});

describe('tokenizer', () => {
  it('cuts words where Arabic meets Latin letters but keeps Arabizi digits with their letters', () => {
    expect(tokenize('الplateforme jam3iya').map((token) => [token.text, token.script])).toEqual([
      ['ال', 'arabic'],
      ['plateforme', 'latin'],
      ['jam3iya', 'latin'],
    ]);
  });

  it('keeps numbers with separators whole and indexes their parts', () => {
    const [token] = tokenize('7/2003');
    expect(token).toMatchObject({ text: '7/2003', script: 'number' });
    expect(documentTerms(token!, 'fr')).toEqual(['7-2003', '7', '2003']);
  });

  it('finds no word in punctuation, emoji or regular-expression metacharacters', () => {
    expect(analyzeQuery('?!... 🙂🎉 .*+?^${}()|[]\\')).toEqual([]);
  });
});

describe('article analysis and snippets', () => {
  it('counts each term per field, title first', () => {
    const analyzed = analyzeArticle({ lang: 'fr', title: 'Subvention', summary: 'La subvention', tags: [], bodyText: 'Une subvention publique' });
    const index = analyzed.terms.indexOf(stemFrench('subvention'));
    expect(analyzed.counts.slice(index * 3, index * 3 + 3)).toEqual([1, 1, 1]);
    expect(analyzed.lengths).toEqual([1, 1, 2]);
  });

  it('marks the matched words and escapes everything else', () => {
    const snippet = buildSnippet('<script>alert(1)</script> Les associations & la subvention', 'fr', new Set([stemFrench('association')]));
    expect(snippet).toBe('&#60;script&#62;alert(1)&#60;/script&#62; Les <mark>associations</mark> &#38; la subvention');
  });

  it('cuts a long text around the passage with the most matches', () => {
    const text = `${'intro '.repeat(100)}la pétition citoyenne ${'suite '.repeat(100)}`;
    const snippet = buildSnippet(text, 'fr', new Set([stemFrench('petition')]));
    expect(snippet.startsWith('… ')).toBe(true);
    expect(snippet.endsWith(' …')).toBe(true);
    expect(snippet).toContain('<mark>pétition</mark>');
    expect(snippet.length).toBeLessThan(300);
  });
});

describe('Markdown', () => {
  it('renders without scripts, event handlers or javascript: links', () => {
    const html = renderMarkdown(
      '# Titre\n\n[clic](javascript:alert(1)) <img src="x.png" onerror="alert(1)"> <a href="https://example.org" onclick="x()">ok</a>\n\n<script>alert(1)</script>',
    );
    expect(html).toContain('<h1>Titre</h1>');
    expect(html).not.toMatch(/script|onerror|onclick|javascript:/i);
    expect(html).toContain('<a href="https://example.org" rel="noopener noreferrer nofollow">ok</a>');
  });

  it('gives the words of a Markdown text without its syntax', () => {
    expect(markdownToPlainText('## Étapes\n1. **Déposer** le [dossier](https://x.org)\n2. `Attendre`')).toBe('Étapes\nDéposer le dossier\nAttendre');
  });
});
