import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { rooms } from '@mowakaba/shared/events';
import type {
  TPortalCodeResendRequest,
  TPortalLookupRequest,
  TPortalReplyRequest,
  TPortalRequest,
  TPortalRequestCreated,
  TPortalRequestStatus,
} from '@mowakaba/shared/schemas/portal';
import { AppError } from '../../errors.js';
import { lookupAssociationsByPhone } from '../associations/phone-directory.js';
import type { TicketEntryDocument } from '../tickets/ticket-entry.model.js';
import { readTimelinePage } from '../tickets/timeline-pages.js';
import { findTicketFollowingMerges, findTicketRecord, type TicketDocument } from '../tickets/ticket-records.js';
import { appendTicketEntries } from '../tickets/ticket.store.js';
import { createTicket, reopenTicketForCustomer, ticketRooms, toTicketDto, type TicketCreationDeps, type TicketServiceDeps } from '../tickets/tickets.service.js';
import { PortalAccessModel, type PortalAccessDocument } from './portal-access.model.js';

// No 0/O, 1/I: the code is often read out or copied by hand. 32 symbols × 12 = 60 bits.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 12;
const MAX_REPLIES_SHOWN = 100;

/** Wrong reference and wrong code get the same answer, so neither can be probed alone. */
const NO_MATCH = () => new AppError('not_found', 'no request matches this reference and code');

function generateFollowUpCode(): string {
  return Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

/** Groups of four for people: ABCD-EFGH-JKLM. */
function formatFollowUpCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

function hashCode(code: string, salt: string): Buffer {
  return createHash('sha256').update(`${salt}:${code}`).digest();
}

/**
 * Opens a web ticket from a portal request and returns its reference with a new follow-up code.
 * Anyone can type a phone number on the portal: when exactly one association has it, the ticket
 * only suggests that association (and contact) to the agents, who confirm it by attaching it.
 */
export async function submitPortalRequest(input: TPortalRequest, deps: TicketCreationDeps): Promise<TPortalRequestCreated> {
  const known = input.phone ? await lookupAssociationsByPhone(input.phone) : { matches: [] };
  const match = known.matches.length === 1 ? known.matches[0] : undefined;
  const ticket = await createTicket(
    {
      subject: input.subject,
      description: input.description,
      channel: 'web',
      language: input.language,
      topic: input.topic,
      priority: 'normal',
      tags: ['portal'],
      custom: {
        associationName: input.associationName,
        consent: 'law-09-08',
        ...(match ? { suggestedAssociationId: match.association.id, suggestedContactId: match.contact.id } : {}),
      },
    },
    null,
    deps,
    { contactPhone: input.phone ?? null },
  );
  const code = generateFollowUpCode();
  const salt = randomBytes(16).toString('base64url');
  await PortalAccessModel.create({ _id: ticket.reference, ticketId: ticket.id, salt, codeHash: hashCode(code, salt).toString('base64url'), email: input.email ?? null });
  return { reference: ticket.reference, followUpCode: formatFollowUpCode(code) };
}

/**
 * A requester who lost their code asks for a new one: when the reference is that of an open request
 * and the phone number is the request's (or, for a request given with an e-mail address only, the
 * address is), its code changes (the old one stops working) and `send` gets the new one for the
 * request's number or address. Nothing tells the asker whether they matched.
 */
export async function renewFollowUpCode({ reference, phone, email }: TPortalCodeResendRequest, send: (ticketId: string, code: string) => Promise<void>): Promise<void> {
  const access = await PortalAccessModel.findById(reference).lean<PortalAccessDocument>();
  const ticket = access ? await findTicketRecord(access.ticketId) : null;
  if (!access || !ticket || ticket.status === 'closed') return;
  const matches = phone !== undefined ? ticket.contactPhone === phone : !ticket.contactPhone && !!access.email && access.email === email;
  if (!matches) return;
  const code = generateFollowUpCode();
  const salt = randomBytes(16).toString('base64url');
  await PortalAccessModel.updateOne({ _id: reference }, { $set: { salt, codeHash: hashCode(code, salt).toString('base64url') } });
  await send(ticket._id.toString(), formatFollowUpCode(code));
}

/** The e-mail address a portal request's requester gave to be told of answers, if any. */
export async function findPortalRequesterEmail(reference: string): Promise<string | null> {
  const access = await PortalAccessModel.findById(reference, { email: 1 }).lean<PortalAccessDocument>();
  return access?.email ?? null;
}

async function findAccess({ reference, code }: TPortalLookupRequest): Promise<PortalAccessDocument> {
  const access = await PortalAccessModel.findById(reference).lean<PortalAccessDocument>();
  // Hash even when the reference is unknown, so both failures take the same time.
  const expected = access ? Buffer.from(access.codeHash, 'base64url') : randomBytes(32);
  const given = hashCode(code, access?.salt ?? 'none');
  if (!access || !timingSafeEqual(expected, given)) throw NO_MATCH();
  return access;
}

/** What the requester wrote from the follow page is kept as an inbound message entry marked `portal`. */
const isRequesterAnswer = (entry: TicketEntryDocument) =>
  entry.kind === 'message' && (entry.data as Record<string, unknown> | null | undefined)?.source === 'portal';

/** A portal request as its requester may see it: status, the center's public replies and their own answers, never internal notes. */
export async function getPortalRequestStatus(lookup: TPortalLookupRequest): Promise<TPortalRequestStatus> {
  const access = await findAccess(lookup);
  return describeRequest(access.ticketId.toString());
}

/** The ticket a request's conversation now lives on: a request merged into another follows it (and a merge of that one). */
async function findConversationTicket(ticketId: string): Promise<TicketDocument> {
  const ticket = await findTicketFollowingMerges(ticketId);
  if (!ticket) throw NO_MATCH();
  return ticket;
}

async function describeRequest(requestTicketId: string): Promise<TPortalRequestStatus> {
  const ticket = await findConversationTicket(requestTicketId);
  const ticketId = ticket._id.toString();
  // The latest of the conversation, from the timeline's pages (read by `_id`), newest page first.
  const latest: TicketEntryDocument[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 4 && latest.length < MAX_REPLIES_SHOWN; page += 1) {
    const read = await readTimelinePage(ticketId, { limit: 50, cursor, order: 'newest-first' });
    latest.push(...read.entries.filter((entry) => entry.kind === 'public-reply' || isRequesterAnswer(entry)));
    if (!read.nextCursor) break;
    cursor = read.nextCursor;
  }
  const shown = latest.slice(0, MAX_REPLIES_SHOWN).reverse();
  return {
    reference: ticket.reference,
    subject: ticket.subject,
    status: ticket.status,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    replies: shown.filter((entry) => entry.kind === 'public-reply').map((reply) => ({ body: reply.body, createdAt: reply.createdAt.toISOString() })),
    conversation: shown.map((entry) => ({
      from: entry.kind === 'public-reply' ? ('center' as const) : ('requester' as const),
      body: entry.body,
      createdAt: entry.createdAt.toISOString(),
    })),
  };
}

/** Ticket states an answer from the requester sends back to open (as a message on SMS does). */
const REOPENED_BY_REQUESTER = ['pending', 'solved'] as const;

/**
 * The requester answers from the follow page: the answer lands on the ticket's timeline and a
 * pending or solved ticket opens again (a closed one is history: 409, they open a new request).
 * The ticket's consoles hear of it live either way.
 */
export async function answerPortalRequest(input: TPortalReplyRequest, deps: TicketServiceDeps): Promise<TPortalRequestStatus> {
  const access = await findAccess(input);
  const ticket = await findConversationTicket(access.ticketId.toString());
  if (ticket.status === 'closed') throw new AppError('conflict', 'this request is closed: send a new one', { status: 'closed' });
  await appendTicketEntries(
    [{ ticketId: ticket._id, kind: 'message', authorId: null, body: input.body, data: { direction: 'inbound', channel: 'web', source: 'portal' } }],
    deps.publisher,
  );
  const reopened = await reopenTicketForCustomer(ticket._id.toString(), REOPENED_BY_REQUESTER, deps);
  if (!reopened) {
    const current = toTicketDto((await findTicketRecord(ticket._id)) ?? ticket);
    await deps.publisher.publish('ticket.updated', { ticket: current, actorId: null }, [...ticketRooms(current), rooms.ticket(current.id)]);
  }
  return describeRequest(ticket._id.toString());
}
