import { finishInterruptedChanges } from '../../server/src/jobs/interrupted-changes-job.js';
import { ASSOCIATION_STREAM, finishAssociationChange } from '../../server/src/modules/associations/association.store.js';
import { TICKET_STREAM } from '../../server/src/modules/tickets/ticket.store.js';
import { finishInterruptedTicketChange } from '../../server/src/modules/tickets/tickets.service.js';
import type { EventPublisher } from '../../server/src/realtime/event-publisher.js';
import { createTestApp } from './test-app.js';

/**
 * A test app whose publisher fails every append to the change feed while `state.interrupted` is
 * set, as a node dying right after a record's write leaves it; `recover(seconds)` runs the recovery
 * pass as if that many seconds had passed.
 */
export function createInterruptibleApp() {
  const state = { interrupted: false };
  const testApp = createTestApp({}, undefined, (_config, hub) => ({
    publisher: {
      publish: (event, payload, rooms) => hub.publish(event, payload, rooms),
      recordChanges: (drafts) => (state.interrupted ? Promise.reject(new Error('the node died')) : hub.recordChanges(drafts)),
    } satisfies EventPublisher,
  }));
  const finishers = {
    [TICKET_STREAM]: (ticketId: string) => finishInterruptedTicketChange(ticketId, testApp.modules.publisher),
    [ASSOCIATION_STREAM]: (associationId: string) => finishAssociationChange(associationId, testApp.modules.publisher),
  };
  const recover = (secondsLater: number) => finishInterruptedChanges(finishers, new Date(Date.now() + secondsLater * 1000));
  return { ...testApp, state, recover };
}
