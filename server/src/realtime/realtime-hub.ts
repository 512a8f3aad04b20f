import { randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import { isViewersRoom, type TEventEnvelope, type TEventName, type TEventPayloads, type TSyncRequest, type TSyncResponse } from '../../../shared/src/events.js';
import { createKeyedBatcher } from '../database/keyed-batcher.js';
import { withLock } from '../database/with-lock.js';
import { CounterModel } from '../modules/counters/counter.model.js';
import type { Logger } from '../logger.js';
import { forgetCachedSessions, onSessionsEnded } from '../modules/auth/sessions.service.js';
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
}

/** Numbers, stores and emits events; answers consoles that reconnect with what they missed. */
export interface RealtimeHub extends EventPublisher {
  attach(io: RealtimeServer): void;
  /** Calls `listener` for every event published by this node or, through the adapter, by any other. */
  onPublish(listener: PublishListener): void;
  /** Tells other nodes of what this one publishes; needs a multi-node adapter (Redis). */
  shareAcrossNodes(): void;
  currentSequences(roomNames: string[]): Promise<Record<string, number>>;
  sync(request: TSyncRequest, allowedRooms: ReadonlySet<string>): Promise<TSyncResponse>;
  /** The answer to a sync without a replay: each room's current number, to be refetched. */
  snapshot(request: TSyncRequest, allowedRooms: ReadonlySet<string>): Promise<TSyncResponse>;
}

// One counter document holds every room's last number (room names have no dots), so a batch of events
// is numbered with one locked update, whatever rooms it spans.
const NUMBERING_LOCK = 'realtime-numbering';
const SEQUENCES_ID = 'realtime-rooms';
const sequenceField = (room: string) => `rooms.${room}`;

/** The counter document's fields for `roomNames`, each mapped to `value`. */
const perRoom = <V>(roomNames: Iterable<string>, value: (room: string) => V) => Object.fromEntries([...roomNames].map((room) => [sequenceField(room), value(room)]));
const sequencesOf = (document: mongoose.mongo.Document | null) => (document?.rooms ?? {}) as Record<string, number>;
const storedEventId = (room: string, seq: number) => `${room}#${seq}`;

export type PublishListener = <E extends TEventName>(event: E, payload: TEventPayloads[E]) => void;

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}

export function createRealtimeHub(options: RealtimeHubOptions): RealtimeHub {
  const replayWindowMs = options.replayWindowMs ?? 5 * 60_000;
  const maxReplay = options.maxReplay ?? 200;
  let io: RealtimeServer | undefined;
  let sharing = false;
  const listeners: PublishListener[] = [];
  const notify = (event: TEventName, payload: TEventPayloads[TEventName]) => {
    for (const listener of listeners) listener(event, payload);
  };

  /**
   * Numbers the events waiting, for all their rooms, with one locked increment, stores them, then
   * emits them in order. Stored before sent, so a console that notices a gap can always fetch what
   * it missed.
   */
  const publishToRooms = createKeyedBatcher<{ envelope: Omit<TEventEnvelope, 'room' | 'seq'>; rooms: string[] }, void>(async (_key, items) => {
    const countByRoom = new Map<string, number>();
    for (const { rooms } of items) for (const room of rooms) countByRoom.set(room, (countByRoom.get(room) ?? 0) + 1);
    const nextSeqByRoom = await withLock(NUMBERING_LOCK, async () => {
      const counter = await CounterModel.collection.findOneAndUpdate(
        { _id: SEQUENCES_ID as never },
        { $inc: perRoom(countByRoom.keys(), (room) => countByRoom.get(room)!) },
        // FerretDB 1.24 refuses a projection here.
        { upsert: true, returnDocument: 'after' },
      );
      const sequences = sequencesOf(counter);
      return new Map([...countByRoom].map(([room, count]) => [room, sequences[room]! - count + 1]));
    });
    const numbered = items.flatMap(({ envelope, rooms }) =>
      rooms.map((room) => {
        const seq = nextSeqByRoom.get(room)!;
        nextSeqByRoom.set(room, seq + 1);
        return { ...envelope, room, seq } as TEventEnvelope;
      }),
    );
    const expiresAt = new Date(Date.now() + replayWindowMs);
    await RealtimeEventModel.collection.insertMany(
      numbered.map((envelope) => ({
        _id: storedEventId(envelope.room, envelope.seq) as never,
        eventId: envelope.id,
        room: envelope.room,
        seq: envelope.seq,
        event: envelope.event,
        payload: envelope.payload,
        at: new Date(envelope.at),
        expiresAt,
      })),
    );
    for (const envelope of numbered) io?.to(envelope.room).emit('event', envelope);
    return items.map(() => undefined);
  });

  async function currentSequences(roomNames: string[]): Promise<Record<string, number>> {
    const counter = await CounterModel.collection.findOne({ _id: SEQUENCES_ID as never }, { projection: perRoom(roomNames, () => 1) });
    const sequences = sequencesOf(counter);
    return Object.fromEntries(roomNames.map((room) => [room, sequences[room] ?? 0]));
  }

  return {
    attach(server) {
      io = server;
      server.on('published', (event, payload) => notify(event, payload));
      server.on('sessions-ended', () => forgetCachedSessions());
    },

    onPublish(listener) {
      listeners.push(listener);
    },

    shareAcrossNodes() {
      sharing = true;
      // Other nodes keep sessions a few seconds: ending one here must reach them at once.
      onSessionsEnded(() => io?.serverSideEmit('sessions-ended'));
    },

    async publish<E extends TEventName>(event: E, payload: TEventPayloads[E], roomNames: string[]) {
      const envelope = { id: randomUUID(), event, payload, at: new Date().toISOString() };
      notify(event, payload);
      if (sharing) io?.serverSideEmit('published', event, payload);
      const [liveRooms, numberedRooms] = partition([...new Set(roomNames)], isViewersRoom);
      for (const room of liveRooms) io?.to(room).emit('event.live', { ...envelope, room });
      if (numberedRooms.length === 0) return;
      try {
        await publishToRooms(NUMBERING_LOCK, { envelope, rooms: numberedRooms });
      } catch (error) {
        // The change it announces is already saved: consoles catch up at their next snapshot.
        options.logger.error({ err: error, event, rooms: numberedRooms }, 'event not stored nor sent');
      }
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
          if (stored.some((item) => !item || item.expiresAt.getTime() < Date.now())) {
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
}

export async function deleteExpiredRealtimeEvents(now = new Date()): Promise<number> {
  const result = await RealtimeEventModel.deleteMany({ expiresAt: { $lte: now } });
  return result.deletedCount;
}
