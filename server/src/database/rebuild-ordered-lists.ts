import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import type mongoose from 'mongoose';
import { getStorage, type OrderedListItem } from '../platform/storage/index.js';

/** Records a rebuild reads in bulk, each once, as their owner hands them out (no other module reads its collection). */
export interface RecordSet {
  /** About how many there are, for progress. */
  estimatedCount(): Promise<number>;
  /** Every record `filter` matches, with only the fields `projection` names (all of them when it names none), read in large batches. */
  each(projection: Record<string, 1>, filter?: Record<string, unknown>): AsyncIterable<Record<string, unknown>>;
}

/** The records of one collection as a record set (for its owner to hand out). */
export function recordSetOf(collection: () => mongoose.Collection): RecordSet {
  return {
    estimatedCount: () => collection().estimatedDocumentCount(),
    each: (projection, filter = {}) => collection().find(filter, { projection, batchSize: 1_000 }),
  };
}

/** Where the keys of some ordered lists come from: each stored record names its list and key (or none), and the key's summary if it has one. */
export interface OrderedListSource {
  records: RecordSet;
  projection: Record<string, 1>;
  toKeys(record: Record<string, unknown>): Array<{ list: string; key: string; value?: string; revision?: number }>;
}

/** Records whose keys are grouped in memory at once: a few million keys would not fit. */
const RECORDS_PER_PARTITION = 500_000;

type SpilledKey = [list: string, key: string, value?: string, revision?: number];

function partitionOf(list: string, partitions: number): number {
  let hash = 0;
  for (let index = 0; index < list.length; index += 1) hash = (hash * 31 + list.charCodeAt(index)) >>> 0;
  return hash % partitions;
}

async function write(stream: WriteStream, line: string): Promise<void> {
  if (!stream.write(line)) await once(stream, 'drain');
}

/**
 * Rebuilds the ordered lists named `prefix…` from the records they are derived from (`npm run
 * index:rebuild`): drops them, reads every source once, and writes each list once, in bulk. The
 * keys go first to partition files in the system's temporary folder, by a hash of their list's
 * name, so that one partition's lists are grouped in memory at a time; the sources are read once
 * whatever their size (reading them again for each share of the lists made a rebuild's reads grow
 * with the square of the records: 18 million reads for 3 million timeline entries).
 * Meant for a node that is not writing (a change made during the rebuild may be missed: run it again).
 * `onProgress(done, total)` counts records read, then records' keys written.
 */
export async function rebuildOrderedLists(
  sources: OrderedListSource[],
  prefix: string,
  onProgress: (done: number, total: number) => void = () => undefined,
  { recordsPerPartition = RECORDS_PER_PARTITION }: { recordsPerPartition?: number } = {},
): Promise<void> {
  const counts = await Promise.all(sources.map((source) => source.records.estimatedCount()));
  const records = counts.reduce((sum, count) => sum + count, 0);
  const partitions = Math.max(1, Math.ceil(records / recordsPerPartition));
  const total = 2 * records;
  let done = 0;
  const folder = await mkdtemp(join(tmpdir(), 'mowakaba-rebuild-'));
  const files = Array.from({ length: partitions }, (_, partition) => join(folder, `${partition}.jsonl`));
  const streams = files.map((file) => createWriteStream(file, { mode: 0o600 }));
  try {
    for (const source of sources) {
      for await (const record of source.records.each(source.projection)) {
        done += 1;
        if (done % 1000 === 0) onProgress(done, total);
        for (const { list, key, value, revision } of source.toKeys(record)) {
          const spilled: SpilledKey = revision === undefined ? (value === undefined ? [list, key] : [list, key, value]) : [list, key, value, revision];
          await write(streams[partitionOf(list, partitions)]!, `${JSON.stringify(spilled)}\n`);
        }
      }
    }
    await Promise.all(streams.map((stream) => (stream.end(), finished(stream))));

    await getStorage().lists.dropAll(prefix);
    for (const [partition, file] of files.entries()) {
      const byList = new Map<string, Array<string | OrderedListItem>>();
      for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
        const [list, key, value, revision] = JSON.parse(line) as SpilledKey;
        const keys = byList.get(list) ?? byList.set(list, []).get(list)!;
        keys.push(value == null ? key : { key, value, ...(revision == null ? {} : { revision }) });
      }
      await getStorage().lists.createMany([...byList]);
      await rm(file);
      onProgress(records + Math.round((records * (partition + 1)) / partitions), total);
    }
  } finally {
    // A rebuild that failed part way leaves no file open nor written.
    for (const stream of streams) stream.destroy();
    await rm(folder, { recursive: true, force: true });
  }
  onProgress(total, total);
}
