import { ZDashboardSettings, DEFAULT_DASHBOARD_SETTINGS, type TDashboardSettings } from '../../../../shared/src/schemas/dashboard.js';
import { createReadThroughCache } from '../../database/read-through-cache.js';
import { withLock } from '../../database/with-lock.js';
import type { TContribution } from './domain/describe-contributions.js';
import { addValues, contributionDelta, type TCell, type TCellValues } from './domain/rollup-cell.js';
import { DashboardContributionModel, DashboardRollupModel, DashboardSettingModel } from './dashboard-rollup.model.js';

// One writer at a time across nodes: FerretDB applies `$inc` by reading and writing the document back,
// so two concurrent increments of one cell would lose one.
const ROLLUP_LOCK = 'dashboard-rollups';
const SETTINGS_ID = 'dashboard-settings';

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
  return withLock(ROLLUP_LOCK, async () => {
    const stored = await Promise.all([...newest.keys()].map((key) => DashboardContributionModel.collection.findOne({ _id: key as never }) as Promise<StoredContribution | null>));
    const deltas = new Map<string, TCellValues>();
    const changed: TContribution[] = [];
    [...newest.values()].forEach((contribution, index) => {
      const before = stored[index];
      if (before && before.version >= contribution.version) return;
      changed.push(contribution);
      for (const [id, values] of contributionDelta(before?.cells ?? [], contribution.cells)) addValues(deltas.get(id) ?? deltas.set(id, {}).get(id)!, values);
    });
    // A crash between these writes leaves the rollups off until `npm run dashboard:rebuild`; the
    // platform's durable change feed (issue 13) will let the consumer resume from its position instead.
    await Promise.all(
      [...deltas]
        .filter(([, values]) => Object.keys(values).length > 0)
        .map(([id, values]) => DashboardRollupModel.collection.updateOne({ _id: id as never }, { $inc: values }, { upsert: true })),
    );
    await Promise.all(
      changed.map((contribution) =>
        DashboardContributionModel.collection.replaceOne(
          { _id: contribution.key as never },
          { version: contribution.version, cells: contribution.cells },
          { upsert: true },
        ),
      ),
    );
    return changed.length;
  });
}

/** Rollup cells whose hour key is in [fromHourKey, toHourKey). */
export async function readRollupCells(fromHourKey: string, toHourKey: string): Promise<TCell[]> {
  const documents = await DashboardRollupModel.collection.find({ _id: { $gte: fromHourKey, $lt: toHourKey } as never }).toArray();
  return documents.map(({ _id, ...values }) => ({ id: String(_id), values: values as TCellValues }));
}

/** Cells by exact `_id` (one indexed read each on FerretDB); missing ones are left out. */
export async function readRollupCellsById(ids: string[]): Promise<TCell[]> {
  const documents = await Promise.all(ids.map((id) => DashboardRollupModel.collection.findOne({ _id: id as never })));
  return documents.filter((document) => document !== null).map(({ _id, ...values }) => ({ id: String(_id), values: values as TCellValues }));
}

/** Every rollup cell: for tests and the rebuild's comparison. */
export async function readAllRollupCells(): Promise<TCell[]> {
  return readRollupCells('', '\uffff');
}

/** Replaces every rollup and contribution (the rebuild); `onProgress` hears of each batch written. */
export async function replaceAllRollups(cells: TCell[], contributions: TContribution[], onProgress: (written: number) => void = () => undefined): Promise<void> {
  const BATCH = 1000;
  await withLock(
    ROLLUP_LOCK,
    async () => {
      await DashboardRollupModel.collection.deleteMany({});
      await DashboardContributionModel.collection.deleteMany({});
      for (let start = 0; start < cells.length; start += BATCH) {
        await DashboardRollupModel.collection.insertMany(cells.slice(start, start + BATCH).map((cell) => ({ _id: cell.id as never, ...cell.values })));
        onProgress(Math.min(start + BATCH, cells.length));
      }
      for (let start = 0; start < contributions.length; start += BATCH) {
        await DashboardContributionModel.collection.insertMany(
          contributions.slice(start, start + BATCH).map((contribution) => ({ _id: contribution.key as never, version: contribution.version, cells: contribution.cells })),
        );
        onProgress(cells.length + Math.min(start + BATCH, contributions.length));
      }
    },
    { ttlMs: 30 * 60_000, waitMs: 60_000 },
  );
}

const settingsCache = createReadThroughCache(5_000, async () => {
  const stored = await DashboardSettingModel.findById(SETTINGS_ID).lean();
  return stored ? ZDashboardSettings.parse(stored.value) : DEFAULT_DASHBOARD_SETTINGS;
});

export function getDashboardSettings(): Promise<TDashboardSettings> {
  return settingsCache.get();
}

export async function saveDashboardSettings(settings: TDashboardSettings): Promise<TDashboardSettings> {
  await DashboardSettingModel.updateOne({ _id: SETTINGS_ID }, { $set: { value: settings } }, { upsert: true });
  settingsCache.forget();
  return settings;
}
