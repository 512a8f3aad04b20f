import { randomInt } from 'node:crypto';
import { AppError } from '../../errors.js';
import { isDuplicateKeyError } from '../../database/retry-on-duplicate-key.js';
import { getArticleById } from '../kb/articles.service.js';
import { ShortLinkModel, ShortLinkOfTargetModel, type ShortLinkDocument, type ShortLinkOfTargetDocument } from './short-link.model.js';

// No 0/O, 1/I/l/o: a code may be read from a phone screen. 56 symbols × 10 ≈ 58 bits, far beyond
// what the route's per-address limit lets anyone try.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
const CODE_LENGTH = 10;
const CODE_PATTERN = /^[A-Za-z0-9]{10}$/;

const unknownLink = () => new AppError('not_found', 'this short link does not exist');

const generateCode = () => Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

/** The short code of a path of this server: always the same code for the same path. */
export async function shortenPath(target: string): Promise<string> {
  const known = await ShortLinkOfTargetModel.findById(target).lean<ShortLinkOfTargetDocument>();
  if (known) return known.code;
  const code = generateCode();
  await ShortLinkModel.create({ _id: code, target });
  try {
    await ShortLinkOfTargetModel.create({ _id: target, code });
    return code;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    // Shortened at the same moment by another reply: its code is the path's.
    await ShortLinkModel.deleteOne({ _id: code });
    const winner = await ShortLinkOfTargetModel.findById(target).lean<ShortLinkOfTargetDocument>();
    return winner!.code;
  }
}

/** The path a short code leads to; 404 for a code never given out. */
export async function resolveShortLink(code: string): Promise<string> {
  if (!CODE_PATTERN.test(code)) throw unknownLink();
  const link = await ShortLinkModel.findById(code).lean<ShortLinkDocument>();
  if (!link) throw unknownLink();
  return link.target;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function isPublicArticle(id: string): Promise<boolean> {
  try {
    await getArticleById(id, 'public');
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return false;
    throw error;
  }
}

/**
 * Replaces the portal's public article addresses (`<PUBLIC_URL>/portal/articles/<id>`, what the
 * console's "insert link" writes) by short links `<PUBLIC_URL>/s/<code>`, so a reply by SMS stays
 * short. Links to articles the public cannot read, or with more after the id, are left as written.
 */
export async function shortenArticleLinks(text: string, publicUrl: string): Promise<string> {
  const base = publicUrl.replace(/\/+$/, '');
  const articleLink = new RegExp(`${escapeRegExp(base)}(/portal/articles/([0-9a-f]{24}))(?![\\w/?#%-])`, 'g');
  const paths = new Map<string, string>();
  for (const [, path, id] of text.matchAll(articleLink)) paths.set(path!, id!);
  const shortened = new Map<string, string>();
  for (const [path, id] of paths) {
    if (await isPublicArticle(id)) shortened.set(path, `${base}/s/${await shortenPath(path)}`);
  }
  return text.replace(articleLink, (link, path: string) => shortened.get(path) ?? link);
}
