import { randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import { createKeyedBatcher } from '../../database/keyed-batcher.js';
import type { Clock } from '../clock.js';
import { AppError } from '../../errors.js';
import { isDuplicateKeyError } from '../../database/retry-on-duplicate-key.js';
import { LeaseLostError, type ChangeJournal, type Fence, type OpenChange } from './storage.js';

export const CHANGE_JOURNAL_COLLECTION = 'change_journal';

interface JournalDocument {
  _id: string;
  kind: string;
  recordId: string;
  openedAt: Date;
  detail?: Record<string, unknown>;
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
  const toOpenChange = ({ _id, kind, recordId, openedAt, detail }: JournalDocument): OpenChange => ({ id: _id, kind, recordId, openedAt, ...(detail ? { detail } : {}) });

  return {
    async open(kind, recordId, detail) {
      const note: JournalDocument = { _id: randomUUID(), kind, recordId, openedAt: clock.now(), ...(detail ? { detail } : {}) };
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

export interface ChangeNote {
  /** Resolves once the note is stored: a record is written only after that. */
  opened: Promise<void>;
  /** For the record's versioned write: lets it go once the note is stored and the caller's own fence (if any) still holds. */
  fence: Fence;
  /** Forgets the note; never fails (a note left open only makes the recovery pass finish the change once more, to no effect). */
  close(): Promise<void>;
  /**
   * For the record's write failing with `error`: closes the note when the error says nothing was
   * written (a refusal of the domain, a lapsed lease, a duplicate key), then throws it again.
   */
  refused(error: unknown): Promise<never>;
}

/**
 * Opens a note for a change of `kind` `recordId`, without waiting: the note is inserted while the
 * record is read, and the write waits for it through `fence`.
 */
export function openChangeNote(
  journal: ChangeJournal,
  kind: string,
  recordId: string,
  { fence: outer, detail }: { fence?: Fence; detail?: Record<string, unknown> } = {},
): ChangeNote {
  const opening = journal.open(kind, recordId, detail);
  const opened = opening.then(() => undefined);
  opened.catch(() => undefined);
  const close = () =>
    opening.then(
      (note) => journal.close(note).catch(() => undefined),
      () => undefined,
    );
  return {
    opened,
    fence: {
      assertHeld: async () => {
        await opened;
        await outer?.assertHeld();
      },
    },
    close,
    async refused(error) {
      if (error instanceof AppError || error instanceof LeaseLostError || isDuplicateKeyError(error)) await close();
      throw error;
    },
  };
}
