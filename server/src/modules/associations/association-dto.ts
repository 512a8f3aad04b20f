import type { TAssociation } from '@mowakaba/shared/schemas/associations';
import type { AssociationDocument } from './association.model.js';

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
