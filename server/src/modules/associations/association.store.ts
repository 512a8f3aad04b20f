import mongoose from 'mongoose';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { getStorage } from '../../platform/storage/index.js';
import type { Fence } from '../../platform/storage/storage.js';
import { isDuplicateKeyError } from '../../database/retry-on-duplicate-key.js';
import { AppError, notFound } from '../../errors.js';
import { AssociationModel, type AssociationDocument } from './association.model.js';
import { syncPhoneDirectory } from './phone-directory.js';
import { toAssociationDto } from './association-dto.js';

/** The change feed's name for association entries: read by derived paths, sent to no socket room. */
export const ASSOCIATION_STREAM = 'association';

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
