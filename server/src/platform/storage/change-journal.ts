import { randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import { createKeyedBatcher } from '../../database/keyed-batcher.js';
import type { Clock } from '../clock.js';
import type { ChangeJournal, OpenChange } from './storage.js';

export const CHANGE_JOURNAL_COLLECTION = 'change_journal';

interface JournalDocument {
  _id: string;
  kind: string;
  recordId: string;
  openedAt: Date;
}

/**
 * The change journal: plain inserts, deletes and a read of a small collection (it holds only the
 * changes under way and those interrupted), the same on both adapters. Why not a MongoDB transaction
 * around a record and its follow-ups: a standalone MongoDB has none, and the embedded database
 * ignores them. Concurrent opens share one insert, concurrent closes one delete.
 */
export function createChangeJournal(connection: mongoose.Connection, clock: Clock): ChangeJournal {
  const notes = () => connection.collection<JournalDocument>(CHANGE_JOURNAL_COLLECTION);
  const insertBatch = createKeyedBatcher<JournalDocument, void>(async (_key, documents) => {
    await notes().insertMany(documents, { ordered: false });
    return documents.map(() => undefined);
  });
  const deleteBatch = createKeyedBatcher<string, void>(async (_key, ids) => {
    await notes().deleteMany({ _id: { $in: ids } });
    return ids.map(() => undefined);
  });
  const toOpenChange = ({ _id, kind, recordId, openedAt }: JournalDocument): OpenChange => ({ id: _id, kind, recordId, openedAt });

  return {
    async open(kind, recordId) {
      const note: JournalDocument = { _id: randomUUID(), kind, recordId, openedAt: clock.now() };
      await insertBatch('', note);
      return toOpenChange(note);
    },

    close: (change) => deleteBatch('', change.id),

    async readOpenedBefore(before, limit) {
      const found = await notes().find({ openedAt: { $lt: before } }).sort({ openedAt: 1 }).limit(limit).toArray();
      return found.map(toOpenChange);
    },
  };
}
