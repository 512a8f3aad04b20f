/**
 * Whose personal data an export or erasure is about: an association, one contact by number, or one
 * person by e-mail address (with the tickets of the portal requests they gave it for).
 */
export type PersonalDataSelector = { associationId: string } | { phone: string } | { email: string; ticketIds: string[] };

