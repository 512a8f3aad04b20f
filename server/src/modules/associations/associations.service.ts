import mongoose from 'mongoose';
import type {
  TAssociation,
  TAssociationListQuery,
  TContactInput,
  TCreateAssociationRequest,
  TUpdateAssociationRequest,
} from '@mowakaba/shared/schemas/associations';
import { escapeRegExp, foldText } from '@mowakaba/shared/text/fold-text';
import { readPage, toSortDocument, type SortKey } from '../../database/cursor.js';
import { isDuplicateKeyError } from '../../database/retry-on-duplicate-key.js';
import { AppError, notFound } from '../../errors.js';
import { getStorage, openChangeNote } from '../../platform/storage/index.js';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { toAssociationDto } from './association-dto.js';
import { AssociationModel, type AssociationDocument } from './association.model.js';
import { applyAssociationChange, ASSOCIATION_STREAM } from './association.store.js';
import { syncPhoneDirectory } from './phone-directory.js';

function buildSearchText(fields: { name: { ar: string; fr: string }; city: string; registrationRef: string }): string {
  return foldText([fields.name.ar, fields.name.fr, fields.city, fields.registrationRef].join(' | '));
}

/** Refuses one phone number on two contacts of the same association (409, naming both). */
function assertNoSharedPhone(contacts: TContactInput[]): void {
  const owners = new Map<string, string>();
  for (const contact of contacts) {
    for (const phone of new Set(contact.phones)) {
      const owner = owners.get(phone);
      if (owner !== undefined) {
        throw new AppError('conflict', 'the same phone number is given to two contacts', { phone, contacts: [owner, contact.name] });
      }
      owners.set(phone, contact.name);
    }
  }
}

function toStoredContacts(contacts: TContactInput[]) {
  return contacts.map((contact) => ({
    _id: contact.id ? new mongoose.Types.ObjectId(contact.id) : new mongoose.Types.ObjectId(),
    name: contact.name,
    role: contact.role,
    phones: [...new Set(contact.phones)],
    emails: [...new Set(contact.emails)],
  }));
}

const allPhones = (contacts: Array<{ phones: string[] }>) => [...new Set(contacts.flatMap((contact) => contact.phones))];

function duplicateReference(error: unknown): never {
  if (isDuplicateKeyError(error)) throw new AppError('conflict', 'an association with this registration reference already exists');
  throw error;
}

export async function createAssociation(input: TCreateAssociationRequest): Promise<TAssociation> {
  assertNoSharedPhone(input.contacts);
  const contacts = toStoredContacts(input.contacts);
  const _id = new mongoose.Types.ObjectId();
  // Its caller-ID entries follow the insert: should the node die in between, the recovery pass writes them.
  const note = openChangeNote(getStorage().journal, ASSOCIATION_STREAM, _id.toHexString());
  await note.opened;
  const created = await AssociationModel.create({
    _id,
    ...input,
    contacts,
    phones: allPhones(contacts),
    searchText: buildSearchText(input),
  }).catch(async (error: unknown) => {
    await note.close();
    return duplicateReference(error);
  });
  const stored = created.toObject() as AssociationDocument;
  await syncPhoneDirectory(stored, []);
  void note.close();
  return toAssociationDto(stored);
}

export async function getAssociationById(id: string): Promise<TAssociation> {
  const association = await AssociationModel.findById(id).lean<AssociationDocument>();
  if (!association) throw notFound('association');
  return toAssociationDto(association);
}

/** Applies changes made on the version the client saw; a stale version answers 409 with the current one. */
export async function updateAssociation(id: string, changes: TUpdateAssociationRequest, publisher: EventPublisher): Promise<TAssociation> {
  const { version, contacts: contactInput, ...fields } = changes;
  const result = await applyAssociationChange(
    id,
    version,
    (current) => {
      if (current.mergedIntoId) throw new AppError('conflict', 'this association was merged into another', { mergedIntoId: current.mergedIntoId.toString() });
      const set: Record<string, unknown> = { ...fields };
      if (contactInput) {
        assertNoSharedPhone(contactInput);
        const contacts = toStoredContacts(contactInput);
        Object.assign(set, { contacts, phones: allPhones(contacts) });
      }
      set.searchText = buildSearchText({
        name: fields.name ?? current.name,
        city: fields.city ?? current.city,
        registrationRef: fields.registrationRef ?? current.registrationRef,
      });
      return set;
    },
    { publisher },
  );
  return toAssociationDto(result.after);
}

const LIST_SORT: SortKey[] = [
  { field: 'updatedAt', direction: -1 },
  { field: '_id', direction: -1 },
];

/** Associations by name (Arabic or French, any accents or letter forms), reference or city. */
export async function listAssociations(query: TAssociationListQuery) {
  const filter: Record<string, unknown> = { mergedIntoId: null };
  if (query.region) filter.region = query.region;
  // Every word of the query must appear, in any order.
  const words = query.q ? foldText(query.q).split(' ').filter(Boolean).slice(0, 8) : [];
  if (words.length > 0) filter.$and = words.map((word) => ({ searchText: { $regex: escapeRegExp(word) } }));
  const page = await readPage(
    (pageFilter, limit) => AssociationModel.find(pageFilter).sort(toSortDocument(LIST_SORT)).limit(limit).lean<AssociationDocument[]>(),
    { filter, sort: LIST_SORT, limit: query.limit, cursor: query.cursor },
  );
  return { items: page.items.map(toAssociationDto), nextCursor: page.nextCursor };
}

