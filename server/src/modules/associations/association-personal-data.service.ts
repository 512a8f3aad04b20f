import type { EventPublisher } from '../../realtime/event-publisher.js';
import { ERASED_TEXT } from '../../../../shared/src/schemas/privacy.js';
import { AssociationModel } from './association.model.js';
import { applyAssociationChange } from './association.store.js';

/**
 * Erases an association's personal data on request (law 09-08): its names, reference, notes and
 * contacts (names, phones, e-mails) are removed and it leaves the caller-ID directory. Region,
 * province, city and field of activity stay, so statistics keep counting it.
 */
export async function eraseAssociationPersonalData(id: string, publisher: EventPublisher): Promise<{ contacts: number; phones: number }> {
  const { before } = await applyAssociationChange(
    id,
    'latest',
    () => ({
      name: { ar: ERASED_TEXT, fr: ERASED_TEXT },
      registrationRef: `erased-${id}`,
      notes: '',
      contacts: [],
      phones: [],
      searchText: '',
    }),
    { publisher, reason: 'erasure' },
  );
  return { contacts: before.contacts.length, phones: before.phones.length };
}

/** Removes the contacts that have this number from every association holding it; returns how many. */
export async function eraseContactByPhone(phone: string, publisher: EventPublisher): Promise<number> {
  const holders = await AssociationModel.find({ phones: phone }, { _id: 1 }).lean();
  let removed = 0;
  for (const { _id } of holders) {
    const result = await applyAssociationChange(
      _id.toString(),
      'latest',
      (current) => {
        const contacts = current.contacts.filter((contact) => !contact.phones.includes(phone));
        return contacts.length === current.contacts.length ? null : { contacts, phones: [...new Set(contacts.flatMap((contact) => contact.phones))] };
      },
      { publisher, reason: 'erasure' },
    );
    removed += result.before.contacts.length - result.after.contacts.length;
  }
  return removed;
}
