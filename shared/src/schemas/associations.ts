import { z } from 'zod';
import { REGION_KEYS } from '../constants.js';
import { normalizePhoneNumber } from '../phone.js';
import { ZEmail, ZObjectId } from './common.js';

/** A phone number in any common Moroccan or international form, stored as E.164. */
export const ZPhoneNumber = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .transform((value, ctx) => {
    const normalized = normalizePhoneNumber(value);
    if (!normalized) {
      ctx.addIssue({ code: 'custom', message: 'is not a valid phone number' });
      return z.NEVER;
    }
    return normalized;
  });

export const ZContactInput = z
  .object({
    id: ZObjectId.optional(),
    name: z.string().trim().min(1).max(120),
    role: z.string().trim().max(80).default(''),
    phones: z.array(ZPhoneNumber).max(5).default([]),
    emails: z.array(ZEmail).max(5).default([]),
  })
  .strict();
export type TContactInput = z.infer<typeof ZContactInput>;

const associationFields = {
  name: z.object({ ar: z.string().trim().min(1).max(200), fr: z.string().trim().min(1).max(200) }).strict(),
  registrationRef: z.string().trim().min(1).max(60),
  region: z.enum(REGION_KEYS),
  province: z.string().trim().max(100).default(''),
  city: z.string().trim().max(100).default(''),
  fieldOfActivity: z.string().trim().max(200).default(''),
  notes: z.string().max(5000).default(''),
  contacts: z.array(ZContactInput).max(50).default([]),
};

export const ZCreateAssociationRequest = z.object(associationFields).strict();
export type TCreateAssociationRequest = z.infer<typeof ZCreateAssociationRequest>;

export const ZUpdateAssociationRequest = z
  .object({
    version: z.number().int().min(0),
    name: associationFields.name.optional(),
    registrationRef: associationFields.registrationRef.optional(),
    region: associationFields.region.optional(),
    province: z.string().trim().max(100).optional(),
    city: z.string().trim().max(100).optional(),
    fieldOfActivity: z.string().trim().max(200).optional(),
    notes: z.string().max(5000).optional(),
    contacts: z.array(ZContactInput).max(50).optional(),
  })
  .strict();
export type TUpdateAssociationRequest = z.infer<typeof ZUpdateAssociationRequest>;

export const ZContact = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  phones: z.array(z.string()),
  emails: z.array(z.string()),
});
export type TContact = z.infer<typeof ZContact>;

export const ZAssociation = z.object({
  id: z.string(),
  name: z.object({ ar: z.string(), fr: z.string() }),
  registrationRef: z.string(),
  region: z.enum(REGION_KEYS),
  province: z.string(),
  city: z.string(),
  fieldOfActivity: z.string(),
  notes: z.string(),
  contacts: z.array(ZContact),
  mergedIntoId: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TAssociation = z.infer<typeof ZAssociation>;

export const ZPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).optional(),
});

export const ZAssociationListQuery = ZPageQuery.extend({
  q: z.string().trim().max(200).optional(),
  region: z.enum(REGION_KEYS).optional(),
});
export type TAssociationListQuery = z.infer<typeof ZAssociationListQuery>;

export const ZAssociationList = z.object({ items: z.array(ZAssociation), nextCursor: z.string().nullable() });

export const ZPhoneLookupQuery = z.object({ phone: ZPhoneNumber });

export const ZPhoneLookupResponse = z.object({
  phone: z.string(),
  matches: z.array(z.object({ association: ZAssociation, contact: ZContact })),
});
export type TPhoneLookupResponse = z.infer<typeof ZPhoneLookupResponse>;

export const ZMergeAssociationsRequest = z.object({ sourceId: ZObjectId }).strict();
