// The owner of call records: every write to a call goes through here, onto the storage seam.
import type mongoose from 'mongoose';
import { createBatchedCollectionInsert } from '../../database/batched-insert.js';
import { isDuplicateKeyError } from '../../database/retry-on-duplicate-key.js';
import { AppError } from '../../errors.js';
import { getStorage, openChangeNote } from '../../platform/storage/index.js';
import { DuplicateRecordError, versionOf } from '../../platform/storage/storage.js';
import { recordCallInPages } from './call-log-pages.js';
import { recordCallInWaitingList } from './waiting-calls.js';
import { CallArchiveModel, CallModel, type CallDocument } from './call.model.js';
import { castIdFields, type RecordChangeContext } from './record-change.js';

/** The change feed's (and the journal's) name for calls. */
export const CALL_STREAM = 'call';

/** How often a write reads again after another writer got in between (a create raced, an archive move ran). */
const MAX_RACES = 5;

export interface AppliedCallChange {
  before: CallDocument | null;
  after: CallDocument | null;
  changed: boolean;
  /** The call was found in the archive (ended a while ago), not among recent calls. */
  archived: boolean;
}

/**
 * What the lists kept from calls showed of a call before its last change, kept in the record with
 * the change: should the node die before the lists follow, the recovery pass takes the call out of
 * where it no longer belongs (`finishCallChange`).
 */
export interface CallLastChange {
  before: Pick<CallDocument, 'phase' | 'queuedAt' | 'result' | 'associationId' | 'agentId'> | null;
}

const lastChangeOf = (current: CallDocument | null): CallLastChange => ({
  before: current && {
    phase: current.phase,
    queuedAt: current.queuedAt ?? null,
    result: current.result ?? null,
    associationId: current.associationId ?? null,
    agentId: current.agentId ?? null,
  },
});

/** The call as its lists and its agent's presence last followed it, from what the record kept (null: a new call, or one written before that was kept). */
export function listedBefore(call: CallDocument & { lastChange?: CallLastChange }): CallDocument | null {
  const before = call.lastChange?.before;
  return before ? { ...call, ...before, facts: [], version: versionOf(call) - 1 } : null;
}

/** Writes a call as stored into the lists kept from calls: the log's pages (and the association's history) and the waiting callers. */
export async function recordCallInLists(before: CallDocument | null, after: CallDocument): Promise<void> {
  await Promise.all([recordCallInPages(before, after), recordCallInWaitingList(before, after)]);
}

export interface CallChangeContext extends RecordChangeContext {
  /**
   * The call's journal note is already open over this write, held by the caller until what follows
   * is written (changeCall's, or that of a change of the same call not yet announced).
   */
  underOpenNote?: boolean;
}

/**
 * The one way a call is written, wherever it is kept (recent calls, else the archive): `decide` sees
 * the call as stored (null when there is none yet) and returns the fields to set (a new call: all of
 * them), or null for nothing. The write is a compare-and-set on the call's version, so two changes
 * racing on one call (a status callback and an agent's notes) both land, each on top of the other;
 * `decide` may therefore run more than once and must only look at what it is given. A change is
 * then written into the lists kept from calls (recordCallInLists) with the call as stored, and
 * `followUp` runs on it (what the caller writes from the change: a timeline entry, an announcement).
 * A journal note covers all of it: should the node die before the end, the recovery pass writes the
 * lists and the announcement from the call (`finishCallChange`).
 */
export async function applyCallChange(
  callSid: string,
  decide: (current: CallDocument | null) => Record<string, unknown> | null,
  context: CallChangeContext,
  followUp: (applied: AppliedCallChange) => Promise<void> = async () => undefined,
): Promise<AppliedCallChange> {
  const note = context.underOpenNote ? null : openChangeNote(getStorage().journal, CALL_STREAM, callSid, { fence: context.fence });
  const applied = note ? await writeCallChange(callSid, decide, { ...context, fence: note.fence }).catch((error: unknown) => note.refused(error)) : await writeCallChange(callSid, decide, context);
  if (applied.changed) await followUp(applied);
  // Not waited for: a note left open costs only a needless recovery (erasures run through thousands of calls).
  if (note) void note.close();
  return applied;
}

async function writeCallChange(
  callSid: string,
  decide: (current: CallDocument | null) => Record<string, unknown> | null,
  context: CallChangeContext,
): Promise<AppliedCallChange> {
  const storage = getStorage();
  const toSet = (fields: Record<string, unknown>) => ({ ...castIdFields(CallModel.schema, fields), updatedAt: storage.clock.now() });
  for (let attempt = 1; attempt <= MAX_RACES; attempt += 1) {
    for (const model of [CallModel, CallArchiveModel]) {
      const result = await storage.updateVersioned<CallDocument>(
        model.collection.collectionName,
        callSid,
        (current) => {
          const fields = decide(current);
          return fields ? { set: { ...toSet(fields), lastChange: lastChangeOf(current) } } : null;
        },
        { fence: context.fence },
      );
      if (result) {
        if (result.changed && result.after) await recordCallInLists(result.before, result.after);
        return { ...result, archived: model === CallArchiveModel };
      }
    }
    const fields = decide(null);
    if (!fields) return { before: null, after: null, changed: false, archived: false };
    const now = storage.clock.now();
    // Through the model only for its defaults and casting; the seam does the insert.
    const created = new CallModel({ ...toSet(fields), _id: callSid, createdAt: now }).toObject() as CallDocument;
    let after: CallDocument;
    try {
      after = await storage.insertVersioned(CallModel.collection.collectionName, created, { fence: context.fence });
    } catch (error) {
      // Another webhook of the same new call created it first: change that one instead.
      if (!(error instanceof DuplicateRecordError)) throw error;
      continue;
    }
    await recordCallInLists(null, after);
    return { before: null, after, changed: true, archived: false };
  }
  throw new AppError('service_unavailable', 'the system is busy; try again');
}

// Straight to the driver, calls arriving together sharing one insert: every field is set by the
// caller, and this runs on every call at the busiest moment.
const insertNewCalls = createBatchedCollectionInsert(() => CallModel.collection as unknown as mongoose.mongo.Collection);

/**
 * Records a call just arriving, with every field `call` resolves to, as version 1, and puts it in the
 * call log's pages; false when a redelivered webhook finds the record made the first time. An
 * insert refused by the unique `_id` is atomic on both databases, so this needs nothing from the
 * seam but the same version rule. A journal note is stored first, while the caller reads what the
 * call needs: should the node die before the pages follow, the recovery pass writes them from the
 * call (`finishCallChange`).
 */
export async function createNewCall(callSid: string, call: Promise<{ createdAt: Date } & Record<string, unknown>>): Promise<boolean> {
  const note = openChangeNote(getStorage().journal, CALL_STREAM, callSid);
  let fields: Awaited<typeof call>;
  try {
    [fields] = await Promise.all([call, note.opened]);
  } catch (error) {
    // Nothing was inserted (the caller's reads failed, or the note's own insert).
    void note.close();
    throw error;
  }
  const stored = { ...fields, _id: callSid, version: 1 };
  try {
    await insertNewCalls(stored);
  } catch (error) {
    if (!isDuplicateKeyError(error)) return note.refused(error);
    void note.close();
    return false;
  }
  await recordCallInLists(null, stored as unknown as CallDocument);
  // Not waited for: the answer to Twilio does not depend on it, and a note left open costs only a needless recovery.
  void note.close();
  return true;
}

/**
 * Moves an ended call to the archive: copied there, then removed from recent calls only if nobody
 * changed it meanwhile (else copied again), so a late callback landing during the move is kept.
 */
export async function archiveCall(callSid: string): Promise<void> {
  for (let attempt = 1; attempt <= MAX_RACES; attempt += 1) {
    const call = await CallModel.findById(callSid).lean<CallDocument>();
    if (!call || call.phase !== 'ended') return;
    // Nobody writes the archive's copy while the recent call exists: every write finds that one first.
    await CallArchiveModel.collection.replaceOne({ _id: callSid as never }, call as never, { upsert: true });
    if (await getStorage().deleteVersioned(CallModel.collection.collectionName, callSid, versionOf(call))) return;
  }
  throw new AppError('service_unavailable', 'the system is busy; try again');
}
