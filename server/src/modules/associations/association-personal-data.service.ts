import { withLock } from '../../database/with-lock.js';
import { notFound } from '../../errors.js';
import { ERASED_TEXT } from '../personal-data-selector.js';
import { AssociationModel, type AssociationDocument } from './association.model.js';
import { syncPhoneDirectory } from './phone-directory.js';

/**
 * Erases an association's personal data on request (law 09-08): its names, reference, notes and
 * contacts (names, phones, e-mails) are removed and it leaves the caller-ID directory. Region,
 * province, city and field of activity stay, so statistics keep counting it.
 */
export async function eraseAssociationPersonalData(id: string): Promise<{ contacts: number; phones: number }> {
  return withLock(`association:${id}`, async () => {
    const current = await AssociationModel.findById(id).lean<AssociationDocument>();
    if (!current) throw notFound('association');
    const updated = await AssociationModel.findByIdAndUpdate(
      id,
      {
        $set: {
          name: { ar: ERASED_TEXT, fr: ERASED_TEXT },
          registrationRef: `erased-${id}`,
          notes: '',
          contacts: [],
          phones: [],
          searchText: '',
          version: current.version + 1,
        },
      },
      { returnDocument: 'after' },
    ).lean<AssociationDocument>();
    await syncPhoneDirectory(updated!, current.phones);
    return { contacts: current.contacts.length, phones: current.phones.length };
  });
}

/** Removes the contacts that have this number from every association holding it; returns how many. */
export async function eraseContactByPhone(phone: string): Promise<number> {
  const holders = await AssociationModel.find({ phones: phone }, { _id: 1 }).lean();
  let removed = 0;
  for (const { _id } of holders) {
    removed += await withLock(`association:${_id.toString()}`, async () => {
      const current = await AssociationModel.findById(_id).lean<AssociationDocument>();
      if (!current) return 0;
      const contacts = current.contacts.filter((contact) => !contact.phones.includes(phone));
      const phones = [...new Set(contacts.flatMap((contact) => contact.phones))];
      const updated = await AssociationModel.findByIdAndUpdate(
        _id,
        { $set: { contacts, phones, version: current.version + 1 } },
        { returnDocument: 'after' },
      ).lean<AssociationDocument>();
      await syncPhoneDirectory(updated!, current.phones);
      return current.contacts.length - contacts.length;
    });
  }
  return removed;
}
