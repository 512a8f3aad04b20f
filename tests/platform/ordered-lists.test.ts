import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { createFerretDbOrderedLists, PAGE_SIZE } from '../../server/src/platform/storage/ferretdb/ferretdb-ordered-lists.js';
import { createMongoDbOrderedLists } from '../../server/src/platform/storage/mongodb/mongodb-ordered-lists.js';
import type { OrderedLists } from '../../server/src/platform/storage/index.js';
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
});
