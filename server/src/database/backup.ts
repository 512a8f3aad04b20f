import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import mongoose from 'mongoose';

const { EJSON } = mongoose.mongo.BSON;
const FORMAT = 'mowakaba-backup/1';
const INSERT_BATCH = 500;

/**
 * One backup file: gzipped lines of canonical Extended JSON (ObjectIds, dates, binaries kept
 * exactly), a header, then per collection its indexes and its documents. Written and read through
 * the driver, so it works the same on MongoDB and on the embedded FerretDB.
 */
type BackupLine =
  | { format: typeof FORMAT; createdAt: string; database: string }
  | { collection: string; indexes: Array<{ key: Record<string, 1 | -1>; name: string; unique?: boolean }> }
  | { collection: string; document: Record<string, unknown> };

export interface BackupSummary {
  collections: Record<string, number>;
}

async function listUserCollections(db: mongoose.mongo.Db): Promise<string[]> {
  const collections = await db.listCollections({}, { nameOnly: true }).toArray();
  return collections.map((collection) => collection.name).filter((name) => !name.startsWith('system.')).sort();
}

async function* backupLines(db: mongoose.mongo.Db, summary: BackupSummary): AsyncGenerator<string> {
  const line = (value: BackupLine) => `${EJSON.stringify(value, { relaxed: false })}\n`;
  yield line({ format: FORMAT, createdAt: new Date().toISOString(), database: db.databaseName });
  for (const name of await listUserCollections(db)) {
    const collection = db.collection(name);
    const indexes = (await collection.indexes().catch(() => []))
      .filter((index) => index.name !== '_id_')
      .map((index) => ({ key: index.key as Record<string, 1 | -1>, name: index.name!, ...(index.unique ? { unique: true } : {}) }));
    yield line({ collection: name, indexes });
    let count = 0;
    // Sorted by _id so two backups of the same data are the same file (FerretDB scans anyway).
    for await (const document of collection.find({}).sort({ _id: 1 })) {
      yield line({ collection: name, document });
      count += 1;
    }
    summary.collections[name] = count;
  }
}

/** Writes every collection of `db` (documents and indexes) to `file`. */
export async function backupDatabase(db: mongoose.mongo.Db, file: string): Promise<BackupSummary> {
  const summary: BackupSummary = { collections: {} };
  await pipeline(Readable.from(backupLines(db, summary)), createGzip(), createWriteStream(file, { mode: 0o600 }));
  return summary;
}

export class RestoreRefusedError extends Error {
  override name = 'RestoreRefusedError';
}

/**
 * Loads a backup into `db`. A database that already holds collections is refused unless `drop`
 * is set, in which case each collection of the backup is dropped before it is loaded.
 */
export async function restoreDatabase(db: mongoose.mongo.Db, file: string, options: { drop?: boolean } = {}): Promise<BackupSummary> {
  const existing = new Set(await listUserCollections(db));
  // A server connecting to the database may create an empty collection or two (the storage seam's indexes): only data counts.
  const holding = (await Promise.all([...existing].map(async (name) => ((await db.collection(name).estimatedDocumentCount()) > 0 ? name : null)))).filter(Boolean);
  if (holding.length > 0 && !options.drop) {
    throw new RestoreRefusedError(`the database "${db.databaseName}" is not empty (${holding.length} collections); restore with --drop to replace them`);
  }
  const summary: BackupSummary = { collections: {} };
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  let header = false;
  let batch: { collection: string; documents: Record<string, unknown>[] } | undefined;
  const flush = async () => {
    if (!batch || batch.documents.length === 0) return;
    await db.collection(batch.collection).insertMany(batch.documents, { ordered: true });
    summary.collections[batch.collection] = (summary.collections[batch.collection] ?? 0) + batch.documents.length;
    batch.documents = [];
  };
  for await (const text of lines) {
    if (!text.trim()) continue;
    const value = EJSON.parse(text, { relaxed: false }) as BackupLine;
    if (!header) {
      if (!('format' in value) || value.format !== FORMAT) throw new RestoreRefusedError('this file is not a Mowakaba backup');
      header = true;
      continue;
    }
    if ('indexes' in value) {
      await flush();
      if (existing.has(value.collection)) await db.collection(value.collection).drop();
      await db.createCollection(value.collection);
      for (const index of value.indexes) {
        await db.collection(value.collection).createIndex(index.key, { name: index.name, ...(index.unique ? { unique: true } : {}) });
      }
      summary.collections[value.collection] = 0;
      batch = { collection: value.collection, documents: [] };
    } else if ('document' in value) {
      if (batch?.collection !== value.collection) {
        await flush();
        batch = { collection: value.collection, documents: [] };
      }
      batch.documents.push(value.document);
      if (batch.documents.length >= INSERT_BATCH) await flush();
    }
  }
  await flush();
  if (!header) throw new RestoreRefusedError('this file is empty or not a Mowakaba backup');
  return summary;
}

