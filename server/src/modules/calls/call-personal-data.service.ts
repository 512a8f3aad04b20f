import mongoose from 'mongoose';
import type { TRecordingAccessQuery } from '@mowakaba/shared/schemas/privacy';
import { readPage, toSortDocument, type SortKey } from '../../database/cursor.js';
import type { PersonalDataSelector } from '../personal-data-selector.js';
import { CallArchiveModel, CallModel, type CallDocument } from './call.model.js';
import { CallbackTaskModel, type CallbackTaskDocument } from './callback-task.model.js';
import { toCallDto } from './calls.service.js';
import { applyCallChange } from './call.store.js';
import { changeCallbackTasks } from './callback-task.store.js';
import type { TwilioGateway } from '../../twilio/twilio-gateway.js';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { RecordingAccessModel, type RecordingAccessDocument } from './recording-access.model.js';
import { deleteRecordingsAtTwilio, type RecordingAtTwilio } from './recording-deletion.service.js';

const CALL_MODELS = [CallModel, CallArchiveModel] as const;

function callFilter(selector: PersonalDataSelector): Record<string, unknown> {
  if ('associationId' in selector) return { associationId: new mongoose.Types.ObjectId(selector.associationId) };
  // Calls are keyed by phone number: a person known only by e-mail address has none.
  return 'phone' in selector ? { phone: selector.phone } : { _id: { $in: [] } };
}

/** Calls (live and archived) and callback tasks of the association or contact, for an export. */
export async function listCallsForExport(selector: PersonalDataSelector) {
  const filter = callFilter(selector);
  const calls = (await Promise.all(CALL_MODELS.map((model) => model.find(filter).lean<CallDocument[]>()))).flat();
  const tasks = await CallbackTaskModel.find(filter).lean<CallbackTaskDocument[]>();
  return {
    calls: calls.map(toCallDto),
    callbackTasks: tasks.map((task) => ({
      id: String(task._id),
      callSid: task.callSid,
      phone: task.phone ?? null,
      reason: task.reason,
      status: task.status,
      priorityAt: task.priorityAt.toISOString(),
    })),
  };
}

/** Removes numbers from a call's raw Twilio facts (From, To, Caller, Called …), keeping the statuses. */
function withoutNumbers(facts: CallDocument['facts']): Array<Record<string, unknown>> {
  return (facts as unknown as Array<Record<string, unknown>>).map((fact) => ({ ...fact, data: null }));
}

/**
 * Erases the numbers, notes and recording reference of the association's or contact's calls and
 * callback tasks. Result, times and team stay for the statistics.
 */
export async function eraseCallsPersonalData(
  selector: PersonalDataSelector,
  twilio: TwilioGateway,
  publisher: EventPublisher,
): Promise<{ calls: number; recordings: number; recordingsPendingAtTwilio: number; callbackTasks: number }> {
  const filter = callFilter(selector);
  let calls = 0;
  const recordings: RecordingAtTwilio[] = [];
  for (const model of CALL_MODELS) {
    const found = await model.find(filter, { _id: 1 }).lean();
    for (const { _id } of found) {
      const erased = await applyCallChange(
        _id,
        (current) => (current ? { from: '', to: '', phone: null, notes: '', recording: null, facts: withoutNumbers(current.facts) } : null),
        { reason: 'personal-data-erasure' },
      );
      if (!erased.changed || !erased.before) continue;
      if (erased.before.recording?.sid) recordings.push({ recordingSid: erased.before.recording.sid, callSid: erased.before._id });
      calls += 1;
    }
  }
  const callbackTasks = await changeCallbackTasks(filter, (task) => (task.phone === null ? null : { phone: null }), { reason: 'personal-data-erasure', publisher });
  const atTwilio = await deleteRecordingsAtTwilio(recordings, twilio);
  return { calls, recordings: recordings.length, recordingsPendingAtTwilio: atTwilio.pending, callbackTasks };
}

/** Retention of call recordings: forgets the recording of calls ended before `cutoff` and deletes it from the Twilio account. */
export async function eraseRecordingsEndedBefore(cutoff: Date, twilio: TwilioGateway): Promise<{ recordings: number; recordingsPendingAtTwilio: number }> {
  const recordings: RecordingAtTwilio[] = [];
  for (const model of CALL_MODELS) {
    const expired = { recording: { $ne: null }, endedAt: { $lt: cutoff } };
    for (const { _id } of await model.find(expired, { _id: 1 }).lean<Array<{ _id: string }>>()) {
      const forgotten = await applyCallChange(_id, (current) => (current?.recording ? { recording: null } : null), { reason: 'recording-retention' });
      const sid = forgotten.changed ? forgotten.before?.recording?.sid : null;
      if (sid) recordings.push({ recordingSid: sid, callSid: _id });
    }
  }
  const deleted = await deleteRecordingsAtTwilio(recordings, twilio);
  return { recordings: recordings.length, recordingsPendingAtTwilio: deleted.pending };
}

const ACCESS_SORT: SortKey[] = [
  { field: 'at', direction: -1 },
  { field: '_id', direction: -1 },
];

/** The recording-access trace (who listened to or was refused which recording), newest first. */
export async function listRecordingAccesses(query: TRecordingAccessQuery, at?: Record<string, Date>) {
  const filter: Record<string, unknown> = {};
  if (query.callSid) filter.callSid = query.callSid;
  if (query.userId) filter.userId = new mongoose.Types.ObjectId(query.userId);
  if (at) filter.at = at;
  const page = await readPage(
    (pageFilter, limit) => RecordingAccessModel.find(pageFilter).sort(toSortDocument(ACCESS_SORT)).limit(limit).lean<RecordingAccessDocument[]>(),
    { filter, sort: ACCESS_SORT, limit: query.limit, cursor: query.cursor },
  );
  return {
    items: page.items.map((access) => ({
      id: access._id.toString(),
      at: access.at.toISOString(),
      callSid: access.callSid,
      userId: access.userId.toString(),
      role: access.role,
      maskedPhone: access.maskedPhone ?? null,
      associationId: access.associationId?.toString() ?? null,
      outcome: access.outcome,
      range: access.range ?? null,
    })),
    nextCursor: page.nextCursor,
  };
}

/** Retention of logs: the recording-access trace older than `cutoff`. */
export async function deleteRecordingAccessesBefore(cutoff: Date): Promise<number> {
  const result = await RecordingAccessModel.deleteMany({ at: { $lt: cutoff } });
  return result.deletedCount ?? 0;
}
