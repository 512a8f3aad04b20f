import { randomUUID } from 'node:crypto';
import type { TEventEnvelope, TEventName, TEventPayloads, TSyncRequest, TSyncResponse } from '../../../shared/src/events.js';
import { createKeyedBatcher } from '../database/keyed-batcher.js';
import { CounterModel } from '../modules/counters/counter.model.js';
import { incrementCounter } from '../modules/counters/counters.service.js';
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

const counterName = (room: string) => `room:${room}`;

export type PublishListener = <E extends TEventName>(event: E, payload: TEventPayloads[E]) => void;

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
   * Numbers the events waiting for a room with one locked increment, stores them, then emits them in
   * order. Stored before sent, so a console that notices a gap can always fetch what it missed.
   */
  const publishToRoom = createKeyedBatcher<Omit<TEventEnvelope, 'room' | 'seq'>, void>(async (room, envelopes) => {
    const lastSeq = await incrementCounter(counterName(room), envelopes.length);
    const numbered = envelopes.map((envelope, index) => ({ ...envelope, room, seq: lastSeq - envelopes.length + 1 + index }) as TEventEnvelope);
    const expiresAt = new Date(Date.now() + replayWindowMs);
    await RealtimeEventModel.collection.insertMany(
      numbered.map((envelope) => ({
        _id: `${room}:${envelope.seq}` as never,
        eventId: envelope.id,
        room,
        seq: envelope.seq,
        event: envelope.event,
        payload: envelope.payload,
        at: new Date(envelope.at),
        expiresAt,
      })),
    );
    for (const envelope of numbered) io?.to(room).emit('event', envelope);
    return numbered.map(() => undefined);
  });

  async function currentSequence(room: string): Promise<number> {
    const counter = await CounterModel.findById(counterName(room)).lean();
    return counter?.sequence ?? 0;
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
      await Promise.all([...new Set(roomNames)].map((room) => publishToRoom(room, envelope)));
    },

    async currentSequences(roomNames) {
      const entries = await Promise.all(roomNames.map(async (room) => [room, await currentSequence(room)] as const));
      return Object.fromEntries(entries);
    },

    async sync(request, allowedRooms) {
      const answers = await Promise.all(
        Object.entries(request.rooms)
          .filter(([room]) => allowedRooms.has(room))
          .map(async ([room, lastSeen]) => {
            const lastSeq = await currentSequence(room);
            if (!Number.isInteger(lastSeen) || lastSeen > lastSeq || lastSeq - lastSeen > maxReplay) {
              return [room, { snapshot: true as const, lastSeq }] as const;
            }
            const stored = await Promise.all(
              Array.from({ length: lastSeq - lastSeen }, (_, index) => RealtimeEventModel.findById(`${room}:${lastSeen + 1 + index}`).lean()),
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
