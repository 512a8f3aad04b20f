import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { mongo } from 'mongoose';
import {
  DEFAULT_DASHBOARD_SETTINGS,
  SERVICE_LEVEL_THRESHOLDS,
  SHORT_ABANDON_LIMITS,
  ZDashboardSettings,
  type TDashboardSettings,
} from '@mowakaba/shared/schemas/dashboard';
import { mapConcurrently } from '../../database/map-concurrently.js';
import { createReadThroughCache } from '../../database/read-through-cache.js';
import { defineAppState } from '../../platform/app-state.js';
import { getStorage, type Fence } from '../../platform/storage/index.js';
import type { TContribution } from './domain/describe-contributions.js';
import { addSummary, emptySummary, isEmptySummary, summaryDeltasOf, type TSummary } from './domain/history-summary.js';
import { packedSummaryOf, packSummary, summaryOf, type TPackedSummary } from './domain/packed-summary.js';
import { addValues, contributionDelta, type TCell, type TCellValues } from './domain/rollup-cell.js';
import { DashboardContributionModel, DashboardRollupModel, DashboardSettingModel, DashboardSummaryModel } from './dashboard-rollup.model.js';

// One writer at a time across nodes (the storage seam's mutex): a batch reads the contributions,
// then changes cells and summaries by read and write back, and its writes go through the mutex's fence.
const ROLLUP_MUTEX = 'dashboard-rollups';
const SETTINGS_ID = 'dashboard-settings';
const READ_CONCURRENCY = 8;
const INSERT_BYTES = 1 << 20;

type StoredContribution = { _id: string; version: number; cells: TCell[] };

/**
 * Applies records' contributions: each replaces what the same record contributed before, if it is a
 * newer version; a duplicate or an older version changes nothing. Several are applied together
 * (one `$inc` per changed cell). Returns how many were newer.
 */
export async function applyContributions(contributions: TContribution[]): Promise<number> {
  const newest = new Map<string, TContribution>();
  for (const contribution of contributions) {
    const held = newest.get(contribution.key);
    if (!held || held.version < contribution.version) newest.set(contribution.key, contribution);
  }
  if (newest.size === 0) return 0;
  return getStorage().withMutex([ROLLUP_MUTEX], async (fence) => {
    // A few at a time: a write carries a second of changed records, and hundreds of reads at once only queue in FerretDB.
    const stored = await mapConcurrently([...newest.keys()], READ_CONCURRENCY, (key) => DashboardContributionModel.collection.findOne({ _id: key as never }) as Promise<StoredContribution | null>);
    const deltas = new Map<string, TCellValues>();
    const changed: TContribution[] = [];
    [...newest.values()].forEach((contribution, index) => {
      const before = stored[index];
      if (before && before.version >= contribution.version) return;
      changed.push(contribution);
      for (const [id, values] of contributionDelta(before?.cells ?? [], contribution.cells)) addValues(deltas.get(id) ?? deltas.set(id, {}).get(id)!, values);
    });
    // A crash between these writes leaves the rollups off until `npm run dashboard:rebuild`.
    const changedCells = [...deltas].filter(([, values]) => Object.keys(values).length > 0);
    const summaries = await addToSummaries(summaryDeltasOf(changedCells));
    await fence.assertHeld();
    await Promise.all([
      writeInBulk(DashboardRollupModel.collection, changedCells.map(([id, values]) => ({ updateOne: { filter: { _id: id as never }, update: { $inc: values }, upsert: true } }))),
      writeInBulk(DashboardSummaryModel.collection, summaries),
    ]);
    // No second fence check here: once the cells are written, a refusal would leave the
    // contributions behind and the batch, applied again, would count twice.
    await writeInBulk(
      DashboardContributionModel.collection,
      changed.map((contribution) => ({
        replaceOne: { filter: { _id: contribution.key as never }, replacement: { version: contribution.version, cells: contribution.cells }, upsert: true },
      })),
    );
    return changed.length;
  });
}

const encodeSummary = (summary: TSummary) => deflateRawSync(JSON.stringify(packSummary(summary)));
/** The stored bytes come back as the driver's `Binary`, whose `buffer` holds them; either format (packed-summary.ts). */
const parseSummary = (data: { buffer: Uint8Array }) => JSON.parse(inflateRawSync(data.buffer).toString()) as TSummary | TPackedSummary;
const decodeSummary = (data: { buffer: Uint8Array }): TSummary => summaryOf(parseSummary(data));

/**
 * Writes go in bulk commands of this many at most: FerretDB 1.24 applies one command's statements
 * in one transaction, which slows down far faster than their count (see ticket-search.store.ts).
 */
const WRITE_BATCH = 16;

type BulkOperation = mongo.AnyBulkWriteOperation;

async function writeInBulk(collection: mongo.Collection, operations: BulkOperation[]): Promise<void> {
  const chunks: BulkOperation[][] = [];
  for (let start = 0; start < operations.length; start += WRITE_BATCH) chunks.push(operations.slice(start, start + WRITE_BATCH));
  await Promise.all(chunks.map((chunk) => collection.bulkWrite(chunk, { ordered: false })));
}

/** Each summary read and added to (the caller holds the rollup mutex), as the writes that store it; one that comes back to nothing is removed. */
async function addToSummaries(deltas: Map<string, TSummary>): Promise<BulkOperation[]> {
  const ids = [...deltas.keys()];
  const stored = await Promise.all(ids.map((id) => DashboardSummaryModel.collection.findOne({ _id: id as never })));
  return ids.map((id, index) => {
    const before = stored[index];
    const summary = addSummary(before ? decodeSummary(before.data) : emptySummary(), deltas.get(id)!);
    return isEmptySummary(summary)
      ? { deleteOne: { filter: { _id: id as never } } }
      : { replaceOne: { filter: { _id: id as never }, replacement: { data: encodeSummary(summary) }, upsert: true } };
  });
}

/**
 * Summaries by exact `_id` (one indexed read each on FerretDB), as stored; a missing one is empty.
 * Each is decoded as it arrives, while the database still answers the others.
 */
function readStoredSummaries(ids: string[]): Promise<Array<TSummary | TPackedSummary>> {
  return Promise.all(ids.map(async (id) => {
    const document = await DashboardSummaryModel.collection.findOne({ _id: id as never });
    return document ? parseSummary(document.data) : emptySummary();
  }));
}

export async function readSummaries(ids: string[]): Promise<TSummary[]> {
  return (await readStoredSummaries(ids)).map(summaryOf);
}

/** Summaries as packed counters: what history adds up. */
export async function readPackedSummaries(ids: string[]): Promise<TPackedSummary[]> {
  return (await readStoredSummaries(ids)).map(packedSummaryOf);
}

/** Every summary by id: for tests comparing the maintained summaries with a rebuild. */
export async function readAllSummaries(): Promise<Map<string, TSummary>> {
  const documents = await DashboardSummaryModel.collection.find({}).toArray();
  return new Map(documents.map((document) => [String(document._id), decodeSummary(document.data)]));
}

/** Cells by exact `_id` (one indexed read each on FerretDB); missing ones are left out. */
export async function readRollupCellsById(ids: string[]): Promise<TCell[]> {
  const documents = await Promise.all(ids.map((id) => DashboardRollupModel.collection.findOne({ _id: id as never })));
  return documents.filter((document) => document !== null).map(({ _id, ...values }) => ({ id: String(_id), values: values as TCellValues }));
}

/** Every rollup cell: for tests and the rebuild's comparison. */
export async function readAllRollupCells(): Promise<TCell[]> {
  const documents = await DashboardRollupModel.collection.find({}).toArray();
  return documents.map(({ _id, ...values }) => ({ id: String(_id), values: values as TCellValues }));
}

/** What a rebuild writes into the emptied rollups, in any order and as it goes (see `replaceAllRollups`). */
export interface RollupWriter {
  /** Each resolves with how many it wrote. */
  contributions(contributions: TContribution[]): Promise<number>;
  cells(cells: Iterable<TCell>): Promise<number>;
  summaries(summaries: Iterable<[string, TSummary]> | AsyncIterable<[string, TSummary]>): Promise<number>;
}

/**
 * Empties the rollups, cells, summaries and contributions, and lets `fill` write them anew, all
 * under the rollup mutex (a feed writer waiting for it past its limit drops its batch: the rebuild is
 * run with the nodes stopped).
 */
export async function replaceAllRollups(fill: (writer: RollupWriter) => Promise<unknown>): Promise<void> {
  await getStorage().withMutex(
    [ROLLUP_MUTEX],
    async (fence) => {
      // Inserted `batch` at a time, and at most about a mebibyte at a time: FerretDB writes one insert
      // in one SQLite transaction, and a long one holds up the renewals of this process's leases.
      const insertAll = async <T>(items: Iterable<T> | AsyncIterable<T>, collection: typeof DashboardRollupModel.collection, toDocument: (item: T) => Record<string, unknown>, batch = 1000) => {
        let pending: Array<Record<string, unknown>> = [];
        let pendingBytes = 0;
        let inserted = 0;
        const insertPending = async () => {
          await fence.assertHeld();
          await collection.insertMany(pending as never[]);
          inserted += pending.length;
          pending = [];
          pendingBytes = 0;
        };
        for await (const item of items) {
          const document = toDocument(item);
          pending.push(document);
          pendingBytes += document.data instanceof Buffer ? document.data.length : 0;
          if (pending.length === batch || pendingBytes >= INSERT_BYTES) await insertPending();
        }
        if (pending.length > 0) await insertPending();
        return inserted;
      };
      await fence.assertHeld();
      // Dropped rather than emptied document by document: cheaper on either database for a derived
      // collection with no index but `_id`, and FerretDB 1.24 refuses a delete of over 32,766 documents.
      for (const model of [DashboardRollupModel, DashboardSummaryModel, DashboardContributionModel]) await model.collection.drop().catch(() => undefined);
      await fill({
        cells: (cells) => insertAll(cells, DashboardRollupModel.collection, (cell) => ({ _id: cell.id, ...cell.values })),
        // Summaries by the hundred: a thousand of a busy year took over the lease's 10 s to encode and
        // insert on a loaded machine, and the mutex lapsed mid-rebuild.
        summaries: (summaries) => insertAll(summaries, DashboardSummaryModel.collection, ([id, summary]) => ({ _id: id, data: encodeSummary(summary) }), 100),
        contributions: (contributions) =>
          insertAll(contributions, DashboardContributionModel.collection, (contribution) => ({ _id: contribution.key, version: contribution.version, cells: contribution.cells })),
      });
    },
    // The mutex's lease is renewed while the rebuild writes; a writer waits up to a minute for it.
    { waitMs: 60_000 },
  );
}

const nearest = (allowed: readonly number[], value: unknown) =>
  typeof value === 'number' ? allowed.reduce((best, candidate) => (Math.abs(candidate - value) < Math.abs(best - value) ? candidate : best)) : value;

/**
 * Settings saved before thresholds were chosen from a list (any whole number of seconds) are read
 * as the nearest allowed value, so the dashboards keep answering; the next save stores that value.
 */
function readStoredSettings(value: unknown): TDashboardSettings {
  const stored = value as { serviceLevel?: Record<string, unknown>; teams?: Record<string, Record<string, unknown>> };
  const align = (level: Record<string, unknown> | undefined) =>
    level && { ...level, thresholdSeconds: nearest(SERVICE_LEVEL_THRESHOLDS, level.thresholdSeconds), shortAbandonSeconds: nearest(SHORT_ABANDON_LIMITS, level.shortAbandonSeconds) };
  return ZDashboardSettings.parse({
    ...stored,
    serviceLevel: align(stored.serviceLevel),
    teams: Object.fromEntries(Object.entries(stored.teams ?? {}).map(([teamId, level]) => [teamId, align(level)])),
  });
}

const settingsCache = defineAppState((clock) => createReadThroughCache(5_000, async () => {
  const stored = await DashboardSettingModel.findById(SETTINGS_ID).lean();
  return stored ? readStoredSettings(stored.value) : DEFAULT_DASHBOARD_SETTINGS;
}, clock));

export function getDashboardSettings(): Promise<TDashboardSettings> {
  return settingsCache().get();
}

export async function saveDashboardSettings(settings: TDashboardSettings): Promise<TDashboardSettings> {
  await DashboardSettingModel.updateOne({ _id: SETTINGS_ID }, { $set: { value: settings } }, { upsert: true });
  settingsCache.forEach((cache) => cache.forget());
  return settings;
}
