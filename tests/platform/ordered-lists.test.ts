import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { createFerretDbOrderedLists, PAGE_CHARACTERS, PAGE_SIZE } from '../../server/src/platform/storage/ferretdb/ferretdb-ordered-lists.js';
import { createMongoDbOrderedLists } from '../../server/src/platform/storage/mongodb/mongodb-ordered-lists.js';
import type { OrderedListEntry, OrderedLists } from '../../server/src/platform/storage/index.js';
import { ORDERED_LISTS_COLLECTION } from '../../server/src/platform/storage/storage.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

const adapters: Array<[string, () => OrderedLists]> = [
  ['embedded (page documents)', () => createFerretDbOrderedLists(mongoose.connection)],
  ...(process.env.MONGODB_URI ? [['mongodb', () => createMongoDbOrderedLists(mongoose.connection)] as [string, () => OrderedLists]] : []),
];

/** A small seeded generator, so a failing run can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const keyAt = (n: number) => `2026-01-01T00:00:${String(n).padStart(6, '0')}|k`;

async function readAll(lists: OrderedLists, list: string, direction: 'ascending' | 'descending', limit: number): Promise<string[]> {
  const all: string[] = [];
  for (;;) {
    const page = await lists.read(list, { limit, direction, after: all.at(-1) });
    all.push(...page);
    if (page.length < limit) return all;
  }
}

async function readAllEntries(lists: OrderedLists, list: string, direction: 'ascending' | 'descending', limit: number): Promise<OrderedListEntry[]> {
  const all: OrderedListEntry[] = [];
  for (;;) {
    const page = await lists.readEntries(list, { limit, direction, after: all.at(-1)?.key });
    all.push(...page);
    if (page.length < limit) return all;
  }
}

describe.each(adapters)('ordered lists: %s', (_name, createLists) => {
  const listName = () => `test:${new mongoose.Types.ObjectId().toHexString()}`;

  it('reads pages in either direction from a key, past page boundaries', async () => {
    const lists = createLists();
    const list = listName();
    const keys = Array.from({ length: 300 }, (_, n) => keyAt(n));
    await lists.add(list, keys);
    expect(await lists.read(list, { limit: 3, direction: 'descending' })).toEqual([keyAt(299), keyAt(298), keyAt(297)]);
    expect(await lists.read(list, { limit: 3, direction: 'ascending', after: keyAt(126) })).toEqual([keyAt(127), keyAt(128), keyAt(129)]);
    expect(await lists.read(list, { limit: 2, direction: 'descending', after: keyAt(129) })).toEqual([keyAt(128), keyAt(127)]);
    expect(await readAll(lists, list, 'descending', 40)).toEqual([...keys].reverse());
    expect(await lists.read(listName(), { limit: 10, direction: 'ascending' })).toEqual([]);
  });

  it('a key added twice is there once; removing keys leaves the rest in order', async () => {
    const lists = createLists();
    const list = listName();
    await lists.add(list, [keyAt(3), keyAt(1)]);
    await lists.add(list, [keyAt(1), keyAt(2), keyAt(2)]);
    await lists.remove(list, [keyAt(2), keyAt(9)]);
    expect(await readAll(lists, list, 'ascending', 10)).toEqual([keyAt(1), keyAt(3)]);
    await lists.replace(list, []);
    expect(await readAll(lists, list, 'ascending', 10)).toEqual([]);
  });

  it('a rebuild drops every list under its prefix and writes the new ones whole, others untouched', async () => {
    const lists = createLists();
    const prefix = `${listName()}:`;
    const keep = listName();
    await lists.add(`${prefix}a`, [keyAt(1), keyAt(2)]);
    await lists.add(`${prefix}gone`, [keyAt(3)]);
    await lists.add(keep, [keyAt(4)]);
    await lists.dropAll(prefix);
    const many = Array.from({ length: PAGE_SIZE * 2 + 5 }, (_, n) => keyAt(n));
    await lists.createMany([[`${prefix}a`, [keyAt(9), keyAt(8)]], [`${prefix}b`, many]]);
    expect(await readAll(lists, `${prefix}a`, 'ascending', 10)).toEqual([keyAt(8), keyAt(9)]);
    expect(await readAll(lists, `${prefix}b`, 'descending', 50)).toEqual([...many].reverse());
    expect(await readAll(lists, `${prefix}gone`, 'ascending', 10)).toEqual([]);
    expect(await readAll(lists, keep, 'ascending', 10)).toEqual([keyAt(4)]);
    // A list written in bulk takes later changes like any other.
    await lists.add(`${prefix}b`, [keyAt(100_000)]);
    expect((await lists.read(`${prefix}b`, { limit: 1, direction: 'descending' }))).toEqual([keyAt(100_000)]);
  });

  it('keys that are not printable ASCII without spaces are refused', async () => {
    const lists = createLists();
    await expect(lists.add(listName(), ['two words'])).rejects.toThrow('not an ordered-list key');
    await expect(lists.add(listName(), ['مرحبا'])).rejects.toThrow('not an ordered-list key');
  });

  it('after random, concurrent and repeated adds and removes, the list equals a rebuild from the same keys', async () => {
    for (const seed of [1, 7, 42]) {
      const next = random(seed);
      const lists = createLists();
      const list = listName();
      const expected = new Set<string>();
      for (let round = 0; round < 12; round += 1) {
        // Several writers at once, in batches, some repeating keys already there, some removing.
        const batches = Array.from({ length: 4 }, () => Array.from({ length: 1 + Math.floor(next() * 40) }, () => keyAt(Math.floor(next() * (PAGE_SIZE * 4)))));
        const removals = Array.from({ length: Math.floor(next() * 15) }, () => keyAt(Math.floor(next() * (PAGE_SIZE * 4))));
        await Promise.all([...batches.map((batch) => lists.add(list, batch)), ...batches.slice(0, 2).map((batch) => lists.add(list, batch))]);
        await lists.remove(list, removals);
        for (const key of batches.flat()) expected.add(key);
        for (const key of removals) expected.delete(key);
      }
      const rebuilt = listName();
      await lists.replace(rebuilt, [...expected]);
      const maintained = await readAll(lists, list, 'ascending', 37);
      expect(maintained).toEqual([...expected].sort());
      expect(maintained).toEqual(await readAll(lists, rebuilt, 'ascending', 37));
      expect(await readAll(lists, list, 'descending', 23)).toEqual([...maintained].reverse());
    }
  });

  it('a reader paging through while writers append never misses or repeats a key it had not passed', async () => {
    const lists = createLists();
    const list = listName();
    await lists.add(list, Array.from({ length: 200 }, (_, n) => keyAt(n * 2)));
    const reading = readAll(lists, list, 'ascending', 7);
    await Promise.all(Array.from({ length: 10 }, (_, batch) => lists.add(list, Array.from({ length: 20 }, (_, n) => keyAt((batch * 20 + n) * 2 + 1)))));
    const seen = await reading;
    const original = Array.from({ length: 200 }, (_, n) => keyAt(n * 2));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort());
    for (const key of original) expect(seen).toContain(key);
  });
  it('a key carries the summary its writer gave; a newer summary replaces it, an older revision does not, a bare key drops it', async () => {
    const lists = createLists();
    const list = listName();
    await lists.add(list, [{ key: keyAt(1), value: 'open', revision: 2 }, keyAt(2), { key: keyAt(3), value: 'نص بالعربية\nسطر ثان' }]);
    expect(await lists.readEntries(list, { limit: 10, direction: 'ascending' })).toEqual([
      { key: keyAt(1), value: 'open' },
      { key: keyAt(2), value: null },
      { key: keyAt(3), value: 'نص بالعربية\nسطر ثان' },
    ]);
    // A late write of revision 1 (two saves finishing out of order) leaves revision 2's summary.
    await Promise.all([lists.add(list, [{ key: keyAt(1), value: 'new', revision: 1 }]), lists.add(list, [{ key: keyAt(1), value: 'solved', revision: 3 }])]);
    await lists.add(list, [{ key: keyAt(1), value: 'new', revision: 1 }]);
    await lists.add(list, [keyAt(3), { key: keyAt(2), value: 'now summarised' }]);
    expect(await lists.readEntries(list, { limit: 10, direction: 'descending' })).toEqual([
      { key: keyAt(3), value: null },
      { key: keyAt(2), value: 'now summarised' },
      { key: keyAt(1), value: 'solved' },
    ]);
    expect(await lists.read(list, { limit: 10, direction: 'ascending' })).toEqual([keyAt(1), keyAt(2), keyAt(3)]);
    await lists.remove(list, [keyAt(2)]);
    expect(await lists.readEntries(list, { limit: 10, direction: 'ascending' })).toEqual([{ key: keyAt(1), value: 'solved' }, { key: keyAt(3), value: null }]);
  });

  it('long summaries spread over more pages and read back whole; replace and a bulk rebuild keep them', async () => {
    const lists = createLists();
    const list = listName();
    const long = (n: number) => `${n}:${'ب'.repeat(20_000)}`;
    const items = Array.from({ length: 40 }, (_, n) => ({ key: keyAt(n), value: long(n) }));
    for (const piece of [items.slice(0, 15), items.slice(15)]) await lists.add(list, piece);
    const expected = items.map((item) => ({ key: item.key, value: item.value }));
    expect(await readAllEntries(lists, list, 'ascending', 7)).toEqual(expected);
    expect(await readAllEntries(lists, list, 'descending', 9)).toEqual([...expected].reverse());
    const copy = listName();
    await lists.replace(copy, items);
    const prefix = `${listName()}:`;
    await lists.createMany([[`${prefix}bulk`, items]]);
    expect(await readAllEntries(lists, copy, 'ascending', 50)).toEqual(expected);
    expect(await readAllEntries(lists, `${prefix}bulk`, 'ascending', 50)).toEqual(expected);
  }, 60_000);

  it('after random concurrent adds with summaries and removals, the list equals a rebuild from the same items', async () => {
    for (const seed of [3, 19]) {
      const next = random(seed);
      const lists = createLists();
      const list = listName();
      const expected = new Map<string, { value: string; revision: number } | null>();
      for (let round = 0; round < 8; round += 1) {
        const batches = Array.from({ length: 3 }, () =>
          Array.from({ length: 1 + Math.floor(next() * 30) }, () => {
            const key = keyAt(Math.floor(next() * (PAGE_SIZE * 3)));
            return next() < 0.3 ? key : { key, value: `v${round}-${key.slice(-8)}`, revision: round };
          }),
        );
        // Each batch once, and the first again (a redelivery), all at once; then some removals.
        await Promise.all([...batches, batches[0]!].map((batch) => lists.add(list, batch)));
        const removals = Array.from({ length: Math.floor(next() * 10) }, () => keyAt(Math.floor(next() * (PAGE_SIZE * 3))));
        await lists.remove(list, removals);
        // Within a round, batches of the same revision may land in any order: only keys given once a round are compared by value.
        const given = new Map<string, Array<string | { key: string; value: string; revision: number }>>();
        for (const item of batches.flat()) given.set(typeof item === 'string' ? item : item.key, [...(given.get(typeof item === 'string' ? item : item.key) ?? []), item]);
        for (const [key, versions] of given) {
          const distinct = new Set(versions.map((item) => (typeof item === 'string' ? '' : item.value)));
          if (distinct.size > 1) {
            await lists.add(list, [versions.at(-1)!]);
          }
          const last = versions.at(-1)!;
          expected.set(key, typeof last === 'string' ? null : { value: last.value, revision: last.revision });
        }
        for (const key of removals) expected.delete(key);
      }
      const wanted = [...expected].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, item]) => ({ key, value: item?.value ?? null }));
      const maintained = await readAllEntries(lists, list, 'ascending', 37);
      expect(maintained).toEqual(wanted);
      const rebuilt = listName();
      await lists.replace(rebuilt, [...expected].map(([key, item]) => (item ? { key, ...item } : key)));
      expect(await readAllEntries(lists, rebuilt, 'ascending', 37)).toEqual(maintained);
      expect(await readAllEntries(lists, list, 'descending', 23)).toEqual([...maintained].reverse());
    }
  }, 60_000);
});

describe('ordered lists on the embedded database, written before summaries existed', () => {
  it('pages without summaries read as keys without one, and take summaries from then on', async () => {
    const lists = createFerretDbOrderedLists(mongoose.connection);
    const list = `test:${new mongoose.Types.ObjectId().toHexString()}`;
    const collection = mongoose.connection.collection(ORDERED_LISTS_COLLECTION);
    // The documents as the previous version wrote them: keys only.
    await collection.insertMany([
      { _id: list, pages: `0 \n1 ${keyAt(2)}`, nextPage: 2, version: 1 },
      { _id: `${list}#0`, keys: [keyAt(0), keyAt(1)].join('\n') },
      { _id: `${list}#1`, keys: [keyAt(2), keyAt(3)].join('\n') },
    ] as never[]);
    expect(await lists.readEntries(list, { limit: 10, direction: 'ascending' })).toEqual([0, 1, 2, 3].map((n) => ({ key: keyAt(n), value: null })));
    await lists.add(list, [{ key: keyAt(3), value: 'summary' }, keyAt(4)]);
    expect(await lists.readEntries(list, { limit: 3, direction: 'descending' })).toEqual([
      { key: keyAt(4), value: null },
      { key: keyAt(3), value: 'summary' },
      { key: keyAt(2), value: null },
    ]);
    expect(PAGE_CHARACTERS).toBeGreaterThan(20_000 * 2);
  });
});
