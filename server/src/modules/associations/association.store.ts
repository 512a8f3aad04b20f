import mongoose from 'mongoose';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { getStorage, openChangeNote } from '../../platform/storage/index.js';
import type { Fence } from '../../platform/storage/storage.js';
import { isDuplicateKeyError } from '../../database/retry-on-duplicate-key.js';
import { AppError, notFound } from '../../errors.js';
import { AssociationModel, type AssociationDocument } from './association.model.js';
import { syncPhoneDirectory } from './phone-directory.js';
import { toAssociationDto } from './association-dto.js';
import { associationHistoryList } from './association-history-pages.js';

/** The change feed's name for association entries: read by derived paths, sent to no socket room. */
export const ASSOCIATION_STREAM = 'association';
/** The change-feed entry saying an association is gone for good (demo data removed). */
export const ASSOCIATION_REMOVED = 'association.removed';

export interface AssociationChangeContext {
  publisher: EventPublisher;
  /** Why the change was made (`merge`, `erasure` …), kept on the feed entry. */
  reason?: string;
  /** The caller's lease when it holds several associations at once (a merge). */
  fence?: Fence;
}

export interface AppliedAssociationChange {
  before: AssociationDocument;
  after: AssociationDocument;
  changed: boolean;
}

/**
 * The one way an association changes after its creation: checks the version the caller saw
 * (`'latest'` for the system acting on whatever is current), lets `decide` say which fields change
 * (it may throw to refuse, or return null for nothing), writes them with a new version, keeps the
 * caller-ID directory in step and tells the change feed. A note in the change journal spans the
 * write and what follows it: should the node die in between, the recovery pass finishes it
 * (`finishAssociationChange`) from the numbers the record kept (`lastChange`).
 */
export async function applyAssociationChange(
  id: string,
  expectedVersion: number | 'latest',
  decide: (current: AssociationDocument) => Record<string, unknown> | null,
  context: AssociationChangeContext,
): Promise<AppliedAssociationChange> {
  if (!mongoose.isValidObjectId(id)) throw notFound('association');
  const storage = getStorage();
  const note = openChangeNote(storage.journal, ASSOCIATION_STREAM, id, { fence: context.fence });
  const result = await storage
    .updateVersioned<AssociationDocument>(
      AssociationModel.collection.collectionName,
      new mongoose.Types.ObjectId(id),
      (current) => {
        // An association being removed takes no more changes.
        if ((current as { removedAt?: Date }).removedAt) throw notFound('association');
        if (expectedVersion !== 'latest' && current.version !== expectedVersion) {
          throw new AppError('conflict', 'the association changed since you loaded it', { current: toAssociationDto(current) });
        }
        const set = decide(current);
        const lastChange: AssociationLastChange = { phonesBefore: current.phones, reason: context.reason ?? null };
        return set ? { set: { ...set, updatedAt: storage.clock.now(), lastChange } } : null;
      },
      { fence: note.fence },
    )
    .catch((error: unknown) => note.refused(isDuplicateKeyError(error) ? new AppError('conflict', 'an association with this registration reference already exists') : error));
  if (!result?.changed) {
    await note.close();
    if (!result) throw notFound('association');
    return result;
  }
  try {
    await writeChangeFollowUps(result.after, result.before.phones, context.reason ?? null, context.publisher);
    void note.close();
  } catch {
    // The change is saved: the note stays open and the recovery pass writes what is missing.
  }
  return result;
}

/** What an association's last change still has to write once the record is saved: kept in the record with the change. */
interface AssociationLastChange {
  /** The numbers it had before: those it no longer has leave the caller-ID directory. */
  phonesBefore: string[];
  reason: string | null;
}

async function writeChangeFollowUps(association: AssociationDocument, phonesBefore: string[], reason: string | null, publisher: EventPublisher): Promise<void> {
  await syncPhoneDirectory(association, phonesBefore);
  await publisher.recordChanges([
    {
      stream: ASSOCIATION_STREAM,
      recordId: association._id.toString(),
      version: association.version,
      type: 'association.updated',
      payload: { association: toAssociationDto(association), ...(reason ? { reason } : {}) },
      rooms: [],
    },
  ]);
}

/**
 * Writes what an association's last change, or its creation, may have left unwritten (its journal
 * note stayed open): the caller-ID directory as the association now is, and a change-feed entry.
 * Idempotent; nothing for one never stored or removed.
 */
export async function finishAssociationChange(id: string, publisher: EventPublisher): Promise<void> {
  if (!mongoose.isValidObjectId(id)) return;
  const association = (await AssociationModel.collection.findOne({ _id: new mongoose.Types.ObjectId(id) })) as (AssociationDocument & { removedAt?: Date }) | null;
  if (!association || association.removedAt) return;
  const change = association.lastChange as AssociationLastChange | undefined;
  await writeChangeFollowUps(association, change?.phonesBefore ?? [], change?.reason ?? null, publisher);
}

/**
 * Removes an association for good (only demo data is removed this way; the caller checks it holds
 * no real work): it refuses later changes, leaves the caller-ID directory, the feed says so, then
 * its history pages and the record go. Safe to run again: one already gone answers false.
 */
export async function removeAssociation(id: string, context: { publisher: EventPublisher }): Promise<boolean> {
  if (!mongoose.isValidObjectId(id)) return false;
  const storage = getStorage();
  const associationId = new mongoose.Types.ObjectId(id);
  const result = await storage.updateVersioned<AssociationDocument>(AssociationModel.collection.collectionName, associationId, () => ({
    set: { removedAt: storage.clock.now() },
  }));
  if (!result) return false;
  await syncPhoneDirectory({ ...result.after, phones: [] }, result.after.phones);
  await context.publisher.recordChanges([
    { stream: ASSOCIATION_STREAM, recordId: id, version: result.after.version, type: ASSOCIATION_REMOVED, payload: { associationId: id }, rooms: [] },
  ]);
  await storage.lists.replace(associationHistoryList(id), []);
  await AssociationModel.collection.deleteOne({ _id: associationId });
  return true;
}
