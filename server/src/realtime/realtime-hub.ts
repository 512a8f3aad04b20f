import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { isViewersRoom, isWallboardRoom, type TEventEnvelope, type TEventName, type TEventPayloads, type TSyncRequest, type TSyncResponse } from '@mowakaba/shared/events';
import { createKeyedBatcher } from '../database/keyed-batcher.js';
import { isDuplicateKeyError } from '../database/retry-on-duplicate-key.js';
import { CounterModel } from '../modules/counters/counter.model.js';
import { getStorage } from '../platform/storage/index.js';
import type { Logger } from '../logger.js';
import { forgetCachedSessions, onSessionsEnded } from '../modules/auth/sessions.service.js';
import { maskEventPhones } from '../modules/privacy/phone-masking.js';
import { createChangeFeed, type ChangeFeed } from '../platform/events/change-feed.js';
import type { EventPublisher } from './event-publisher.js';
import { RealtimeEventModel } from './realtime-event.model.js';
import type { RealtimeServer } from './socket-server.js';

export interface RealtimeHubOptions {
  /** Where an event that could not be stored and sent is reported. */
  logger: Logger;
  /** How long events stay replayable after a reconnect. */
  replayWindowMs?: number;
  /** Past this many missed events, over all the rooms of one sync, a console gets a fresh snapshot instead. */
  maxReplay?: number;
  /** The change feed this node appends to; one is made when not given. */
  feed?: ChangeFeed;
  /**
   * How long after a feed entry was stored the node that saved it has to announce it, before the
   * backstop announces it instead (its writer died between the save and the announcement).
   */
  announceGraceMs?: number;
}

/** Numbers, stores and emits events; answers consoles that reconnect with what they missed. */
export interface RealtimeHub extends EventPublisher {
  /** The change feed this node appends to and follows. */
  readonly feed: ChangeFeed;
  attach(io: RealtimeServer): void;
  /** Tells other nodes when this one appends to the change feed, so they read it at once; needs a multi-node adapter (Redis). */
  shareAcrossNodes(): void;
  /** Stops following the change feed (the node is closing); resolves once the followers' work under way is done. */
  detach(): Promise<void>;
  currentSequences(roomNames: string[]): Promise<Record<string, number>>;
  sync(request: TSyncRequest, allowedRooms: ReadonlySet<string>): Promise<TSyncResponse>;
  /** The answer to a sync without a replay: each room's current number, to be refetched. */
  snapshot(request: TSyncRequest, allowedRooms: ReadonlySet<string>): Promise<TSyncResponse>;
}

// One counter document holds every room's last number (room names have no dots), so a batch of events
// is numbered with one atomic increment of the storage seam, whatever rooms it spans.
const NUMBERING_BATCH = 'realtime-numbering';
const SEQUENCES_ID = 'realtime-rooms';
const sequenceField = (room: string) => `rooms.${room}`;

/** The counter document's fields for `roomNames`, each mapped to `value`. */
const perRoom = <V>(roomNames: Iterable<string>, value: (room: string) => V) => Object.fromEntries([...roomNames].map((room) => [sequenceField(room), value(room)]));
const sequencesOf = (document: mongoose.mongo.Document | null) => (document?.rooms ?? {}) as Record<string, number>;
const storedEventId = (room: string, seq: number) => `${room}#${seq}`;
/** Stored with the events that announce a feed entry, in the same insert: the backstop's proof it was announced. */
const announcementId = (position: number) => `feed#${position}`;
const BACKSTOP_CONSUMER = 'socket-announcement-backstop';

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}

export function createRealtimeHub(options: RealtimeHubOptions): RealtimeHub {
  const replayWindowMs = options.replayWindowMs ?? 5 * 60_000;
  const maxReplay = options.maxReplay ?? 200;
  let io: RealtimeServer | undefined;
  const feed = options.feed ?? createChangeFeed({ logger: options.logger });
  const announceGraceMs = options.announceGraceMs ?? 3_000;
  let backstop: { stop(): void } | undefined;

  /**
   * Numbers the events waiting, for all their rooms, with one atomic increment, stores them, then
   * emits them in order. Stored before sent, so a console that notices a gap can always fetch what
   * it missed.
   */
  const publishToRooms = createKeyedBatcher<{ envelope: Omit<TEventEnvelope, 'room' | 'seq'>; rooms: string[]; feedPosition?: number }, void>(async (_key, items) => {
    const countByRoom = new Map<string, number>();
    for (const { rooms } of items) for (const room of rooms) countByRoom.set(room, (countByRoom.get(room) ?? 0) + 1);
    const counter = await getStorage().incrementFields(SEQUENCES_ID, perRoom(countByRoom.keys(), (room) => countByRoom.get(room)!));
    const sequences = sequencesOf(counter);
    const nextSeqByRoom = new Map([...countByRoom].map(([room, count]) => [room, sequences[room]! - count + 1]));
    const numbered = items.flatMap(({ envelope, rooms }) =>
      rooms.map((room) => {
        const seq = nextSeqByRoom.get(room)!;
        nextSeqByRoom.set(room, seq + 1);
        return { ...envelope, payload: maskEventPhones(envelope.event, envelope.payload, room), room, seq } as TEventEnvelope;
      }),
    );
    const expiresAt = new Date(getStorage().clock.now().getTime() + replayWindowMs);
    const announcements = items.flatMap(({ feedPosition }) => (feedPosition === undefined ? [] : [{ _id: announcementId(feedPosition) as never, expiresAt }]));
    const events = numbered.map((envelope) => ({
      _id: storedEventId(envelope.room, envelope.seq) as never,
      eventId: envelope.id,
      room: envelope.room,
      seq: envelope.seq,
      event: envelope.event,
      payload: envelope.payload,
      at: new Date(envelope.at),
      expiresAt,
    }));
    // One insert, the marks after the events and in order, so a mark is stored only once its events
    // are (one command fewer per change: on FerretDB every command waits its turn at the one writer).
    // A change announced twice (its node was slow, and the backstop took it for lost) finds its mark
    // already there: that must not undo the events just numbered, nor keep the batch's later marks out.
    try {
      await RealtimeEventModel.collection.insertMany([...events, ...announcements], { ordered: true });
    } catch (error) {
      const failedAt = error instanceof mongoose.mongo.MongoBulkWriteError ? [error.writeErrors].flat()[0] : undefined;
      if (!failedAt || failedAt.code !== 11000 || failedAt.index < events.length) throw error;
      const rest = announcements.slice(failedAt.index - events.length + 1);
      if (rest.length > 0) {
        await RealtimeEventModel.collection.insertMany(rest, { ordered: false }).catch((again: unknown) => {
          if (!isDuplicateKeyError(again)) throw again;
        });
      }
    }
    for (const envelope of numbered) io?.to(envelope.room).emit('event', envelope);
    return items.map(() => undefined);
  });

  async function currentSequences(roomNames: string[]): Promise<Record<string, number>> {
    const counter = await CounterModel.collection.findOne({ _id: SEQUENCES_ID as never }, { projection: perRoom(roomNames, () => 1) });
    const sequences = sequencesOf(counter);
    return Object.fromEntries(roomNames.map((room) => [room, sequences[room] ?? 0]));
  }

  async function emit<E extends TEventName>(event: E, payload: TEventPayloads[E], roomNames: string[], feedPosition?: number): Promise<void> {
    const envelope = { id: randomUUID(), event, payload, at: getStorage().clock.now().toISOString() };
    const [liveRooms, numberedRooms] = partition([...new Set(roomNames)], (room) => isViewersRoom(room) || isWallboardRoom(room));
    for (const room of liveRooms) io?.to(room).emit('event.live', { ...envelope, payload: maskEventPhones(event, payload, room), room });
    if (numberedRooms.length === 0) return;
    try {
      await publishToRooms(NUMBERING_BATCH, { envelope, rooms: numberedRooms, feedPosition });
    } catch (error) {
      // The change it announces is already saved: consoles catch up at their next snapshot.
      options.logger.error({ err: error, event, rooms: numberedRooms }, 'event not stored nor sent');
    }
  }

  /**
   * Feed entries are announced by the node that saved them, at once. One node (under the feed's
   * lease) also reads every entry once it is `announceGraceMs` old (at the feed's next poll) and
   * announces those that carry no announcement mark: their node died, or failed to store the events,
   * after the change was saved.
   */
  function followAnnouncements(): { stop(): void } {
    return feed.follow({
      name: BACKSTOP_CONSUMER,
      durable: true,
      exclusive: true,
      settleMs: announceGraceMs,
      apply: async (entries) => {
        const announced = entries.filter((entry) => entry.rooms.length > 0);
        if (announced.length === 0) return;
        const marks = await Promise.all(announced.map((entry) => RealtimeEventModel.collection.findOne({ _id: announcementId(entry.position) as never }, { projection: { _id: 1 } })));
        const missing = announced.filter((_, index) => !marks[index]);
        for (const entry of missing) {
          options.logger.warn({ position: entry.position, type: entry.type }, 'change announced by the backstop: its node did not');
          await emit(entry.type as TEventName, entry.payload as never, entry.rooms, entry.position);
        }
      },
    });
  }

  let stopSharingSessionEnds: (() => void) | undefined;
  const hub: RealtimeHub = {
    feed,
    attach(server) {
      io = server;
      server.on('feed-appended', () => feed.poke());
      server.on('sessions-ended', () => forgetCachedSessions());
      backstop = followAnnouncements();
    },

    shareAcrossNodes() {
      // A hint only: a node that misses it reads the feed at its next poll.
      feed.onAppended(() => io?.serverSideEmit('feed-appended'));
      // Other nodes keep sessions a few seconds: ending one here must reach them at once.
      // Stopped with the hub: a hub detached (its Redis clients closed) while the process goes on
      // (another app in the same process) must not publish through them.
      stopSharingSessionEnds = onSessionsEnded(() => io?.serverSideEmit('sessions-ended'));
    },

    detach() {
      stopSharingSessionEnds?.();
      stopSharingSessionEnds = undefined;
      backstop?.stop();
      const stopped = feed.stop();
      // Its socket server is closing (with its Redis clients): events published through this hub
      // afterwards are still stored for replay, never sent through the closed server.
      io = undefined;
      return stopped;
    },

    async recordChanges(drafts) {
      const entries = await feed.append(drafts);
      // Announced by the node that saved the change, from what the feed stored.
      const announced = (async () => {
        for (const entry of entries) await emit(entry.type as TEventName, entry.payload as never, entry.rooms, entry.position);
      })();
      return { announced };
    },

    publish<E extends TEventName>(event: E, payload: TEventPayloads[E], roomNames: string[]) {
      return emit(event, payload, roomNames);
    },

    currentSequences,

    async snapshot(request, allowedRooms) {
      const requested = Object.keys(request.rooms).filter((room) => allowedRooms.has(room));
      const lastSeqByRoom = await currentSequences(requested);
      return { rooms: Object.fromEntries(requested.map((room) => [room, { snapshot: true as const, lastSeq: lastSeqByRoom[room]! }])) };
    },

    async sync(request, allowedRooms) {
      const requested = Object.entries(request.rooms).filter(([room]) => allowedRooms.has(room));
      const lastSeqByRoom = await currentSequences(requested.map(([room]) => room));
      // One sync reads at most maxReplay stored events over all its rooms; rooms past that get a snapshot.
      let budget = maxReplay;
      const replayable = new Set(
        requested
          .filter(([room, lastSeen]) => Number.isInteger(lastSeen) && lastSeen >= 0 && lastSeen <= lastSeqByRoom[room]!)
          .filter(([room, lastSeen]) => {
            const missed = lastSeqByRoom[room]! - lastSeen;
            if (missed > budget) return false;
            budget -= missed;
            return true;
          })
          .map(([room]) => room),
      );
      const answers = await Promise.all(
        requested.map(async ([room, lastSeen]) => {
          const lastSeq = lastSeqByRoom[room]!;
          if (!replayable.has(room)) return [room, { snapshot: true as const, lastSeq }] as const;
          const stored = await Promise.all(
            Array.from({ length: lastSeq - lastSeen }, (_, index) => RealtimeEventModel.findById(storedEventId(room, lastSeen + 1 + index)).lean()),
          );
          if (stored.some((item) => !item || item.expiresAt.getTime() < getStorage().clock.now().getTime())) {
            return [room, { snapshot: true as const, lastSeq }] as const;
          }
          const events = stored.map(
            (item) =>
              ({
                id: item!.eventId,
                room,
                seq: item!.seq,
                event: item!.event,
                payload: item!.payload,
                at: item!.at.toISOString(),
              }) as TEventEnvelope,
          );
          return [room, { events, lastSeq }] as const;
        }),
      );
      return { rooms: Object.fromEntries(answers) };
    },
  };
  return hub;
}

export async function deleteExpiredRealtimeEvents(now = getStorage().clock.now()): Promise<number> {
  const result = await RealtimeEventModel.deleteMany({ expiresAt: { $lte: now } });
  return result.deletedCount;
}
