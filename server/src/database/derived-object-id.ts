import { createHash } from 'node:crypto';
import mongoose from 'mongoose';

/**
 * The ObjectId that `at`'s second, `key` and `slot` always give, in time order like a fresh one (the
 * second first, the slot last): a write repeated after a crash or a retry finds the record the first
 * one stored instead of adding a second.
 */
export function derivedObjectId(at: Date, key: string, slot = 0): mongoose.Types.ObjectId {
  const bytes = Buffer.alloc(12);
  bytes.writeUInt32BE(Math.floor(at.getTime() / 1000), 0);
  createHash('sha256').update(key).digest().copy(bytes, 4, 0, 7);
  bytes.writeUInt8(slot, 11);
  return new mongoose.Types.ObjectId(bytes);
}
