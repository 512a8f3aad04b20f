import type mongoose from 'mongoose';
import type { Clock } from '../clock.js';
import { FEED_COLLECTION, FEED_POSITIONS_COLLECTION, type Storage } from './storage.js';

/** Consumers' stored positions and the feed's expiry: plain reads and writes by `_id`, the same on both adapters. */
export function createFeedPositions(connection: mongoose.Connection, clock: Clock): Pick<Storage, 'readFeedPosition' | 'saveFeedPosition' | 'deleteExpiredFeedEntries'> {
  const positions = () => connection.collection<{ _id: string; position: number }>(FEED_POSITIONS_COLLECTION);
  return {
    async readFeedPosition(consumer) {
      const stored = await positions().findOne({ _id: consumer });
      return stored?.position ?? 0;
    },

    async saveFeedPosition(consumer, position) {
      await positions().updateOne({ _id: consumer }, { $set: { position } }, { upsert: true });
    },

    async deleteExpiredFeedEntries() {
      const result = await connection.collection(FEED_COLLECTION).deleteMany({ expiresAt: { $lte: clock.now() } });
      return result.deletedCount;
    },
  };
}
