import mongoose from 'mongoose';
import { AppError } from '../errors.js';

export interface SortKey {
  field: string;
  direction: 1 | -1;
}

export type CursorValue = Date | number | string | mongoose.Types.ObjectId | null;
type EncodedValue = { d: string } | { o: string } | { n: number } | { s: string } | { z: null };

function encodeValue(value: CursorValue): EncodedValue {
  if (value instanceof Date) return { d: value.toISOString() };
  if (value instanceof mongoose.Types.ObjectId) return { o: value.toHexString() };
  if (typeof value === 'number') return { n: value };
  if (typeof value === 'string') return { s: value };
  return { z: null };
}

function decodeValue(encoded: EncodedValue): CursorValue {
  if ('d' in encoded && typeof encoded.d === 'string' && !Number.isNaN(Date.parse(encoded.d))) return new Date(encoded.d);
  if ('o' in encoded && typeof encoded.o === 'string' && mongoose.Types.ObjectId.isValid(encoded.o)) return new mongoose.Types.ObjectId(encoded.o);
  if ('n' in encoded && typeof encoded.n === 'number') return encoded.n;
  if ('s' in encoded && typeof encoded.s === 'string') return encoded.s;
  if ('z' in encoded && encoded.z === null) return null;
  throw new Error('bad cursor value');
}

function readPath(document: Record<string, unknown>, path: string): CursorValue {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], document) as CursorValue;
}

/** An opaque cursor pointing just after `document` in the given sort order. */
export function encodeCursor(document: Record<string, unknown>, sort: SortKey[]): string {
  return Buffer.from(JSON.stringify(sort.map((key) => encodeValue(readPath(document, key.field) ?? null)))).toString('base64url');
}

/** The sort values a cursor points after; a cursor that was not ours answers 400. */
export function decodeCursor(cursor: string, sort: SortKey[]): CursorValue[] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== sort.length) throw new Error('bad cursor length');
    return parsed.map((item) => decodeValue(item as EncodedValue));
  } catch {
    throw new AppError('validation_failed', 'the request is not valid', [
      { path: 'cursor', code: 'invalid_cursor', message: 'is not a cursor this list returned' },
    ]);
  }
}

/** The filter selecting what comes after the cursor. */
export function filterAfterCursor(cursor: string, sort: SortKey[]): Record<string, unknown> {
  const values = decodeCursor(cursor, sort);
  // (a > x) or (a = x and b > y) or …: the lexicographic "after" over every sort key.
  const branches = sort.map((key, index) => {
    const branch: Record<string, unknown> = {};
    for (let previous = 0; previous < index; previous += 1) branch[sort[previous]!.field] = values[previous];
    branch[key.field] = { [key.direction === 1 ? '$gt' : '$lt']: values[index] };
    return branch;
  });
  return { $or: branches };
}

/** Mongo sort document for the keys. */
export function toSortDocument(sort: SortKey[]): Record<string, 1 | -1> {
  return Object.fromEntries(sort.map((key) => [key.field, key.direction]));
}

/** Reads one page: `limit` items and the cursor of the next page, if there is one. */
export async function readPage<T extends Record<string, unknown>>(
  query: (filter: Record<string, unknown>, limit: number) => Promise<T[]>,
  options: { filter: Record<string, unknown>; sort: SortKey[]; limit: number; cursor?: string },
): Promise<{ items: T[]; nextCursor: string | null }> {
  const filter = options.cursor
    ? { $and: [options.filter, filterAfterCursor(options.cursor, options.sort)] }
    : options.filter;
  const rows = await query(filter, options.limit + 1);
  const items = rows.slice(0, options.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > options.limit && last ? encodeCursor(last, options.sort) : null };
}
