import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { createBatchedInsert } from '../../server/src/database/batched-insert.js';
import { isDuplicateKeyError } from '../../server/src/database/retry-on-duplicate-key.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

const noteSchema = new mongoose.Schema(
  { key: { type: String, required: true, unique: true }, text: { type: String, maxlength: 20 }, labels: { type: Map, of: String, default: {} } },
  { timestamps: true },
);
const NoteModel = mongoose.model('BatchedInsertNote', noteSchema);

type StoredNote = { _id: mongoose.Types.ObjectId; key: string; text?: string; createdAt: Date; updatedAt: Date };

describe('batched inserts', () => {
  it('stores concurrent documents together, defaulted and timestamped, and fails only the refused one', async () => {
    await NoteModel.init();
    const insertNote = createBatchedInsert<StoredNote>(NoteModel);
    const results = await Promise.allSettled([
      insertNote({ key: 'a', text: 'first' }),
      insertNote({ key: 'b', text: 'second', labels: { topic: 'funding' } }),
      insertNote({ key: 'b', text: 'same key' }),
      insertNote({ key: 'c', text: 'x'.repeat(21) }),
      insertNote({ key: 'd', text: 'fourth' }),
    ]);

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(isDuplicateKeyError((results[2] as PromiseRejectedResult).reason)).toBe(true);
    expect((results[3] as PromiseRejectedResult).reason).toBeInstanceOf(mongoose.Error.ValidationError);

    const stored = await NoteModel.find().sort({ key: 1 }).lean();
    expect(stored.map((note) => [note.key, note.text])).toEqual([
      ['a', 'first'],
      ['b', 'second'],
      ['d', 'fourth'],
    ]);
    expect(stored[1]!.labels).toEqual({ topic: 'funding' });
    for (const note of stored) expect(note.createdAt).toBeInstanceOf(Date);
    const first = (results[0] as PromiseFulfilledResult<StoredNote>).value;
    expect(first._id.toString()).toBe(stored[0]!._id.toString());
  });
});
