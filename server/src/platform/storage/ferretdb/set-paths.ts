import mongoose from 'mongoose';

type Document = Record<string, unknown>;

const segmentsOf = (path: string) => path.split('.');

function valueAt(document: object, path: string): unknown {
  let node: unknown = document;
  for (const segment of segmentsOf(path)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Document)[segment];
  }
  return node;
}

/**
 * The document as a `$set` of `set` (dotted paths allowed) leaves it in the database: the values go
 * through BSON as they would on their way there and back (the driver sends an `undefined` as `null`).
 */
export function applySet<T extends object>(document: T, set: Document): T {
  const stored = mongoose.mongo.BSON.deserialize(mongoose.mongo.BSON.serialize(set, { ignoreUndefined: false }));
  const result = { ...document } as Document;
  for (const [path, value] of Object.entries(stored)) {
    const segments = segmentsOf(path);
    let node = result;
    // Objects along the path are copied, so `document` itself is left as it was.
    for (const segment of segments.slice(0, -1)) {
      const next = node[segment];
      node = node[segment] = (Array.isArray(next) ? [...next] : next !== null && typeof next === 'object' ? { ...next } : {}) as Document;
    }
    node[segments.at(-1)!] = value;
  }
  return result as T;
}

/** The update that gives back to `set`'s paths the values they held in `document`. */
export function restoreSetPaths(document: object, set: Document): Document {
  const restored: Document = {};
  const removed: Document = {};
  for (const path of Object.keys(set)) {
    const value = valueAt(document, path);
    if (value === undefined) removed[path] = '';
    else restored[path] = value;
  }
  // An empty operator is refused by the database.
  return { ...(Object.keys(restored).length > 0 ? { $set: restored } : {}), ...(Object.keys(removed).length > 0 ? { $unset: removed } : {}) };
}
