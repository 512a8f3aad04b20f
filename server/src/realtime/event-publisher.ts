import type { TEventName, TEventPayloads } from '../../../shared/src/events.js';

/** How services announce facts; realtime turns them into numbered socket messages per room. */
export interface EventPublisher {
  /** Resolves once the event is stored and sent; never rejects (a failure is logged). */
  publish<E extends TEventName>(event: E, payload: TEventPayloads[E], rooms: string[]): Promise<void>;
}
