/** Whose personal data an export or erasure is about: an association, or one contact by number. */
export type PersonalDataSelector = { associationId: string } | { phone: string };

