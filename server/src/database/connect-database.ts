import { join } from 'node:path';
import mongoose from 'mongoose';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { chooseStorage, releaseStorage, type Storage } from '../platform/storage/index.js';
import { startSupervisedEmbeddedDatabase, type SupervisedEmbeddedDatabase } from './embedded-database.js';

export interface DatabaseHandle {
  connection: mongoose.Connection;
  /** The adapter chosen for the connected server (MongoDB or the embedded FerretDB). */
  storage: Storage;
  embedded?: SupervisedEmbeddedDatabase;
  close(): Promise<void>;
}

/** Connection options kept short so readiness reflects an outage within seconds. */
export const MONGOOSE_OPTIONS: mongoose.ConnectOptions = {
  serverSelectionTimeoutMS: 5_000,
  heartbeatFrequencyMS: 2_000,
  // retryWrites keeps the driver's default (on): MongoDB replica sets retry a write cut by a failover,
  // and the driver never retries on a standalone server such as the embedded FerretDB.
};

/** Connects mongoose to MONGODB_URI, or to an embedded FerretDB started under DATA_DIR. */
export async function connectDatabase(config: Config, logger: Logger): Promise<DatabaseHandle> {
  let embedded: SupervisedEmbeddedDatabase | undefined;
  let uri = config.MONGODB_URI;
  let dbName: string | undefined;
  if (uri === undefined) {
    embedded = await startSupervisedEmbeddedDatabase({
      dataDir: join(config.DATA_DIR, 'ferretdb'),
      logFile: join(config.DATA_DIR, 'embedded-db.log'),
      log: logger,
    });
    uri = embedded.uri;
    dbName = 'mowakaba';
    logger.info({ uri: embedded.uri, port: embedded.port, socketPath: embedded.socketPath, pid: embedded.pid }, 'embedded database (FerretDB) started');
  }
  let storage: Storage;
  try {
    await mongoose.connect(uri, { ...MONGOOSE_OPTIONS, ...(dbName ? { dbName } : {}) });
    storage = await chooseStorage(mongoose.connection);
    logger.info({ storage: storage.kind }, 'storage adapter chosen');
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  logger.info({ database: mongoose.connection.name }, 'database connected');
  return {
    connection: mongoose.connection,
    storage,
    embedded,
    async close() {
      await releaseStorage().catch((error: unknown) => logger.warn({ err: error }, 'could not give back the sole-writer claim; the next node waits for it to lapse'));
      await mongoose.disconnect();
      await embedded?.stop();
    },
  };
}

/** True when the database answers a ping within the timeout. */
export async function pingDatabase(connection: mongoose.Connection, timeoutMs = 1_500): Promise<boolean> {
  const database = connection.db;
  if (database === undefined) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolveTimeout) => {
    timer = setTimeout(() => resolveTimeout(false), timeoutMs);
  });
  const ping = database
    .command({ ping: 1 })
    .then(() => true)
    .catch(() => false);
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
