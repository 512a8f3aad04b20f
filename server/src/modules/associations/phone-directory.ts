import type { TAssociation, TPhoneLookupResponse } from '../../../../shared/src/schemas/associations.js';
import { withLock } from '../../database/with-lock.js';
import { AssociationModel, type AssociationDocument } from './association.model.js';
import { toAssociationDto } from './association-dto.js';
import { PhoneEntryModel } from './phone-entry.model.js';

/**
 * Writes an association as it now is into the caller-ID entries of its numbers, and takes it out of
 * those of `previousPhones` it no longer has (all of them once it is merged away). Call it after every
 * change of the association, under its lock; each number is rewritten under that number's lock.
 */
export async function syncPhoneDirectory(association: AssociationDocument, previousPhones: string[]): Promise<void> {
  const card = association.mergedIntoId ? undefined : toAssociationDto(association);
  const id = association._id.toString();
  const phones = new Set([...previousPhones, ...association.phones]);
  await Promise.all(
    [...phones].map((phone) =>
      withLock(`phone:${phone}`, async () => {
        const entry = await PhoneEntryModel.findById(phone).lean();
        const others = ((entry?.associations ?? []) as TAssociation[]).filter((held) => held.id !== id);
        const associations = card && association.phones.includes(phone) ? [...others, card] : others;
        if (associations.length === 0) await PhoneEntryModel.deleteOne({ _id: phone });
        else await PhoneEntryModel.updateOne({ _id: phone }, { $set: { associations } }, { upsert: true });
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
