/** Whose personal data an export or erasure is about: an association, or one contact by number. */
export type PersonalDataSelector = { associationId: string } | { phone: string };

/** What erased free text is replaced with: recognisable, and the marker that makes erasure idempotent. */
export const ERASED_TEXT = '[erased]';
