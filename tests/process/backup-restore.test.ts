import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { findProjectRoot } from '../../server/src/project-root.js';
import { MONGOOSE_OPTIONS } from '../../server/src/database/connect-database.js';
import { emptyDatabase } from '../../server/src/database/empty-database.js';

const run = promisify(execFile);
const { EJSON } = mongoose.mongo.BSON;
const suffix = Date.now().toString(36);
const sourceName = `backup_source_${suffix}`;
const targetName = `backup_target_${suffix}`;
let folder = '';
let client: mongoose.mongo.MongoClient | undefined;

afterAll(async () => {
  for (const name of [sourceName, targetName]) if (client) await emptyDatabase(client.db(name)).catch(() => undefined);
  await client?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

function uriFor(database: string): string {
  const uri = new URL(inject('mongoUri'));
  uri.pathname = `/${database}`;
  return uri.toString();
}

/** Runs `npm run backup` / `npm run restore`'s script against the test server with this database. */
function runScript(script: string, database: string, args: string[]) {
  return run(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
    cwd: findProjectRoot(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', MONGODB_URI: uriFor(database), LOG_LEVEL: 'info' },
  });
}

async function dump(db: mongoose.mongo.Db): Promise<Record<string, string[]>> {
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((collection) => collection.name).filter((name) => !name.startsWith('system.')).sort();
  const result: Record<string, string[]> = {};
  for (const name of names) {
    result[name] = (await db.collection(name).find({}).sort({ _id: 1 }).toArray()).map((document) => EJSON.stringify(document, { relaxed: false }));
  }
  return result;
}

describe('npm run backup / npm run restore', () => {
  it('round-trips every collection through the driver: ids, dates, Arabic text and unique indexes come back the same', async () => {
    folder = await mkdtemp(join(tmpdir(), 'mowakaba-backup-'));
    client = await new mongoose.mongo.MongoClient(inject('mongoUri'), { ...MONGOOSE_OPTIONS } as mongoose.mongo.MongoClientOptions).connect();
    const source = client.db(sourceName);
    const ticketId = new mongoose.Types.ObjectId();
    await source.collection('tickets').insertMany([
      { _id: ticketId, subject: 'طلب تجديد المكتب', createdAt: new Date('2026-11-23T10:00:00Z'), tags: ['portal'], sla: { pausedMinutes: 12.5 } },
      { _id: new mongoose.Types.ObjectId(), subject: 'Deuxième demande', createdAt: new Date('2026-11-24T08:30:00Z'), custom: {} },
    ]);
    await source.collection('associations').createIndex({ registrationRef: 1 }, { unique: true, name: 'registrationRef_1' });
    await source.collection('associations').insertMany(
      Array.from({ length: 1_203 }, (_, index) => ({ _id: new mongoose.Types.ObjectId(), registrationRef: `RC-${index}`, phones: [`+2126610${String(index).padStart(5, '0')}`] })),
    );
    await source.collection('settings').insertOne({ _id: 'retention' as unknown as mongoose.Types.ObjectId, value: { logs: 730, callRecordings: null } });

    const file = join(folder, 'backup.ndjson.gz');
    await runScript('backup', sourceName, ['--out', file]);
    expect((await stat(file)).mode & 0o077).toBe(0);

    const restored = await runScript('restore', targetName, ['--in', file]);
    expect(restored.stdout).toMatch(/"documents":1206/);
    const target = client.db(targetName);
    expect(await dump(target)).toEqual(await dump(source));
    await expect(target.collection('associations').insertOne({ registrationRef: 'RC-7' })).rejects.toThrow(/duplicate key/i);

    // A second restore into the now-full database is refused without --drop and replaces it with it.
    await target.collection('tickets').deleteOne({ _id: ticketId });
    await expect(runScript('restore', targetName, ['--in', file])).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/^Restore refused: the database .+ is not empty/) });
    await runScript('restore', targetName, ['--in', file, '--drop']);
    expect(await dump(target)).toEqual(await dump(source));
  }, 120_000);
});
