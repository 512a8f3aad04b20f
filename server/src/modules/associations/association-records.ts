// An association's stored record as other modules read it (a ticket's or call's association), so none imports the model.
import type mongoose from 'mongoose';
import { AssociationModel, type AssociationDocument } from './association.model.js';

export type { AssociationDocument } from './association.model.js';

/** The stored association with this id (merged ones included), or null. */
export function findAssociationRecord(id: string | mongoose.Types.ObjectId): Promise<AssociationDocument | null> {
  return AssociationModel.findById(id).lean<AssociationDocument>().exec();
}
