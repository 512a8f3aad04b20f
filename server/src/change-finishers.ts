import type { ChangeFinishers } from './jobs/interrupted-changes-job.js';
import { ASSOCIATION_STREAM, finishAssociationChange } from './modules/associations/association.store.js';
import { finishCallChange } from './modules/calls/call-record.js';
import { CALL_STREAM } from './modules/calls/call.store.js';
import { CALLBACK_TASK_REMOVAL, CALLBACK_TASK_STREAM, finishCallbackTaskChange, finishCallbackTaskRemoval } from './modules/calls/callback-task.store.js';
import { openMissingVoicemailTicket } from './modules/calls/phone-menu.service.js';
import { finishTicketEntry, TICKET_ENTRY_STREAM, TICKET_STREAM } from './modules/tickets/ticket.store.js';
import { finishInterruptedTicketChange } from './modules/tickets/tickets.service.js';
import type { LiveTicketDirectory } from './modules/tickets/live-ticket-directory.js';
import type { EventPublisher } from './realtime/event-publisher.js';
import type { TwilioGateway } from './twilio/twilio-gateway.js';

/**
 * What the recovery pass calls for each kind of record whose change a node left unfinished (its
 * journal note stayed open). A module whose records keep a note adds its finisher here.
 */
export function changeFinishers({ publisher, twilio, ticketDirectory }: { publisher: EventPublisher; twilio: TwilioGateway; ticketDirectory: LiveTicketDirectory }): ChangeFinishers {
  return {
    [TICKET_STREAM]: (ticketId) => finishInterruptedTicketChange(ticketId, publisher),
    [TICKET_ENTRY_STREAM]: (entryId) => finishTicketEntry(entryId, publisher),
    [ASSOCIATION_STREAM]: (associationId) => finishAssociationChange(associationId, publisher),
    [CALLBACK_TASK_STREAM]: (taskId) => finishCallbackTaskChange(taskId, publisher),
    [CALLBACK_TASK_REMOVAL]: (taskId, detail) => finishCallbackTaskRemoval(taskId, detail, publisher),
    [CALL_STREAM]: async (callSid) => {
      await finishCallChange(callSid, publisher);
      await openMissingVoicemailTicket(callSid, { publisher, twilio, tickets: ticketDirectory });
    },
  };
}
