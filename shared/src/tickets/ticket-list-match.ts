import type { TTicketPriority } from '../constants.js';
import { ACTIVE_TICKET_STATUSES, type TTicket, type TTicketList, type TTicketListQuery } from '../schemas/tickets.js';
import { countedSolvedAt } from './counted-solved-at.js';

const PRIORITY_ORDER: Record<TTicketPriority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

/** Who looks at a list: `me` and `mine` in a query are theirs; `teamIds` null when not known. */
export interface TListViewer {
  userId: string;
  teamIds: string[] | null;
}

/**
 * Whether a ticket belongs in a list query, judged from the ticket alone, as the server's filters
 * would. Undefined when it cannot be told here: a free-text search (references and phone numbers are
 * parsed on the server) or the viewer's teams when they are not known.
 */
export function matchesTicketListQuery(ticket: TTicket, query: TTicketListQuery, viewer: TListViewer): boolean | undefined {
  if (query.q) return undefined;
  if (query.team === 'mine' && viewer.teamIds === null) return undefined;
  const statuses: readonly string[] = query.status ?? (query.slaDueBefore ? ACTIVE_TICKET_STATUSES : []);
  const within = (value: string, from?: string, to?: string) => (!from || Date.parse(value) >= Date.parse(from)) && (!to || Date.parse(value) < Date.parse(to));
  const assignee = query.assignee === 'me' ? viewer.userId : query.assignee === 'none' ? null : query.assignee;
  if (statuses.length > 0 && !statuses.includes(ticket.status)) return false;
  if (query.priority && !query.priority.includes(ticket.priority)) return false;
  if (query.topic && !query.topic.includes(ticket.topic)) return false;
  if (query.channel && !query.channel.includes(ticket.channel)) return false;
  if (query.region && !query.region.includes(ticket.region ?? 'none')) return false;
  if (query.team === 'mine' ? !viewer.teamIds!.includes(ticket.teamId ?? '') : query.team && (ticket.teamId ?? 'none') !== query.team) return false;
  if (assignee !== undefined && ticket.assigneeId !== assignee) return false;
  if (query.tag && !ticket.tags.includes(query.tag)) return false;
  if (query.associationId && ticket.associationId !== query.associationId) return false;
  if (!within(ticket.createdAt, query.createdFrom, query.createdTo) || !within(ticket.updatedAt, query.updatedFrom, query.updatedTo)) return false;
  if (query.solvedFrom || query.solvedTo) {
    const solvedAt = countedSolvedAt(ticket);
    if (!solvedAt || !within(solvedAt, query.solvedFrom, query.solvedTo)) return false;
  }
  if (query.slaDueBefore) {
    const dueBefore = Date.parse(query.slaDueBefore);
    const firstResponseDue = !ticket.sla.firstRespondedAt && ticket.sla.firstResponseDueAt && Date.parse(ticket.sla.firstResponseDueAt) < dueBefore;
    const resolutionDue = ticket.sla.resolutionDueAt && Date.parse(ticket.sla.resolutionDueAt) < dueBefore;
    if (!firstResponseDue && !resolutionDue) return false;
  }
  return true;
}

/** The order of a list sort: negative when `a` comes first (the server's sort, id last to break ties). */
export function compareTicketsForList(a: TTicket, b: TTicket, sort: TTicketListQuery['sort']): number {
  const byId = a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  const byTime = (field: 'createdAt' | 'updatedAt') => Date.parse(a[field]) - Date.parse(b[field]);
  switch (sort) {
    case 'queue':
      return PRIORITY_ORDER[b.priority] - PRIORITY_ORDER[a.priority] || byTime('createdAt') || byId;
    case 'createdAt':
      return byTime('createdAt') || byId;
    case '-createdAt':
      return -byTime('createdAt') || -byId;
    case 'updatedAt':
      return byTime('updatedAt') || byId;
    case '-updatedAt':
      return -byTime('updatedAt') || -byId;
  }
}

/**
 * The page with a changed ticket in its place, judged from the ticket alone: replaced, moved, added
 * or removed (the same page when nothing changes), or `undecided` when only the server can tell.
 */
export function placeTicket(page: TTicketList, ticket: TTicket, query: TTicketListQuery, viewer: TListViewer, startsAtCursor: boolean): TTicketList | 'undecided' {
  const held = page.items.find((item) => item.id === ticket.id);
  // A late event never undoes a newer version the page already shows.
  if (held && held.version >= ticket.version) return page;
  const matches = matchesTicketListQuery(ticket, query, viewer);
  if (matches === undefined) return 'undecided';
  const others = page.items.filter((item) => item.id !== ticket.id);
  // A page with more after it that would fall short of its size is read again, so it stays full.
  const without = (): TTicketList | 'undecided' => (page.nextCursor !== null && others.length < query.limit ? 'undecided' : { ...page, items: others });
  if (!matches) return held ? without() : page;
  const position = others.findIndex((item) => compareTicketsForList(ticket, item, query.sort) < 0);
  // Before the first row of a later page: between this page's cursor and its first row, or on an earlier page.
  if (position === 0 && startsAtCursor) return 'undecided';
  // After the last row of a page with more after it: on a later page, which starts after that row.
  if (position === -1) return page.nextCursor === null ? { ...page, items: [...others, ticket] } : held ? without() : page;
  // A page may grow past its size: its next cursor still starts after its last row.
  return { ...page, items: [...others.slice(0, position), ticket, ...others.slice(position)] };
}
