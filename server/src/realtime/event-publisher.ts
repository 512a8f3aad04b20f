import type { TEventName, TEventPayloads } from '@mowakaba/shared/events';
import type { FeedDraft } from '../platform/storage/index.js';

/** How services announce facts; realtime turns them into numbered socket messages per room. */
export interface EventPublisher {
  /** Resolves once the event is stored and sent; never rejects (a failure is logged). */
  publish<E extends TEventName>(event: E, payload: TEventPayloads[E], rooms: string[]): Promise<void>;
  /**
   * Appends record changes to the durable change feed (each entry's `type` is the event consoles get)
   * and resolves once they are stored; `announced` resolves once this node has sent them to the rooms.
   * Every node's feed followers read them too.
   */
  recordChanges(drafts: FeedDraft[]): Promise<{ announced: Promise<void> }>;
}
