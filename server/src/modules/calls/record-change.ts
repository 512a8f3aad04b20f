import mongoose from 'mongoose';
import type { Fence } from '../../platform/storage/storage.js';

/** Who changes a call or a callback task and why, for their owners (call.store.ts, callback-task.store.ts). */
export interface RecordChangeContext {
  actor?: { id: string } | null;
  /** Why it changes (`claim`, `agent-details`, `association-merge` …): named in refusals. */
  reason: string;
  /** The caller's lease when it changes several records at once. */
  fence?: Fence;
}

/**
 * What mongoose would have cast, for a `$set` the storage seam writes with the raw driver: ids given
 * as strings become ObjectIds where the schema says so.
 */
export function castIdFields(schema: mongoose.Schema, set: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(set).map(([path, value]) =>
      typeof value === 'string' && schema.path(path)?.instance === 'ObjectId' ? [path, new mongoose.Types.ObjectId(value)] : [path, value],
    ),
  );
}
