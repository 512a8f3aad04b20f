import type { TAssociation, TPhoneLookupResponse } from '@mowakaba/shared/schemas/associations';
import { getStorage } from '../../platform/storage/index.js';
import { AssociationModel, type AssociationDocument } from './association.model.js';
import { toAssociationDto } from './association-dto.js';
import { PhoneEntryModel } from './phone-entry.model.js';

type PhoneEntryRecord = { _id: string; version: number; associations: TAssociation[] };

/**
 * Writes an association as it now is into the caller-ID entries of its numbers, and takes it out of
 * those of `previousPhones` it no longer has (all of them once it is merged away). Call it after every
 * change of the association; each number's entry is a versioned record of the storage seam, so two
 * associations changing on one number at once both stay in it. An entry left with no association
 * stays, empty: deleting it could race with the next association to take the number.
 */
export async function syncPhoneDirectory(association: AssociationDocument, previousPhones: string[]): Promise<void> {
  const card = association.mergedIntoId ? undefined : toAssociationDto(association);
  const id = association._id.toString();
  const phones = new Set([...previousPhones, ...association.phones]);
  const storage = getStorage();
  await Promise.all(
    [...phones].map((phone) =>
      storage.upsertVersioned<PhoneEntryRecord>(PhoneEntryModel.collection.collectionName, phone, (entry) => {
        const held = entry?.associations ?? [];
        // Two changes of one association may sync out of order: a newer card is never replaced by an older one.
        if (held.some((kept) => kept.id === id && kept.version > association.version)) return null;
        const others = held.filter((kept) => kept.id !== id);
        const associations = card && association.phones.includes(phone) ? [...others, card] : others;
        if (associations.length === 0 && held.length === 0) return null;
        return { set: { associations } };
      }),
    ),
  );
}

/** Caller ID: every association and contact that has this number (E.164), in one read. */
export async function lookupAssociationsByPhone(phone: string): Promise<TPhoneLookupResponse> {
  const entry = await PhoneEntryModel.findById(phone).lean();
  const associations = (entry?.associations ?? []) as TAssociation[];
  const matches = associations.flatMap((association) =>
    association.contacts.filter((contact) => contact.phones.includes(phone)).map((contact) => ({ association, contact })),
  );
  return { phone, matches };
}

/** Entries written before they held the associations themselves are rebuilt from the associations, once. */
export async function upgradePhoneDirectory(): Promise<number> {
  if (!(await PhoneEntryModel.exists({ associations: { $exists: false } }))) return 0;
  await PhoneEntryModel.deleteMany({ associations: { $exists: false } });
  const associations = await AssociationModel.find({ mergedIntoId: null }).lean<AssociationDocument[]>();
  for (const association of associations) await syncPhoneDirectory(association, []);
  return associations.length;
}
