import type mongoose from 'mongoose';
import { createKeyedBatcher } from '../../../database/keyed-batcher.js';
import { withLock, type LockFence } from './with-lock.js';
import { soleWriterClaim, type WriterMemo } from './sole-writer.js';
import { normaliseListItems, ORDERED_LISTS_COLLECTION, type OrderedListEntry, type OrderedLists, type StoredListItem } from '../storage.js';

/** Keys per page document: a read of up to 100 keys touches two or three pages. */
export const PAGE_SIZE = 128;
/** Characters of keys and summaries per page document: pages of long summaries (a 20,000-character reply) hold fewer keys. */
export const PAGE_CHARACTERS = 200_000;

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
  /**
   * The keys' summaries, when any has one: a JSON array aligned with `keys`, `null` or
   * `[revision | null, value]` each. Pages written before summaries existed have none.
   */
  values?: string;
}

interface ListOperation {
  items: StoredListItem[];
  remove: boolean;
}

interface PageRef {
  id: number;
  first: string;
}

type StoredValue = [revision: number | null, value: string] | null;

const parsePages = (text: string): PageRef[] =>
  text.split('\n').map((line) => {
    const space = line.indexOf(' ');
    return { id: Number(line.slice(0, space)), first: line.slice(space + 1) };
  });
const formatPages = (pages: PageRef[]) => pages.map((page) => `${page.id} ${page.first}`).join('\n');
const pageId = (list: string, id: number) => `${list}#${id}`;

function parseItems(page: Pick<PageDocument, 'keys' | 'values'> | null): StoredListItem[] {
  if (!page?.keys) return [];
  const values = page.values ? (JSON.parse(page.values) as StoredValue[]) : [];
  return page.keys.split('\n').map((key, index) => {
    const stored = values[index];
    if (!stored) return { key };
    return stored[0] === null ? { key, value: stored[1] } : { key, value: stored[1], revision: stored[0] };
  });
}

function formatItems(items: StoredListItem[]): Omit<PageDocument, '_id'> {
  const keys = items.map((item) => item.key).join('\n');
  if (!items.some((item) => item.value !== undefined)) return { keys };
  return { keys, values: JSON.stringify(items.map((item): StoredValue => (item.value === undefined ? null : [item.revision ?? null, item.value]))) };
}

const sameItem = (a: StoredListItem, b: StoredListItem) => a.key === b.key && a.value === b.value && a.revision === b.revision;
const sizeOf = (item: StoredListItem) => item.key.length + (item.value?.length ?? 0) + 16;

/**
 * The items of page `index` that belong to it: a page split keeps its items until its next rewrite, so
 * a reader holding the head from before the split still finds them all there.
 */
function inRange(items: StoredListItem[], pages: PageRef[], index: number): StoredListItem[] {
  const first = index === 0 ? '' : pages[index]!.first;
  const next = pages[index + 1]?.first;
  return items.filter((item) => item.key >= first && (next === undefined || item.key < next));
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

/** Pieces of at most `size` items and PAGE_CHARACTERS characters (a single larger item gets a page of its own). */
function chunk<T extends StoredListItem>(items: T[], size: number): T[][] {
  const pieces: T[][] = [];
  let piece: T[] = [];
  let characters = 0;
  for (const item of items) {
    if (piece.length > 0 && (piece.length >= size || characters + sizeOf(item) > PAGE_CHARACTERS)) {
      pieces.push(piece);
      piece = [];
      characters = 0;
    }
    piece.push(item);
    characters += sizeOf(item);
  }
  if (piece.length > 0) pieces.push(piece);
  return pieces;
}

const fits = (items: StoredListItem[]) => items.length <= PAGE_SIZE && items.reduce((sum, item) => sum + sizeOf(item), 0) <= PAGE_CHARACTERS;

function checkList(list: string, keys: Parameters<OrderedLists['add']>[1]): StoredListItem[] {
  if (list.includes('#')) throw new Error(`ordered list name may not contain #: ${list}`);
  return normaliseListItems(keys);
}

/** `current` with `operation` applied: a bare key drops its summary; an older revision leaves a newer summary. */
function applyOperation(current: Map<string, StoredListItem>, operation: ListOperation, wanted: (key: string) => boolean): void {
  for (const item of operation.items) {
    if (!wanted(item.key)) continue;
    if (operation.remove) {
      current.delete(item.key);
      continue;
    }
    const known = current.get(item.key);
    if (known?.revision !== undefined && item.revision !== undefined && known.revision > item.revision) continue;
    current.set(item.key, item);
  }
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
  const readPage = async (list: string, id: number) => parseItems(await pagesOf().findOne({ _id: pageId(list, id) }));

  // A writer alone on the database knows the heads and pages it read or wrote under its claim
  // (`WriterMemo`): a change then sends only its writes, not the head's and the pages' reads again
  // (two of a change's three commands; a take-next changes two lists, a call's change three).
  // The memo is the process's, and several connections (databases) may share it.
  const memoKey = (id: string) => `${connection.name}/${ORDERED_LISTS_COLLECTION}:${id}`;
  const headSize = (head: HeadDocument | null) => 64 + (head?.pages.length ?? 0);
  const itemsSize = (items: StoredListItem[]) => items.reduce((sum, item) => sum + sizeOf(item), 64);
  async function readHeadFor(list: string, memo: WriterMemo | undefined): Promise<HeadDocument | null> {
    const known = memo?.get<HeadDocument>(memoKey(list));
    if (known !== undefined) return known;
    const head = await readHead(list);
    memo?.set(memoKey(list), head, headSize(head));
    return head;
  }
  async function readPageFor(list: string, id: number, memo: WriterMemo | undefined): Promise<StoredListItem[]> {
    const known = memo?.get<StoredListItem[]>(memoKey(pageId(list, id)));
    if (known) return known;
    const items = await readPage(list, id);
    memo?.set(memoKey(pageId(list, id)), items, itemsSize(items));
    return items;
  }
  const writePage = async (list: string, id: number, items: StoredListItem[], memo?: WriterMemo) => {
    await pagesOf().replaceOne({ _id: pageId(list, id) }, formatItems(items), { upsert: true });
    memo?.set(memoKey(pageId(list, id)), items, itemsSize(items));
  };
  const writeHead = async (head: HeadDocument, memo?: WriterMemo) => {
    await heads().replaceOne({ _id: head._id }, head, { upsert: true });
    memo?.set(memoKey(head._id), head, headSize(head));
  };
  const deletePage = async (list: string, id: number, memo?: WriterMemo) => {
    await pagesOf().deleteOne({ _id: pageId(list, id) });
    memo?.set(memoKey(pageId(list, id)), [], 64);
  };
  /** Runs a list's locked section with the memo when it runs alone; a section that fails leaves the memo knowing nothing. */
  const withListLock = <T>(list: string, critical: (lock: LockFence, memo: WriterMemo | undefined) => Promise<T>) =>
    withLock(`ordered-list:${list}`, async (lock) => {
      try {
        return await critical(lock, lock.memo);
      } catch (error) {
        lock.memo?.clear();
        throw error;
      }
    });

  // Rewrites of different lists at the same moment (a take-next's timeline and an association's
  // history, twenty agents at once) share one ordered command: each list's writes keep their order.
  // A failure fails every rewrite of the command, and each of their sections forgets its memo.
  const writeTogether = createKeyedBatcher<mongoose.mongo.AnyBulkWriteOperation<mongoose.mongo.Document>[], void>(async (_key, batches) => {
    await collection().bulkWrite(batches.flat() as never, { ordered: true });
    return batches.map(() => undefined);
  });

  /** Rewrites each changed page; pages that grew past PAGE_SIZE (or PAGE_CHARACTERS) are split, pages left empty dropped. */
  async function rewrite(list: string, head: HeadDocument | null, changed: Map<number, StoredListItem[]>, memo: WriterMemo | undefined): Promise<void> {
    const pages = head ? parsePages(head.pages) : [{ id: 0, first: '' }];
    let nextPage = head?.nextPage ?? 1;
    let restructured = !head;
    const newPages: Array<[number, StoredListItem[]]> = [];
    const emptied: number[] = [];
    const rewritten: Array<[number, StoredListItem[]]> = [];
    const result: PageRef[] = [];
    for (const [index, page] of pages.entries()) {
      const items = changed.get(page.id);
      if (!items) {
        result.push(page);
        continue;
      }
      if (items.length === 0 && pages.length > 1) {
        restructured = true;
        emptied.push(page.id);
        continue;
      }
      if (fits(items)) {
        rewritten.push([page.id, items]);
        result.push(page);
        continue;
      }
      // Appends at the end fill whole pages; an overflow elsewhere splits evenly.
      const isLast = index === pages.length - 1;
      const size = isLast ? PAGE_SIZE : Math.ceil(items.length / Math.ceil(items.length / PAGE_SIZE));
      const [, ...rest] = chunk(items, size);
      restructured = true;
      // Written whole, before the head moves keys away from it: a reader of either head finds them.
      newPages.push([page.id, items]);
      result.push(page);
      for (const piece of rest) {
        const id = nextPage++;
        newPages.push([id, piece]);
        result.push({ id, first: piece[0]!.key });
      }
    }
    if (result.length > 0) result[0] = { ...result[0]!, first: '' };
    const newHead: HeadDocument | null = restructured ? { _id: list, pages: formatPages(result), nextPage, version: (head?.version ?? 0) + 1 } : null;
    // One command, run in this order (new pages, the head, then the other pages): a reader between two
    // of its writes finds every key, as with separate writes. A new list's head and first page, a
    // split, are one command instead of two or three.
    const replacements: Array<[id: string, document: object]> = [
      ...newPages.map(([id, items]): [string, object] => [pageId(list, id), formatItems(items)]),
      ...(newHead ? [[list, newHead] as [string, object]] : []),
      ...rewritten.map(([id, items]): [string, object] => [pageId(list, id), formatItems(items)]),
    ];
    if (replacements.length > 0) {
      await writeTogether('', replacements.map(([_id, document]) => ({ replaceOne: { filter: { _id: _id as never }, replacement: document, upsert: true } })));
      for (const [id, items] of [...newPages, ...rewritten]) memo?.set(memoKey(pageId(list, id)), items, itemsSize(items));
      if (newHead) memo?.set(memoKey(list), newHead, headSize(newHead));
    }
    await Promise.all(emptied.map((id) => deletePage(list, id, memo)));
  }

  /** Applies adds and removals in order, under the list's lock: one read and one write per touched page. */
  async function change(list: string, operations: ListOperation[]): Promise<void> {
    await withListLock(list, async (lock, memo) => {
      const head = await readHeadFor(list, memo);
      const pages = head ? parsePages(head.pages) : [{ id: 0, first: '' }];
      const pageOf = (key: string) => pages[pageIndexOf(pages, key)]!.id;
      const touched = new Set(operations.flatMap((operation) => operation.items.map((item) => pageOf(item.key))));
      const changed = new Map<number, StoredListItem[]>();
      await Promise.all(
        [...touched].map(async (id) => {
          const current = head ? inRange(await readPageFor(list, id, memo), pages, pages.findIndex((page) => page.id === id)) : [];
          const items = new Map(current.map((item) => [item.key, item]));
          for (const operation of operations) applyOperation(items, operation, (key) => pageOf(key) === id);
          const next = [...items.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
          if (next.length !== current.length || next.some((item, index) => !sameItem(item, current[index]!))) changed.set(id, next);
        }),
      );
      if (changed.size === 0) return;
      lock.assertHeld();
      await rewrite(list, head, changed, memo);
    });
  }

  // Concurrent changes of one list (every call of the day goes to one) share one locked rewrite.
  const changeSoon = createKeyedBatcher<ListOperation, void>(async (list, operations) => {
    await change(list, operations);
    return operations.map(() => undefined);
  });
  const enqueue = async (list: string, keys: Parameters<OrderedLists['add']>[1], remove: boolean) => {
    const items = checkList(list, keys);
    if (items.length > 0) await changeSoon(list, { items, remove });
  };

  async function readEntries(list: string, { limit, after, direction }: Parameters<OrderedLists['read']>[1]): Promise<OrderedListEntry[]> {
    // A process writing alone reads what its own writes left (the memo is set as each write answers),
    // the lists people open most (today's call log, a busy ticket's timeline) without a command. It
    // never remembers what it reads here: outside the list's lock, an older read could overwrite a
    // newer write's memo.
    const memo = soleWriterClaim().memoWhileAlone();
    const rememberedHead = memo?.get<HeadDocument>(memoKey(list));
    const head = rememberedHead === undefined ? await readHead(list) : rememberedHead;
    if (!head || limit <= 0) return [];
    const pages = parsePages(head.pages);
    const found: StoredListItem[] = [];
    const ascending = direction === 'ascending';
    let index = after === undefined ? (ascending ? 0 : pages.length - 1) : pageIndexOf(pages, after);
    while (found.length < limit && index >= 0 && index < pages.length) {
      const id = pages[index]!.id;
      const items = inRange(memo?.get<StoredListItem[]>(memoKey(pageId(list, id))) ?? (await readPage(list, id)), pages, index);
      const last = found.at(-1)?.key ?? after;
      const wanted = ascending ? items.filter((item) => last === undefined || item.key > last) : items.filter((item) => last === undefined || item.key < last).reverse();
      found.push(...wanted.slice(0, limit - found.length));
      index += ascending ? 1 : -1;
    }
    return found.map((item) => ({ key: item.key, value: item.value ?? null }));
  }

  return {
    add: (list, keys) => enqueue(list, keys, false),

    remove: (list, keys) => enqueue(list, keys, true),

    read: async (list, options) => (await readEntries(list, options)).map((entry) => entry.key),

    readEntries,

    async dropAll(prefix) {
      soleWriterClaim().forgetMemo();
      // A rebuild's cleanup: the one filter here that reads the whole collection.
      await collection().deleteMany({ _id: { $regex: `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` } } as never);
      // Again once done: a list section that ran meanwhile remembered what the delete removed, and readers serve the memo.
      soleWriterClaim().forgetMemo();
    },

    async createMany(lists) {
      soleWriterClaim().forgetMemo();
      const documents: Array<HeadDocument | PageDocument> = [];
      for (const [list, keys] of lists) {
        const items = checkList(list, keys);
        if (items.length === 0) continue;
        const pieces = chunk(items, PAGE_SIZE);
        documents.push({ _id: list, pages: formatPages(pieces.map((piece, id) => ({ id, first: id === 0 ? '' : piece[0]!.key }))), nextPage: pieces.length, version: 1 });
        pieces.forEach((piece, id) => documents.push({ _id: pageId(list, id), ...formatItems(piece) }));
      }
      for (let start = 0; start < documents.length; start += 1000) await collection().insertMany(documents.slice(start, start + 1000) as never[], { ordered: false });
      soleWriterClaim().forgetMemo();
    },

    async replace(list, keys) {
      const items = checkList(list, keys);
      await withListLock(list, async (lock, memo) => {
        const head = await readHeadFor(list, memo);
        const old = head ? parsePages(head.pages).map((page) => page.id) : [];
        lock.assertHeld();
        if (items.length === 0) {
          await heads().deleteOne({ _id: list });
          memo?.set(memoKey(list), null, headSize(null));
        } else {
          let nextPage = head?.nextPage ?? 0;
          const pieces = chunk(items, PAGE_SIZE).map((piece) => ({ id: nextPage++, items: piece }));
          await Promise.all(pieces.map((piece) => writePage(list, piece.id, piece.items, memo)));
          const pages = pieces.map((piece, index) => ({ id: piece.id, first: index === 0 ? '' : piece.items[0]!.key }));
          await writeHead({ _id: list, pages: formatPages(pages), nextPage, version: (head?.version ?? 0) + 1 }, memo);
        }
        await Promise.all(old.map((id) => deletePage(list, id, memo)));
      });
    },
  };
}
