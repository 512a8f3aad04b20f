import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import { useDeferredValue, useMemo } from 'react';
import { isolateNumbersInHtml } from '../ui/isolate-numbers';

const markdown = new Marked({ gfm: true, async: false });

/** Article Markdown rendered as the reader will see it, sanitised with DOMPurify (the server sanitises again on save). */
export function MarkdownPreview({ source, lang, label }: { source: string; lang: string; label: string }) {
  // Typing stays fluid on long articles: the preview follows a moment behind.
  const deferred = useDeferredValue(source);
  const html = useMemo(() => isolateNumbersInHtml(DOMPurify.sanitize(markdown.parse(deferred) as string, { USE_PROFILES: { html: true } })), [deferred]);
  return (
    <div
      className="article markdown-preview"
      role="region"
      aria-label={label}
      lang={lang}
      dir={lang === 'ar' ? 'rtl' : 'ltr'}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
