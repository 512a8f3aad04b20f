import type { ChangeFinishers } from './jobs/interrupted-changes-job.js';
import { ASSOCIATION_STREAM, finishAssociationChange } from './modules/associations/association.store.js';
import { finishCallChange } from './modules/calls/call-record.js';
import { CALL_STREAM } from './modules/calls/call.store.js';
import { CALLBACK_TASK_REMOVAL, CALLBACK_TASK_STREAM, finishCallbackTaskChange, finishCallbackTaskRemoval } from './modules/calls/callback-task.store.js';
import { finishTicketEntry, TICKET_ENTRY_STREAM, TICKET_STREAM } from './modules/tickets/ticket.store.js';
import { finishInterruptedTicketChange } from './modules/tickets/tickets.service.js';
import type { EventPublisher } from './realtime/event-publisher.js';

/**
 * What the recovery pass calls for each kind of record whose change a node left unfinished (its
 * journal note stayed open). A module whose records keep a note adds its finisher here.
 */
export function changeFinishers(publisher: EventPublisher): ChangeFinishers {
  return {
    [TICKET_STREAM]: (ticketId) => finishInterruptedTicketChange(ticketId, publisher),
    [TICKET_ENTRY_STREAM]: (entryId) => finishTicketEntry(entryId, publisher),
    [ASSOCIATION_STREAM]: (associationId) => finishAssociationChange(associationId, publisher),
    [CALLBACK_TASK_STREAM]: (taskId) => finishCallbackTaskChange(taskId, publisher),
    [CALLBACK_TASK_REMOVAL]: (taskId, detail) => finishCallbackTaskRemoval(taskId, detail, publisher),
    [CALL_STREAM]: (callSid) => finishCallChange(callSid, publisher),
  };
}
