import { randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import type { TEventEnvelope, TEventName, TEventPayloads, TSyncRequest, TSyncResponse } from '../../../shared/src/events.js';
import { createKeyedBatcher } from '../database/keyed-batcher.js';
import { withLock } from '../database/with-lock.js';
import { CounterModel } from '../modules/counters/counter.model.js';
import type { EventPublisher } from './event-publisher.js';
import { RealtimeEventModel } from './realtime-event.model.js';
import type { RealtimeServer } from './socket-server.js';

export interface RealtimeHubOptions {
  /** How long events stay replayable after a reconnect. */
  replayWindowMs?: number;
  /** Past this many missed events a console gets a fresh snapshot instead. */
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
}

// Every room's last sequence number, in one document: a batch of events for several rooms is
// numbered by one locked increment instead of one per room.
const SEQUENCES_ID = 'realtime-room-sequences';
const storedEventId = (room: string, seq: number) => `${room}#${seq}`;

interface RoomSequences {
  _id: string;
  rooms?: Record<string, number>;
}

export type PublishListener = <E extends TEventName>(event: E, payload: TEventPayloads[E]) => void;

const sequencesCollection = () => CounterModel.collection as unknown as mongoose.Collection<RoomSequences>;

export function createRealtimeHub(options: RealtimeHubOptions = {}): RealtimeHub {
  const replayWindowMs = options.replayWindowMs ?? 5 * 60_000;
  const maxReplay = options.maxReplay ?? 500;
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
    const lastSeqByRoom = await withLock(SEQUENCES_ID, async () => {
      const increments = Object.fromEntries([...countByRoom].map(([room, count]) => [`rooms.${room}`, count]));
      const sequences = await sequencesCollection().findOneAndUpdate({ _id: SEQUENCES_ID }, { $inc: increments }, { upsert: true, returnDocument: 'after' });
      return sequences?.rooms ?? {};
    });
    const nextSeqByRoom = new Map([...countByRoom].map(([room, count]) => [room, lastSeqByRoom[room]! - count + 1]));
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
    const sequences = await sequencesCollection().findOne({ _id: SEQUENCES_ID });
    return Object.fromEntries(roomNames.map((room) => [room, sequences?.rooms?.[room] ?? 0]));
  }

  return {
    attach(server) {
      io = server;
      server.on('published', (event, payload) => notify(event, payload));
    },

    onPublish(listener) {
      listeners.push(listener);
    },

    shareAcrossNodes() {
      sharing = true;
    },

    async publish<E extends TEventName>(event: E, payload: TEventPayloads[E], roomNames: string[]) {
      const envelope = { id: randomUUID(), event, payload, at: new Date().toISOString() };
      notify(event, payload);
      if (sharing) io?.serverSideEmit('published', event, payload);
      await publishToRooms(SEQUENCES_ID, { envelope, rooms: [...new Set(roomNames)] });
    },

    currentSequences,

    async sync(request, allowedRooms) {
      const requested = Object.entries(request.rooms).filter(([room]) => allowedRooms.has(room));
      const lastSeqByRoom = await currentSequences(requested.map(([room]) => room));
      const answers = await Promise.all(
        requested.map(async ([room, lastSeen]) => {
          const lastSeq = lastSeqByRoom[room]!;
          if (!Number.isInteger(lastSeen) || lastSeen > lastSeq || lastSeq - lastSeen > maxReplay) {
            return [room, { snapshot: true as const, lastSeq }] as const;
          }
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
