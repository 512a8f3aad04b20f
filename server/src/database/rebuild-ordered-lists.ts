import type mongoose from 'mongoose';
import { getStorage, type OrderedListItem } from '../platform/storage/index.js';

/** Where the keys of some ordered lists come from: each stored record names its list and key (or none), and the key's summary if it has one. */
export interface OrderedListSource {
  collection: mongoose.Collection;
  projection: Record<string, 1>;
  toKeys(record: Record<string, unknown>): Array<{ list: string; key: string; value?: string; revision?: number }>;
}

/** Records grouped in memory per pass: a few million keys would not fit in one. */
const RECORDS_PER_PASS = 500_000;

function shareOf(list: string, passes: number): number {
  let hash = 0;
  for (let index = 0; index < list.length; index += 1) hash = (hash * 31 + list.charCodeAt(index)) >>> 0;
  return hash % passes;
}

/**
 * Rebuilds the ordered lists named `prefix…` from the records they are derived from (`npm run
 * index:rebuild`): drops them, reads every source, groups the keys per list and writes the lists in
 * bulk. Lists are split into passes by a hash of their name, each pass reading the sources again.
 * Meant for a node that is not writing (a change made during the rebuild may be missed: run it again).
 * `onProgress(done, total)` counts records read.
 */
export async function rebuildOrderedLists(
  sources: OrderedListSource[],
  prefix: string,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<void> {
  const counts = await Promise.all(sources.map((source) => source.collection.estimatedDocumentCount()));
  const records = counts.reduce((sum, count) => sum + count, 0);
  const passes = Math.max(1, Math.ceil(records / RECORDS_PER_PASS));
  const total = records * passes;
  let done = 0;
  await getStorage().lists.dropAll(prefix);
  for (let pass = 0; pass < passes; pass += 1) {
    const byList = new Map<string, Array<string | OrderedListItem>>();
    for (const source of sources) {
      for await (const record of source.collection.find({}, { projection: source.projection })) {
        done += 1;
        if (done % 1000 === 0) onProgress(done, total);
        for (const { list, key, value, revision } of source.toKeys(record)) {
          if (passes > 1 && shareOf(list, passes) !== pass) continue;
          const keys = byList.get(list) ?? byList.set(list, []).get(list)!;
          keys.push(value === undefined ? key : { key, value, ...(revision === undefined ? {} : { revision }) });
        }
      }
    }
    await getStorage().lists.createMany([...byList]);
  }
  onProgress(total, total);
}
