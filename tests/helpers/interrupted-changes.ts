import { finishInterruptedChanges } from '../../server/src/jobs/interrupted-changes-job.js';
import { ASSOCIATION_STREAM, finishAssociationChange } from '../../server/src/modules/associations/association.store.js';
import { CALL_STREAM, finishCallChange } from '../../server/src/modules/calls/call-record.js';
import { CALLBACK_TASK_STREAM, finishCallbackTaskChange } from '../../server/src/modules/calls/callback-task.store.js';
import { TICKET_STREAM } from '../../server/src/modules/tickets/ticket.store.js';
import { finishInterruptedTicketChange } from '../../server/src/modules/tickets/tickets.service.js';
import type { EventPublisher } from '../../server/src/realtime/event-publisher.js';
import type { AppDependencies } from '../../server/src/app-env.js';
import type { Config } from '../../server/src/config.js';
import type { RealtimeHub } from '../../server/src/realtime/realtime-hub.js';
import { createTestApp } from './test-app.js';

/**
 * A test app (on `base`'s environment and dependencies: a Twilio one) whose publisher fails every append to the change feed while `state.interrupted` is
 * set, as a node dying right after a record's write leaves it; `recover(seconds)` runs the recovery
 * pass as if that many seconds had passed.
 */
export function createInterruptibleApp(base: { environment?: Record<string, string>; extra?: (config: Config, hub: RealtimeHub) => Partial<AppDependencies> } = {}) {
  const state = { interrupted: false };
  const testApp = createTestApp(base.environment ?? {}, undefined, (config, hub) => ({
    ...base.extra?.(config, hub),
    publisher: {
      publish: (event, payload, rooms) => hub.publish(event, payload, rooms),
      recordChanges: (drafts) => (state.interrupted ? Promise.reject(new Error('the node died')) : hub.recordChanges(drafts)),
    } satisfies EventPublisher,
  }));
  const finishers = {
    [TICKET_STREAM]: (ticketId: string) => finishInterruptedTicketChange(ticketId, testApp.modules.publisher),
    [ASSOCIATION_STREAM]: (associationId: string) => finishAssociationChange(associationId, testApp.modules.publisher),
    [CALLBACK_TASK_STREAM]: (taskId: string) => finishCallbackTaskChange(taskId, testApp.modules.publisher),
    [CALL_STREAM]: (callSid: string) => finishCallChange(callSid, testApp.modules.publisher),
  };
  const recover = (secondsLater: number) => finishInterruptedChanges(finishers, new Date(Date.now() + secondsLater * 1000));
  return { ...testApp, state, recover };
}
