import type mongoose from 'mongoose';
import { ORDERED_LISTS_COLLECTION, ORDERED_LIST_KEY, type OrderedLists } from '../storage.js';

interface ListItem {
  list: string;
  key: string;
}

/** Ordered lists on MongoDB: one small document per key, read through the unique `{ list, key }` index. */
export function createMongoDbOrderedLists(connection: mongoose.Connection): OrderedLists {
  const items = () => connection.collection<ListItem>(ORDERED_LISTS_COLLECTION) as unknown as mongoose.mongo.Collection<ListItem>;
  const check = (keys: string[]) => {
    for (const key of keys) if (!ORDERED_LIST_KEY.test(key)) throw new Error(`not an ordered-list key: ${JSON.stringify(key)}`);
    return [...new Set(keys)];
  };
  return {
    async add(list, keys) {
      const unique = check(keys);
      if (unique.length === 0) return;
      await items().bulkWrite(
        unique.map((key) => ({ updateOne: { filter: { list, key }, update: { $setOnInsert: { list, key } }, upsert: true } })),
        { ordered: false },
      );
    },
    async remove(list, keys) {
      const unique = check(keys);
      if (unique.length > 0) await items().deleteMany({ list, key: { $in: unique } });
    },
    async read(list, { limit, after, direction }) {
      const ascending = direction === 'ascending';
      const filter = after === undefined ? { list } : { list, key: { [ascending ? '$gt' : '$lt']: after } };
      const found = await items().find(filter, { projection: { _id: 0, key: 1 } }).sort({ key: ascending ? 1 : -1 }).limit(limit).toArray();
      return found.map((item) => item.key);
    },
    async dropAll(prefix) {
      await items().deleteMany({ list: { $regex: `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` } });
    },
    async createMany(lists) {
      const documents = lists.flatMap(([list, keys]) => check(keys).map((key) => ({ list, key })));
      for (let start = 0; start < documents.length; start += 10_000) await items().insertMany(documents.slice(start, start + 10_000), { ordered: false });
    },
    async replace(list, keys) {
      const unique = check(keys);
      await items().deleteMany({ list });
      if (unique.length > 0) await items().insertMany(unique.map((key) => ({ list, key })), { ordered: false });
    },
  };
}

export async function createOrderedListIndexes(connection: mongoose.Connection): Promise<void> {
  await connection.collection(ORDERED_LISTS_COLLECTION).createIndex({ list: 1, key: 1 }, { unique: true });
}
