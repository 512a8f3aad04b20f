// What other modules, main.ts and the scripts use of the calls module; each part lives in its own file.
export { ARCHIVE_CALL_JOB, CALL_ARCHIVE_DELAY_MS, archiveEndedCall, findStoredCall, moveAssociationCalls, moveTicketCalls, phoneFromAddress, toCallDto } from './call-record.js';
export type { CallSeed, CallServiceDeps, CallTimelineState } from './call-record.js';
export { callbackTaskId } from './callback-task.store.js';
export { closeCallbackTask, listCallbackTasks } from './callback-tasks.service.js';
export { checkWaitingCall, enqueueCall, recordQueueResult, recordRecording, requestCallback, startIncomingCall } from './phone-menu.service.js';
export { confirmAgentConnection, recordAgentLegStatus, recordCallStatus, recordDialResult } from './call-lifecycle.service.js';
export { currentCallRecordings, updateCallDetails } from './call-tickets.service.js';
export { acceptQueuedCall } from './call-queue.service.js';
export { createSimulatedPartyHandler, placeOutboundCall } from './outbound-calls.service.js';
export { getCallBySid } from './call-log.service.js';
export { controlCall, isQueueName, nextSimulatedInstruction } from './call-controls.service.js';
export { CALL_OFFER_TIMEOUT_JOB, createCallOfferTimeoutHandler, offerWaitingCalls } from './call-routing.service.js';
