import type { EventPublisher } from '../../realtime/event-publisher.js';
import { ERASED_TEXT } from '@mowakaba/shared/schemas/privacy';
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
export function eraseContactByPhone(phone: string, publisher: EventPublisher): Promise<number> {
  return removeContacts({ phones: phone }, (contact) => contact.phones.includes(phone), publisher);
}

/** Removes the contacts that have this e-mail address from every association holding it; returns how many. */
export function eraseContactByEmail(email: string, publisher: EventPublisher): Promise<number> {
  return removeContacts({ 'contacts.emails': email }, (contact) => contact.emails.includes(email), publisher);
}

/** Removes the contacts that `matches` picks from the associations `holding` finds, through the association store. */
async function removeContacts(
  holding: Record<string, unknown>,
  matches: (contact: { phones: string[]; emails: string[] }) => boolean,
  publisher: EventPublisher,
): Promise<number> {
  const holders = await AssociationModel.find(holding, { _id: 1 }).lean();
  let removed = 0;
  for (const { _id } of holders) {
    const result = await applyAssociationChange(
      _id.toString(),
      'latest',
      (current) => {
        const contacts = current.contacts.filter((contact) => !matches(contact));
        return contacts.length === current.contacts.length ? null : { contacts, phones: [...new Set(contacts.flatMap((contact) => contact.phones))] };
      },
      { publisher, reason: 'erasure' },
    );
    removed += result.before.contacts.length - result.after.contacts.length;
  }
  return removed;
}

/** The contacts that have this e-mail address, with their association, for an export. */
export async function listContactsByEmail(email: string) {
  const holders = await AssociationModel.find({ 'contacts.emails': email }, { contacts: 1 }).lean();
  return holders.flatMap((association) =>
    association.contacts
      .filter((contact) => contact.emails.includes(email))
      .map((contact) => ({ associationId: association._id.toString(), name: contact.name, role: contact.role, phones: contact.phones, emails: contact.emails })),
  );
}
