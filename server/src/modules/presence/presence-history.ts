import { PRESENCE_INTERVAL_ENTRY, PRESENCE_INTERVAL_STREAM, type TPresenceInterval } from '@mowakaba/shared/schemas/presence';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { PresenceIntervalModel, type PresenceIntervalDocument } from './presence-interval.model.js';

/**
 * Keeps the state an agent just left (the record presence history is rebuilt from), then appends it
 * to the change feed for the dashboard rollups. Kept before it is announced, as every owner does: a
 * node dying in between leaves it out of the rollups until `npm run dashboard:rebuild`.
 */
export async function recordPresenceInterval(interval: TPresenceInterval, publisher: EventPublisher): Promise<void> {
  const { userId, version, state, from, to, teamId } = interval;
  await PresenceIntervalModel.collection.replaceOne(
    { _id: `${userId}:${version}` as never },
    { userId, version, state, from: new Date(from), to: new Date(to), teamId },
    { upsert: true },
  );
  await publisher.recordChanges([
    { stream: PRESENCE_INTERVAL_STREAM, recordId: userId, version, type: PRESENCE_INTERVAL_ENTRY, payload: { interval }, rooms: [] },
  ]);
}

export const toPresenceInterval = (document: PresenceIntervalDocument): TPresenceInterval => ({
  userId: document.userId,
  version: document.version,
  state: document.state,
  from: document.from.toISOString(),
  to: document.to.toISOString(),
  teamId: document.teamId ?? null,
});

/** Every kept interval, in batches (the dashboard rebuild). */
export async function* listPresenceIntervals(): AsyncGenerator<TPresenceInterval> {
  for await (const document of PresenceIntervalModel.find().lean<PresenceIntervalDocument[]>().cursor({ batchSize: 1000 }) as AsyncIterable<PresenceIntervalDocument>) {
    yield toPresenceInterval(document);
  }
}

export const countPresenceIntervals = () => PresenceIntervalModel.estimatedDocumentCount();
