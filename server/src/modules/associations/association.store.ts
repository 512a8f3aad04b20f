import mongoose from 'mongoose';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { getStorage } from '../../platform/storage/index.js';
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
 * caller-ID directory in step and tells the change feed.
 */
export async function applyAssociationChange(
  id: string,
  expectedVersion: number | 'latest',
  decide: (current: AssociationDocument) => Record<string, unknown> | null,
  context: AssociationChangeContext,
): Promise<AppliedAssociationChange> {
  if (!mongoose.isValidObjectId(id)) throw notFound('association');
  const storage = getStorage();
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
        return set ? { set: { ...set, updatedAt: storage.clock.now() } } : null;
      },
      { fence: context.fence },
    )
    .catch((error: unknown) => {
      if (isDuplicateKeyError(error)) throw new AppError('conflict', 'an association with this registration reference already exists');
      throw error;
    });
  if (!result) throw notFound('association');
  if (!result.changed) return result;
  await syncPhoneDirectory(result.after, result.before.phones);
  await context.publisher.recordChanges([
    {
      stream: ASSOCIATION_STREAM,
      recordId: id,
      version: result.after.version,
      type: 'association.updated',
      payload: { association: toAssociationDto(result.after), ...(context.reason ? { reason: context.reason } : {}) },
      rooms: [],
    },
  ]);
  return result;
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
