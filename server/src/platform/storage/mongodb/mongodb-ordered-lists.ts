import type mongoose from 'mongoose';
import { normaliseListItems, ORDERED_LISTS_COLLECTION, type OrderedLists, type StoredListItem } from '../storage.js';

interface ListItem {
  list: string;
  key: string;
  /** The key's summary and its revision, when its writer keeps one. */
  value?: string;
  revision?: number;
}

const toDocument = (list: string, item: StoredListItem): ListItem => ({
  list,
  key: item.key,
  ...(item.value === undefined ? {} : { value: item.value }),
  ...(item.revision === undefined ? {} : { revision: item.revision }),
});

/** Ordered lists on MongoDB: one small document per key, read through the unique `{ list, key }` index. */
export function createMongoDbOrderedLists(connection: mongoose.Connection): OrderedLists {
  const items = () => connection.collection<ListItem>(ORDERED_LISTS_COLLECTION) as unknown as mongoose.mongo.Collection<ListItem>;
  const readEntries: OrderedLists['readEntries'] = async (list, { limit, after, direction }) => {
    const ascending = direction === 'ascending';
    const filter = after === undefined ? { list } : { list, key: { [ascending ? '$gt' : '$lt']: after } };
    const found = await items().find(filter, { projection: { _id: 0, key: 1, value: 1 } }).sort({ key: ascending ? 1 : -1 }).limit(limit).toArray();
    return found.map((item) => ({ key: item.key, value: item.value ?? null }));
  };
  return {
    async add(list, keys) {
      const unique = normaliseListItems(keys);
      if (unique.length === 0) return;
      await items().bulkWrite(
        unique.map((item) => {
          if (item.value === undefined) {
            return { updateOne: { filter: { list, key: item.key }, update: { $setOnInsert: { list, key: item.key }, $unset: { value: '', revision: '' } }, upsert: true } };
          }
          // An older revision leaves a newer summary in place (a pipeline update: one atomic step, upsert included).
          const keep = item.revision === undefined ? false : { $gt: ['$revision', item.revision] };
          const update = [
            {
              $set: {
                list,
                key: item.key,
                value: { $cond: [keep, '$value', { $literal: item.value }] },
                revision: item.revision === undefined ? '$$REMOVE' : { $cond: [keep, '$revision', item.revision] },
              },
            },
          ];
          return { updateOne: { filter: { list, key: item.key }, update, upsert: true } };
        }) as never,
        { ordered: false },
      );
    },
    async remove(list, keys) {
      const unique = normaliseListItems(keys).map((item) => item.key);
      if (unique.length > 0) await items().deleteMany({ list, key: { $in: unique } });
    },
    read: async (list, options) => (await readEntries(list, options)).map((entry) => entry.key),
    readEntries,
    async dropAll(prefix) {
      await items().deleteMany({ list: { $regex: `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` } });
    },
    async createMany(lists) {
      const documents = lists.flatMap(([list, keys]) => normaliseListItems(keys).map((item) => toDocument(list, item)));
      for (let start = 0; start < documents.length; start += 10_000) await items().insertMany(documents.slice(start, start + 10_000), { ordered: false });
    },
    async replace(list, keys) {
      const unique = normaliseListItems(keys);
      await items().deleteMany({ list });
      if (unique.length > 0) await items().insertMany(unique.map((item) => toDocument(list, item)), { ordered: false });
    },
  };
}

export async function createOrderedListIndexes(connection: mongoose.Connection): Promise<void> {
  await connection.collection(ORDERED_LISTS_COLLECTION).createIndex({ list: 1, key: 1 }, { unique: true });
}
