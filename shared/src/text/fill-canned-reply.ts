import type { CANNED_REPLY_VARIABLES } from '../schemas/canned-replies.js';

export type TCannedReplyValues = Record<(typeof CANNED_REPLY_VARIABLES)[number], string>;

/**
 * A canned reply with its variables filled in: {association}, {reference}, {agent}. A value that is
 * unknown (a ticket without association) leaves the variable's braces out rather than the sentence
 * saying "{association}".
 */
export function fillCannedReply(body: string, values: Partial<TCannedReplyValues>): string {
  return body.replace(/\{(association|reference|agent)\}/g, (_, name: keyof TCannedReplyValues) => values[name]?.trim() || '');
}
