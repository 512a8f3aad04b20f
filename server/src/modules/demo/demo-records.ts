import { DemoRecordModel } from './demo-record.model.js';
import { getSettingValue, putSettingValue, putSettingValueIfUnset } from '../settings/settings.service.js';

export type TDemoRecordKind = 'ticket' | 'association' | 'article' | 'user' | 'team';

/** The setting saying the demo data was loaded once: a start never loads it again. */
export const DEMO_DATA_LOADED = 'demo-data-loaded';
/** The setting saying (and when) an admin removed the demo data. */
export const DEMO_DATA_REMOVED = 'demo-data-removed';

/** Marks records as created by the demo seeding; marking one twice changes nothing. */
export async function markDemoRecords(kind: TDemoRecordKind, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await DemoRecordModel.bulkWrite(
    ids.map((id) => ({ updateOne: { filter: { _id: `${kind}:${id}` }, update: { $setOnInsert: { kind, recordId: id } }, upsert: true } })),
    { ordered: false },
  );
}

/** The ids of the demo records of a kind still marked. */
export async function listDemoRecords(kind: TDemoRecordKind): Promise<string[]> {
  const records = await DemoRecordModel.find({ kind }, { recordId: 1 }).lean();
  return records.map((record) => record.recordId);
}

/** How many demo records of a kind are still marked. */
export function countDemoRecords(kind: TDemoRecordKind): Promise<number> {
  return DemoRecordModel.countDocuments({ kind });
}

/** Forgets the marks of records that are gone (or no longer demo data). */
export async function forgetDemoRecords(kind: TDemoRecordKind, ids: string[]): Promise<void> {
  if (ids.length > 0) await DemoRecordModel.deleteMany({ _id: { $in: ids.map((id) => `${kind}:${id}`) } });
}

/** Whether the demo data was loaded, and when it was removed (null: not removed). */
export async function readDemoDataMarkers(): Promise<{ loaded: boolean; removedAt: string | null }> {
  const [loadedAt, removedAt] = await Promise.all([getSettingValue(DEMO_DATA_LOADED), getSettingValue(DEMO_DATA_REMOVED)]);
  return { loaded: loadedAt !== undefined, removedAt: removedAt === undefined ? null : String(removedAt) };
}

/** Remembers the removal, so the next start does not load the demo again (it also finds the loaded mark). */
export async function recordDemoDataRemoved(at: Date): Promise<void> {
  await putSettingValue(DEMO_DATA_REMOVED, at.toISOString());
  await putSettingValueIfUnset(DEMO_DATA_LOADED, at.toISOString());
}

/** Records that the demo data is loaded (the seeding's last step). */
export async function recordDemoDataLoaded(at: Date): Promise<void> {
  await putSettingValueIfUnset(DEMO_DATA_LOADED, at.toISOString());
}
