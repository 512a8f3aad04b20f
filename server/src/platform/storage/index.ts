import mongoose from 'mongoose';
import { storageOfCurrentApp } from '../app-state.js';
import { systemClock, type Clock } from '../clock.js';
import { createFerretDbStorage, rekeyNumericFeedEntries } from './ferretdb/ferretdb-storage.js';
import { releaseSoleWriterClaim } from './ferretdb/sole-writer.js';
import { createMongoDbIndexes, createMongoDbStorage } from './mongodb/mongodb-storage.js';
import type { Storage } from './storage.js';

export type { ChangeJournal, Fence, FeedDraft, FeedEntry, Lease, OpenChange, OrderedListEntry, OrderedListItem, OrderedLists, Storage, VersionedChange, VersionedRecord, VersionedResult, UpsertedResult, WindowCount } from './storage.js';
export { DuplicateRecordError, LeaseLostError } from './storage.js';
export { openChangeNote, type ChangeNote } from './change-journal.js';

// Until the process chose, the embedded adapter's workarounds: correct on MongoDB too, only slower.
let current: Storage = createFerretDbStorage(mongoose.connection, systemClock);

/** The calling app's storage (`createModules({ storage })`), else the one this process chose at start. */
export function getStorage(): Storage {
  return storageOfCurrentApp() ?? current;
}

/**
 * Picks the adapter for the connected server: FerretDB says so in `buildInfo` (`ferretdbVersion`),
 * anything else is MongoDB. Called once the connection is open, at start and by each test file.
 */
export async function chooseStorage(connection: mongoose.Connection, clock: Clock = systemClock): Promise<Storage> {
  const buildInfo = await connection.db!.admin().command({ buildInfo: 1 });
  if ('ferretdbVersion' in buildInfo) {
    await rekeyNumericFeedEntries(connection);
    current = createFerretDbStorage(connection, clock);
  } else {
    await createMongoDbIndexes(connection);
    current = createMongoDbStorage(connection, clock);
  }
  return current;
}

/**
 * Gives back what this process holds on the database for the other nodes (the embedded adapter's
 * sole-writer claim), before it disconnects: a node started next writes at once instead of waiting
 * for the claim to lapse.
 */
export async function releaseStorage(): Promise<void> {
  if (current.kind === 'embedded') await releaseSoleWriterClaim();
}
