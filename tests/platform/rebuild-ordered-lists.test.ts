import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { rebuildOrderedLists, recordSetOf, type OrderedListSource } from '../../server/src/database/rebuild-ordered-lists.js';
import { getStorage, type OrderedListEntry } from '../../server/src/platform/storage/index.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

interface SourceRecord {
  _id: string;
  owner: string;
  at: string;
  summary?: string;
  revision?: number;
}

async function readWhole(list: string): Promise<OrderedListEntry[]> {
  const entries: OrderedListEntry[] = [];
  for (;;) {
    const page = await getStorage().lists.readEntries(list, { limit: 50, after: entries.at(-1)?.key, direction: 'ascending' });
    entries.push(...page);
    if (page.length < 50) return entries;
  }
}

describe('rebuilding ordered lists from their records', () => {
  it('gives the same lists whether their keys are grouped at once or in many partitions, and replaces only its own prefix', async () => {
    const records = mongoose.connection.collection<SourceRecord>('rebuild_sources');
    const owners = Array.from({ length: 23 }, (_, index) => `owner-${index}`);
    // Several records may give one key: the later revision's summary wins, as on a live write.
    await records.insertMany(
      Array.from({ length: 400 }, (_, index) => ({
        _id: `record-${index}`,
        owner: owners[(index * 7) % owners.length]!,
        at: `2026-03-${String(1 + (index % 28)).padStart(2, '0')}T10:00:00.000Z|${index % 150}`,
        ...(index % 3 === 0 ? {} : { summary: `ملخص ${index} résumé`, revision: index }),
      })),
    );
    const sourceFor = (prefix: string): OrderedListSource => ({
      records: recordSetOf(() => records as unknown as mongoose.Collection),
      projection: { _id: 1, owner: 1, at: 1, summary: 1, revision: 1 },
      toKeys: (record) => [
        { list: `${prefix}${String(record.owner)}`, key: String(record.at), ...(record.summary === undefined ? {} : { value: String(record.summary), revision: Number(record.revision) }) },
      ],
    });
    await getStorage().lists.add('partitioned:stale-owner', ['2025-01-01T00:00:00.000Z|0']);
    await getStorage().lists.add('elsewhere:kept', ['2025-01-01T00:00:00.000Z|0']);
    const progress: Array<[number, number]> = [];

    await rebuildOrderedLists([sourceFor('whole:')], 'whole:');
    await rebuildOrderedLists([sourceFor('partitioned:')], 'partitioned:', (done, total) => progress.push([done, total]), { recordsPerPartition: 37 });

    for (const owner of owners) {
      const whole = await readWhole(`whole:${owner}`);
      expect(whole.length).toBeGreaterThan(0);
      expect(await readWhole(`partitioned:${owner}`)).toEqual(whole);
    }
    expect(await readWhole('partitioned:stale-owner')).toEqual([]);
    expect(await readWhole('elsewhere:kept')).toHaveLength(1);
    expect(progress.at(-1)).toEqual([800, 800]);
    expect(progress.map(([done]) => done)).toEqual([...progress.map(([done]) => done)].sort((a, b) => a - b));
  });
});
