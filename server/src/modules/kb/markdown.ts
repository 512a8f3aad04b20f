import { Marked, type Token, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

const markdown = new Marked({ gfm: true, async: false });

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'strong', 'em', 'del', 'ul',
    'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], img: ['src', 'alt', 'title'], th: ['align'], td: ['align'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }) },
};

/** Article Markdown as HTML safe to insert in a page: no script, event handler or javascript: link. */
export function renderMarkdown(source: string): string {
  return sanitizeHtml(markdown.parse(source) as string, SANITIZE_OPTIONS);
}

function collectText(tokens: Token[], parts: string[]): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
      case 'hr':
      case 'html':
      case 'image':
        break;
      case 'list':
        for (const item of (token as Tokens.List).items) {
          collectText(item.tokens, parts);
          parts.push('\n');
        }
        break;
      case 'table': {
        const table = token as Tokens.Table;
        for (const row of [table.header, ...table.rows]) {
          for (const cell of row) {
            collectText(cell.tokens, parts);
            parts.push(' ');
          }
          parts.push('\n');
        }
        break;
      }
      case 'br':
        parts.push('\n');
        break;
      default: {
        const withChildren = token as Token & { tokens?: Token[]; text?: string };
        if (withChildren.tokens) collectText(withChildren.tokens, parts);
        else if (typeof withChildren.text === 'string') parts.push(withChildren.text);
        if (token.type === 'heading' || token.type === 'paragraph' || token.type === 'code' || token.type === 'blockquote') parts.push('\n');
      }
    }
  }
}

/** The words of a Markdown text without its syntax, for indexing and snippets. */
export function markdownToPlainText(source: string): string {
  const parts: string[] = [];
  collectText(markdown.lexer(source), parts);
  return parts.join('').replace(/[ \t]+/g, ' ').replace(/\n{2,}/g, '\n').trim();
}
