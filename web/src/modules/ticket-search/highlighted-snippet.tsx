import type { TTicketSearchSnippet } from '@mowakaba/shared/schemas/ticket-search';

/** A snippet as plain text with the matched words in <mark>: the server sends offsets, never markup. */
export function HighlightedSnippet({ snippet }: { snippet: TTicketSearchSnippet }) {
  const parts: Array<{ text: string; marked: boolean }> = [];
  let cursor = 0;
  for (const { start, end } of snippet.highlights) {
    if (start < cursor || end > snippet.text.length) continue;
    if (start > cursor) parts.push({ text: snippet.text.slice(cursor, start), marked: false });
    parts.push({ text: snippet.text.slice(start, end), marked: true });
    cursor = end;
  }
  if (cursor < snippet.text.length) parts.push({ text: snippet.text.slice(cursor), marked: false });
  return (
    <p className="ticket-search-snippet" dir="auto">
      {snippet.cutBefore && '… '}
      {parts.map((part, index) => (part.marked ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}
      {snippet.cutAfter && ' …'}
    </p>
  );
}
