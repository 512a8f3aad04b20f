import type mongoose from 'mongoose';
import { createKeyedBatcher } from '../../../database/keyed-batcher.js';
import { withLock } from '../../../database/with-lock.js';
import { ORDERED_LISTS_COLLECTION, ORDERED_LIST_KEY, type OrderedLists } from '../storage.js';

/** Keys per page document: a read of up to 100 keys touches two or three pages. */
export const PAGE_SIZE = 128;

interface HeadDocument {
  _id: string;
  /** `<page id> <first key>` lines in key order (the first page's first key is empty). */
  pages: string;
  nextPage: number;
  /** Grows whenever pages are split, dropped or replaced. */
  version: number;
}

interface PageDocument {
  _id: string;
  /** The page's keys in order, joined by newlines: FerretDB 1.24 stores array elements slowly. */
  keys: string;
}

interface ListOperation {
  keys: string[];
  remove: boolean;
}

interface PageRef {
  id: number;
  first: string;
}

const parsePages = (text: string): PageRef[] =>
  text.split('\n').map((line) => {
    const space = line.indexOf(' ');
    return { id: Number(line.slice(0, space)), first: line.slice(space + 1) };
  });
const formatPages = (pages: PageRef[]) => pages.map((page) => `${page.id} ${page.first}`).join('\n');
const splitKeys = (text: string | undefined) => (text ? text.split('\n') : []);
const pageId = (list: string, id: number) => `${list}#${id}`;

/**
 * The keys of page `index` that belong to it: a page split keeps its keys until its next rewrite, so
 * a reader holding the head from before the split still finds them all there.
 */
function inRange(keys: string[], pages: PageRef[], index: number): string[] {
  const first = index === 0 ? '' : pages[index]!.first;
  const next = pages[index + 1]?.first;
  return keys.filter((key) => key >= first && (next === undefined || key < next));
}

/** Where a key belongs: the last page whose first key is not after it (the first page for smaller keys). */
function pageIndexOf(pages: PageRef[], key: string): number {
  let low = 0;
  let high = pages.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (pages[middle]!.first <= key) low = middle;
    else high = middle - 1;
  }
  return low;
}

function chunk(keys: string[], size: number): string[][] {
  const pieces: string[][] = [];
  for (let start = 0; start < keys.length; start += size) pieces.push(keys.slice(start, start + size));
  return pieces;
}

function checkKeys(list: string, keys: string[]): string[] {
  if (list.includes('#')) throw new Error(`ordered list name may not contain #: ${list}`);
  for (const key of keys) if (!ORDERED_LIST_KEY.test(key)) throw new Error(`not an ordered-list key: ${JSON.stringify(key)}`);
  return [...new Set(keys)].sort();
}

/**
 * Ordered lists on FerretDB 1.24, where only a filter on `_id` alone is indexed: a head document
 * (`_id` = the list) names the pages and their first keys, and page documents (`<list>#<n>`) hold up
 * to PAGE_SIZE keys each, so a read is a few lookups by `_id` at any size. Writers of one list take
 * turns under a short lock (FerretDB writes back whole documents). A page that overflows is split:
 * the new pages are written before the head names them, and the split page keeps the moved keys
 * until its next rewrite (readers take from a page only the keys of its range), so a reader holding
 * either head finds every key.
 */
export function createFerretDbOrderedLists(connection: mongoose.Connection): OrderedLists {
  const collection = <T extends mongoose.mongo.Document>() => connection.collection<T>(ORDERED_LISTS_COLLECTION) as unknown as mongoose.mongo.Collection<T>;
  const heads = () => collection<HeadDocument>();
  const pagesOf = () => collection<PageDocument>();

  const readHead = (list: string) => heads().findOne({ _id: list });
  const readPage = async (list: string, id: number) => splitKeys((await pagesOf().findOne({ _id: pageId(list, id) }))?.keys);
  const writePage = (list: string, id: number, keys: string[]) => pagesOf().replaceOne({ _id: pageId(list, id) }, { keys: keys.join('\n') }, { upsert: true });
  const writeHead = (head: HeadDocument) => heads().replaceOne({ _id: head._id }, head, { upsert: true });

  /** Rewrites each changed page; pages that grew past PAGE_SIZE are split, pages left empty dropped. */
  async function rewrite(list: string, head: HeadDocument | null, changed: Map<number, string[]>): Promise<void> {
    const pages = head ? parsePages(head.pages) : [{ id: 0, first: '' }];
    let nextPage = head?.nextPage ?? 1;
    let restructured = !head;
    const newPages: Array<[number, string[]]> = [];
    const emptied: number[] = [];
    const rewritten: Array<[number, string[]]> = [];
    const result: PageRef[] = [];
    for (const [index, page] of pages.entries()) {
      const keys = changed.get(page.id);
      if (!keys) {
        result.push(page);
        continue;
      }
      if (keys.length === 0 && pages.length > 1) {
        restructured = true;
        emptied.push(page.id);
        continue;
      }
      if (keys.length <= PAGE_SIZE) {
        rewritten.push([page.id, keys]);
        result.push(page);
        continue;
      }
      // Appends at the end fill whole pages; an overflow elsewhere splits evenly.
      const isLast = index === pages.length - 1;
      const size = isLast ? PAGE_SIZE : Math.ceil(keys.length / Math.ceil(keys.length / PAGE_SIZE));
      const [, ...rest] = chunk(keys, size);
      restructured = true;
      // Written whole, before the head moves keys away from it: a reader of either head finds them.
      newPages.push([page.id, keys]);
      result.push(page);
      for (const piece of rest) {
        const id = nextPage++;
        newPages.push([id, piece]);
        result.push({ id, first: piece[0]! });
      }
    }
    await Promise.all(newPages.map(([id, keys]) => writePage(list, id, keys)));
    if (restructured) {
      if (result.length > 0) result[0] = { ...result[0]!, first: '' };
      await writeHead({ _id: list, pages: formatPages(result), nextPage, version: (head?.version ?? 0) + 1 });
    }
    await Promise.all(rewritten.map(([id, keys]) => writePage(list, id, keys)));
    await Promise.all(emptied.map((id) => pagesOf().deleteOne({ _id: pageId(list, id) })));
  }

  /** Applies adds and removals in order, under the list's lock: one read and one write per touched page. */
  async function change(list: string, operations: ListOperation[]): Promise<void> {
    await withLock(`ordered-list:${list}`, async (lock) => {
      const head = await readHead(list);
      const pages = head ? parsePages(head.pages) : [{ id: 0, first: '' }];
      const touched = new Set(operations.flatMap((operation) => operation.keys.map((key) => pages[pageIndexOf(pages, key)]!.id)));
      const changed = new Map<number, string[]>();
      await Promise.all(
        [...touched].map(async (id) => {
          const current = head ? inRange(await readPage(list, id), pages, pages.findIndex((page) => page.id === id)) : [];
          const keys = new Set(current);
          for (const operation of operations) {
            for (const key of operation.keys) {
              if (pages[pageIndexOf(pages, key)]!.id !== id) continue;
              if (operation.remove) keys.delete(key);
              else keys.add(key);
            }
          }
          const next = [...keys].sort();
          if (next.length !== current.length || next.some((key, index) => key !== current[index])) changed.set(id, next);
        }),
      );
      if (changed.size === 0) return;
      lock.assertHeld();
      await rewrite(list, head, changed);
    });
  }

  // Concurrent changes of one list (every call of the day goes to one) share one locked rewrite.
  const changeSoon = createKeyedBatcher<ListOperation, void>(async (list, operations) => {
    await change(list, operations);
    return operations.map(() => undefined);
  });
  const enqueue = async (list: string, keys: string[], remove: boolean) => {
    const sorted = checkKeys(list, keys);
    if (sorted.length > 0) await changeSoon(list, { keys: sorted, remove });
  };

  return {
    add: (list, keys) => enqueue(list, keys, false),

    remove: (list, keys) => enqueue(list, keys, true),

    async read(list, { limit, after, direction }) {
      const head = await readHead(list);
      if (!head || limit <= 0) return [];
      const pages = parsePages(head.pages);
      const found: string[] = [];
      const ascending = direction === 'ascending';
      let index = after === undefined ? (ascending ? 0 : pages.length - 1) : pageIndexOf(pages, after);
      while (found.length < limit && index >= 0 && index < pages.length) {
        const keys = inRange(await readPage(list, pages[index]!.id), pages, index);
        const last = found.at(-1) ?? after;
        const wanted = ascending ? keys.filter((key) => last === undefined || key > last) : keys.filter((key) => last === undefined || key < last).reverse();
        found.push(...wanted.slice(0, limit - found.length));
        index += ascending ? 1 : -1;
      }
      return found;
    },

    async dropAll(prefix) {
      // A rebuild's cleanup: the one filter here that reads the whole collection.
      await collection().deleteMany({ _id: { $regex: `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` } } as never);
    },

    async createMany(lists) {
      const documents: Array<HeadDocument | PageDocument> = [];
      for (const [list, keys] of lists) {
        const sorted = checkKeys(list, keys);
        if (sorted.length === 0) continue;
        const pieces = chunk(sorted, PAGE_SIZE);
        documents.push({ _id: list, pages: formatPages(pieces.map((piece, id) => ({ id, first: id === 0 ? '' : piece[0]! }))), nextPage: pieces.length, version: 1 });
        pieces.forEach((piece, id) => documents.push({ _id: pageId(list, id), keys: piece.join('\n') }));
      }
      for (const batch of chunk(documents as unknown as string[], 1000)) await collection().insertMany(batch as never[], { ordered: false });
    },

    async replace(list, keys) {
      const sorted = checkKeys(list, keys);
      await withLock(`ordered-list:${list}`, async (lock) => {
        const head = await readHead(list);
        const old = head ? parsePages(head.pages).map((page) => page.id) : [];
        lock.assertHeld();
        if (sorted.length === 0) {
          await heads().deleteOne({ _id: list });
        } else {
          let nextPage = head?.nextPage ?? 0;
          const pieces = chunk(sorted, PAGE_SIZE).map((piece) => ({ id: nextPage++, keys: piece }));
          await Promise.all(pieces.map((piece) => writePage(list, piece.id, piece.keys)));
          const pages = pieces.map((piece, index) => ({ id: piece.id, first: index === 0 ? '' : piece.keys[0]! }));
          await writeHead({ _id: list, pages: formatPages(pages), nextPage, version: (head?.version ?? 0) + 1 });
        }
        await Promise.all(old.map((id) => pagesOf().deleteOne({ _id: pageId(list, id) })));
      });
    },
  };
}
