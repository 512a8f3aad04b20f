import mongoose from 'mongoose';
import type {
  TAssociation,
  TAssociationListQuery,
  TContactInput,
  TCreateAssociationRequest,
  TUpdateAssociationRequest,
} from '../../../../shared/src/schemas/associations.js';
import { escapeRegExp, foldText } from '../../../../shared/src/text/fold-text.js';
import { readPage, toSortDocument, type SortKey } from '../../database/cursor.js';
import { isDuplicateKeyError } from '../../database/retry-on-duplicate-key.js';
import { withLock } from '../../database/with-lock.js';
import { AppError, notFound } from '../../errors.js';
import { AssociationModel, type AssociationDocument } from './association.model.js';
import { syncPhoneDirectory } from './phone-directory.js';

export function toAssociationDto(association: AssociationDocument): TAssociation {
  return {
    id: association._id.toString(),
    name: { ar: association.name.ar, fr: association.name.fr },
    registrationRef: association.registrationRef,
    region: association.region,
    province: association.province,
    city: association.city,
    fieldOfActivity: association.fieldOfActivity,
    notes: association.notes,
    contacts: association.contacts.map((contact) => ({
      id: contact._id.toString(),
      name: contact.name,
      role: contact.role,
      phones: [...contact.phones],
      emails: [...contact.emails],
    })),
    mergedIntoId: association.mergedIntoId?.toString() ?? null,
    version: association.version,
    createdAt: association.createdAt.toISOString(),
    updatedAt: association.updatedAt.toISOString(),
  };
}

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
  const created = await AssociationModel.create({
    ...input,
    contacts,
    phones: allPhones(contacts),
    searchText: buildSearchText(input),
  }).catch(duplicateReference);
  const stored = created.toObject() as AssociationDocument;
  await syncPhoneDirectory(stored, []);
  return toAssociationDto(stored);
}

export async function getAssociationById(id: string): Promise<TAssociation> {
  const association = await AssociationModel.findById(id).lean<AssociationDocument>();
  if (!association) throw notFound('association');
  return toAssociationDto(association);
}

/** Applies changes made on the version the client saw; a stale version answers 409 with the current one. */
export async function updateAssociation(id: string, changes: TUpdateAssociationRequest): Promise<TAssociation> {
  return withLock(`association:${id}`, async () => {
    const current = await AssociationModel.findById(id).lean<AssociationDocument>();
    if (!current) throw notFound('association');
    if (current.mergedIntoId) throw new AppError('conflict', 'this association was merged into another', { mergedIntoId: current.mergedIntoId.toString() });
    if (current.version !== changes.version) {
      throw new AppError('conflict', 'the association changed since you loaded it', { current: toAssociationDto(current) });
    }
    const { version: _version, contacts: contactInput, ...fields } = changes;
    const update: Record<string, unknown> = { ...fields, version: current.version + 1 };
    let contacts = current.contacts;
    if (contactInput) {
      assertNoSharedPhone(contactInput);
      contacts = toStoredContacts(contactInput) as typeof current.contacts;
      update.contacts = contacts;
      update.phones = allPhones(contacts);
    }
    update.searchText = buildSearchText({
      name: fields.name ?? current.name,
      city: fields.city ?? current.city,
      registrationRef: fields.registrationRef ?? current.registrationRef,
    });
    const updated = await AssociationModel.findByIdAndUpdate(id, { $set: update }, { returnDocument: 'after', runValidators: true })
      .lean<AssociationDocument>()
      .catch(duplicateReference);
    await syncPhoneDirectory(updated!, current.phones);
    return toAssociationDto(updated!);
  });
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

