import mongoose from 'mongoose';
import { expect, it } from 'vitest';
import { createFerretDbOrderedLists } from '../../server/src/platform/storage/ferretdb/ferretdb-ordered-lists.js';
import { emptyDatabase } from '../../server/src/database/empty-database.js';
import { soleWriterClaim } from '../../server/src/platform/storage/ferretdb/sole-writer.js';
import { getStorage } from '../../server/src/platform/storage/index.js';
import { ORDERED_LISTS_COLLECTION } from '../../server/src/platform/storage/storage.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase({ monitorCommands: true });

const keyAt = (n: number) => `2026-12-07T10:00:${String(n).padStart(6, '0')}|call`;

it('a node writing alone reads the lists it just wrote (today’s call log) from what its writes left, without a command, and sees every write', async (context) => {
  if (getStorage().kind !== 'embedded') context.skip();
  const lists = createFerretDbOrderedLists(mongoose.connection);
  await lists.add('memo-log', [keyAt(1)]);
  // The claim to write alone is taken in the background, at the first write.
  await expect.poll(() => soleWriterClaim().memoWhileAlone() !== null, { timeout: 10_000 }).toBe(true);
  for (let n = 2; n <= 200; n += 1) await lists.add('memo-log', [{ key: keyAt(n), value: `summary ${n}` }]);

  const reads: string[] = [];
  const listen = ({ commandName, command }: { commandName: string; command: Record<string, unknown> }) => {
    if (commandName === 'find' && String(command.find).startsWith(ORDERED_LISTS_COLLECTION)) reads.push(String(command.filter && JSON.stringify(command.filter)));
  };
  mongoose.connection.getClient().on('commandStarted', listen);
  try {
    const newest = await lists.readEntries('memo-log', { limit: 26, direction: 'descending' });
    expect(newest.map((entry) => entry.key)).toEqual(Array.from({ length: 26 }, (_, index) => keyAt(200 - index)));
    expect(newest[0]!.value).toBe('summary 200');
    expect(reads).toEqual([]);

    // What is written next is read next: the memo follows each write as it answers.
    await lists.add('memo-log', [{ key: keyAt(201), value: 'summary 201' }]);
    await lists.remove('memo-log', [keyAt(200)]);
    expect((await lists.readEntries('memo-log', { limit: 2, direction: 'descending' })).map((entry) => entry.key)).toEqual([keyAt(201), keyAt(199)]);
    expect(reads).toEqual([]);
  } finally {
    mongoose.connection.getClient().off('commandStarted', listen);
  }
});

it('a node writing alone never answers one database’s list from what it wrote of another database’s list of the same name', async (context) => {
  if (getStorage().kind !== 'embedded') context.skip();
  const here = createFerretDbOrderedLists(mongoose.connection);
  await here.add('same-name', [keyAt(1)]);
  await expect.poll(() => soleWriterClaim().memoWhileAlone() !== null, { timeout: 10_000 }).toBe(true);
  await here.add('same-name', [keyAt(2)]);

  const elsewhere = mongoose.connection.useDb(`${mongoose.connection.name}_other`, { useCache: false });
  try {
    const there = createFerretDbOrderedLists(elsewhere);
    expect(await there.readEntries('same-name', { limit: 10, direction: 'ascending' })).toEqual([]);
    await there.add('same-name', [keyAt(3)]);
    expect((await here.readEntries('same-name', { limit: 10, direction: 'ascending' })).map((entry) => entry.key)).toEqual([keyAt(1), keyAt(2)]);
    expect((await there.readEntries('same-name', { limit: 10, direction: 'ascending' })).map((entry) => entry.key)).toEqual([keyAt(3)]);
  } finally {
    await emptyDatabase(elsewhere.db!);
  }
});
