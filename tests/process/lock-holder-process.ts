// Another node, as a child process of a test: it takes a short database lock the way the embedded
// adapter does, and writes MARKER once it holds it (`hold`, with the storage's mutex on the same name,
// then never lets go) or once its versioned update is saved (`add`), or its key added to the ordered
// list `NAME` (`list`).
import { writeFileSync } from 'node:fs';
import mongoose from 'mongoose';
import { MONGOOSE_OPTIONS } from '../../server/src/database/connect-database.js';
import { withLock } from '../../server/src/platform/storage/ferretdb/with-lock.js';
import { systemClock } from '../../server/src/platform/clock.js';
import { createFerretDbStorage } from '../../server/src/platform/storage/ferretdb/ferretdb-storage.js';
import { createFerretDbOrderedLists } from '../../server/src/platform/storage/ferretdb/ferretdb-ordered-lists.js';

const [MONGO_URI, MODE, NAME, MARKER] = ['MONGO_URI', 'MODE', 'NAME', 'MARKER'].map((key) => process.env[key] ?? '') as [string, string, string, string];
await mongoose.connect(MONGO_URI, MONGOOSE_OPTIONS);
if (MODE === 'hold') {
  await withLock(NAME, () =>
    // A short mutex lease, so that a test killing this node waits two seconds for it, not ten.
    createFerretDbStorage(mongoose.connection, systemClock).withMutex([NAME], async () => {
      writeFileSync(MARKER, 'holding');
      await new Promise(() => undefined);
    }, { ttlMs: 2_000 }),
  );
} else if (MODE === 'list') {
  await createFerretDbOrderedLists(mongoose.connection).add(NAME, ['2026-01-01T00:00:03|other-node']);
  writeFileSync(MARKER, 'saved');
  process.exit(0);
} else {
  const storage = createFerretDbStorage(mongoose.connection, systemClock);
  await storage.updateVersioned<{ _id: string; version: number; count: number }>('contract_records', NAME, (current) => ({ set: { count: current.count + 10 } }));
  writeFileSync(MARKER, 'saved');
  process.exit(0);
}
