import mongoose from 'mongoose';
import type { TRegionKey, TTicketStatus } from '@mowakaba/shared/constants';
import { rooms } from '@mowakaba/shared/events';
import { normalizePhoneNumber } from '@mowakaba/shared/phone';
import {
  ACTIVE_TICKET_STATUSES,
  TICKET_TRANSITIONS,
  type TCreateTicketEntryRequest,
  type TCreateTicketRequest,
  type TTicket,
  type TTicketEntry,
  type TTicketListQuery,
  type TUpdateTicketRequest,
} from '@mowakaba/shared/schemas/tickets';
import { escapeRegExp } from '@mowakaba/shared/text/fold-text';
import { assertWorkAccess, getVisibility, hasWorkAccess, isVisible, visibilityFilter, type Visibility } from '../../access/access-rule.js';
import { createBatchedInsert } from '../../database/batched-insert.js';
import { readPage, toSortDocument, type SortKey } from '../../database/cursor.js';
import { sameValue } from '../../database/same-value.js';
import { AppError, notFound } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { findAssociationRecord, type AssociationDocument } from '../associations/association-records.js';
import { computeSla, getSlaContext, scheduleSlaCheck } from '../sla/sla.service.js';
import { findTeamRecord, getTeamsOf } from '../teams/teams.service.js';
import { findUserRecord } from '../users/user-records.js';
import { TicketAuditModel } from './ticket-audit.model.js';
import { appendTicketEntries, applyTicketChange, finishTicketChange, recordTicketCreated, TICKET_STREAM, type AuditedChange } from './ticket.store.js';
import { TicketEntryModel, type TicketEntryDocument } from './ticket-entry.model.js';
import type { LiveTicketDirectory } from './live-ticket-directory.js';
import { SORTS } from './ticket-list-sorts.js';
import { readTimelinePage } from './timeline-pages.js';
import { explainNothingToTake } from './take-next-refusal.js';
import { ticketRooms, toEntryDto, toTicketDto } from './ticket-dto.js';
import { findTicketFollowingMerges } from './ticket-records.js';
import { allocateTicketReference } from './ticket-reference.js';
import { chooseAgent, chooseTeam } from './ticket-routing.js';
import { PRIORITY_RANK, TicketModel, type TicketDocument } from './ticket.model.js';
import { getStorage, openChangeNote } from '../../platform/storage/index.js';

// Creations arrive in bursts (a queue of calls, a campaign of messages): their inserts share round trips.
const insertTicket = createBatchedInsert<TicketDocument>(TicketModel);

export { SORTS, ticketRooms, toTicketDto };

export interface TicketActor {
  id: string;
  role: string;
}

/** What messaging does for tickets; given by the routes, so tickets know nothing of Twilio. */
export interface TicketMessaging {
  /** Sends a public reply to the contact on an SMS or WhatsApp ticket; returns the delivery to record on the entry (null on other channels). */
  deliverReply(ticket: TicketDocument, entryId: mongoose.Types.ObjectId, body: string): Promise<Record<string, unknown> | null>;
  /** A ticket was just solved: time for the satisfaction survey. */
  ticketSolved(ticket: TicketDocument): Promise<void>;
  /** The delivery status now known of outbound messages, by MessageSid, shown on the timeline entries that sent them. */
  currentDeliveries(messageSids: string[]): Promise<Map<string, { status: string; errorCode: string | null }>>;
}

/** What the calls module tells tickets about their call entries; given by the routes, so tickets import no call model. */
export interface TicketCalls {
  /** By call SID: the call's result and the server's path to its recording. */
  currentCallRecordings(callSids: string[]): Promise<Map<string, { result: string | null; recording: Record<string, unknown> | null }>>;
}

export interface TicketServiceDeps {
  publisher: EventPublisher;
  /** Where a failure after a saved change is reported. */
  logger?: Logger;
  messaging?: TicketMessaging;
}

async function findAssociation(associationId: string): Promise<AssociationDocument> {
  const association = await findAssociationRecord(associationId);
  if (!association) throw new AppError('not_found', 'association not found', { field: 'associationId' });
  if (association.mergedIntoId) {
    throw new AppError('conflict', 'this association was merged into another', { mergedIntoId: association.mergedIntoId.toString() });
  }
  return association;
}

async function assertAssignable(assigneeId: string | null | undefined, teamId: string | null | undefined): Promise<void> {
  if (assigneeId) {
    const assignee = await findUserRecord(assigneeId);
    if (!assignee || assignee.disabled) throw new AppError('not_found', 'assignee not found', { field: 'assigneeId' });
  }
  if (teamId && !(await findTeamRecord(teamId))) throw new AppError('not_found', 'team not found', { field: 'teamId' });
}

/** What creating a ticket needs beyond the other changes: this node's directory, whose loads route it to an agent. */
export type TicketCreationDeps = TicketServiceDeps & { tickets: LiveTicketDirectory };

interface TicketCreationOptions {
  contactPhone?: string | null;
  centerNumber?: string | null;
  association?: AssociationDocument;
  /** An id the caller derived from what the ticket is for: a creation repeated after a node died finds the first one's ticket. */
  ticketId?: mongoose.Types.ObjectId;
}

/**
 * Opens a ticket with a new reference; the association, if any, gives its contact phone and region.
 * `contactPhone` is the number a call or message came from, when the ticket starts with one;
 * `centerNumber` the center's number a message was sent to.
 */
export async function createTicket(input: TCreateTicketRequest, actor: TicketActor | null, deps: TicketCreationDeps, options: TicketCreationOptions = {}): Promise<TTicket> {
  try {
    return await openNewTicket(input, actor, deps, options);
  } catch (error) {
    // Created before under the id the caller chose (a repeat after a node died, which may find its
    // contact erased or the ticket merged since): that ticket. Not looked up first, which would cost
    // every creation a read; a repeat that got as far as the insert leaves a reference unused.
    const createdBefore = options.ticketId ? await findTicketFollowingMerges(options.ticketId) : null;
    if (createdBefore) return toTicketDto(createdBefore);
    throw error;
  }
}

async function openNewTicket(
  input: TCreateTicketRequest,
  actor: TicketActor | null,
  deps: TicketCreationDeps,
  options: TicketCreationOptions,
): Promise<TTicket> {
  let associationFields: {
    associationId?: mongoose.Types.ObjectId;
    contactId?: mongoose.Types.ObjectId;
    contactPhone?: string;
    region?: TRegionKey;
  } = {};
  if (input.associationId) {
    // The caller may have just read it (a call's association): not read again.
    const known = options.association;
    const association = known && known._id.toString() === input.associationId && !known.mergedIntoId ? known : await findAssociation(input.associationId);
    const contact = input.contactId ? association.contacts.find((candidate) => candidate._id.toString() === input.contactId) : undefined;
    if (input.contactId && !contact) throw new AppError('not_found', 'contact not found in this association', { field: 'contactId' });
    associationFields = {
      associationId: association._id,
      contactId: contact?._id,
      contactPhone: options.contactPhone ?? contact?.phones[0],
      region: association.region,
    };
  } else if (input.contactId) {
    throw new AppError('validation_failed', 'the request is not valid', [
      { path: 'contactId', code: 'custom', message: 'needs an associationId' },
    ]);
  }
  if (!input.associationId && options.contactPhone) associationFields.contactPhone = options.contactPhone;
  await assertAssignable(input.assigneeId, null);
  const team = await chooseTeam(input.language, input.topic);
  const _id = options.ticketId ?? new mongoose.Types.ObjectId();
  // Its feed entry, history and SLA timer follow the insert: should the node die in between, the recovery pass writes them.
  const note = openChangeNote(getStorage().journal, TICKET_STREAM, _id.toHexString());
  const [assigneeId, slaContext, reference] = await Promise.all([
    input.assigneeId ?? (team ? chooseAgent(team, deps.tickets) : undefined),
    getSlaContext(),
    allocateTicketReference(),
    note.opened,
  ]);
  const now = getStorage().clock.now();
  let created: TicketDocument;
  try {
    created = await insertTicket({
      _id,
      createdAt: now,
      sla: computeSla({ createdAt: now, priority: input.priority, status: 'new', sla: null }, slaContext, now),
      ...input,
      ...associationFields,
      reference,
      priorityRank: PRIORITY_RANK[input.priority],
      teamId: team?._id ?? null,
      assigneeId: assigneeId ?? null,
      createdById: actor?.id ?? null,
      centerNumber: options.centerNumber ?? null,
    });
  } catch (error) {
    await note.close();
    throw error;
  }
  const ticket = toTicketDto(created);
  try {
    await Promise.all([
      recordTicketCreated(ticket, actor?.id ?? null, deps.publisher).then(() => {
        // Announced: the next ticket routed on this node counts this one without waiting for the feed's follower.
        deps.tickets.noteCreated(ticket);
      }),
      scheduleSlaCheck(created, slaContext.settings.policy.warningMinutes),
    ]);
    void note.close();
  } catch (error) {
    // The ticket is saved: answered as created (a retry would make a second one), the note left for the recovery pass.
    deps.logger?.warn({ err: error, ticketId: ticket.id }, 'ticket saved; what follows its creation is left to the recovery pass');
  }
  return ticket;
}

/** A merged duplicate is history: its work goes on in the ticket it was merged into. */
const mergedAway = (ticket: TicketDocument) =>
  new AppError('conflict', 'this ticket was merged into another', { mergedIntoId: ticket.mergedIntoId!.toString() });

/** Who works a ticket, for the access rule. */
type TicketWorkers = { assigneeId?: mongoose.Types.ObjectId | string | null; teamId?: mongoose.Types.ObjectId | string | null };
const workScopeOf = (ticket: TicketWorkers) => ({ personIds: [ticket.assigneeId], teamIds: [ticket.teamId] });

/** 403 unless the actor may see and work this ticket (the access rule: their own, their teams', or unrouted). */
export async function assertTicketAccess(ticket: TicketWorkers, actor: TicketActor): Promise<void> {
  await assertWorkAccess(actor, workScopeOf(ticket), 'this ticket belongs to another team');
}

/** Whether the actor may see this ticket, e.g. to join the room of its viewers. */
export async function canSeeTicket(id: string, actor: TicketActor): Promise<boolean> {
  const ticket = await TicketModel.findById(id, { assigneeId: 1, teamId: 1 }).lean<TicketDocument>();
  return ticket !== null && (await hasWorkAccess(actor, workScopeOf(ticket)));
}

export async function getTicketById(id: string, actor: TicketActor): Promise<TTicket> {
  const ticket = await TicketModel.findById(id).lean<TicketDocument>();
  if (!ticket) throw notFound('ticket');
  await assertTicketAccess(ticket, actor);
  return toTicketDto(ticket);
}

/**
 * Applies changes made on the version the client saw, through the ticket store: two agents saving
 * at once cannot both win, the second gets 409 with the ticket as it now is. A null actor is the
 * system (e.g. a customer message reopening the ticket).
 */
export async function updateTicket(
  id: string,
  request: TUpdateTicketRequest,
  actor: TicketActor | null,
  deps: TicketServiceDeps,
  options: { reason?: string } = {},
): Promise<TTicket> {
  const { version, ...requested } = request;
  await assertAssignable(requested.assigneeId, requested.teamId);
  const association = requested.associationId ? await findAssociation(requested.associationId) : undefined;
  const slaContext = await getSlaContext();

  // Asked before the version check: a 409 carries the current ticket.
  const visibility = actor ? await getVisibility(actor) : undefined;
  const result = await applyTicketChange(
    id,
    version,
    (current) => {
      const before = toTicketDto(current);
      if (current.mergedIntoId) throw mergedAway(current);
      if (requested.status && requested.status !== current.status && !TICKET_TRANSITIONS[current.status].includes(requested.status)) {
        throw new AppError('conflict', `a ${current.status} ticket cannot become ${requested.status}`, {
          status: current.status,
          allowed: TICKET_TRANSITIONS[current.status],
        });
      }
      const changes: AuditedChange[] = [];
      const set: Record<string, unknown> = {};
      const record = (field: keyof TTicket, to: unknown) => {
        if (to === undefined || sameValue(before[field], to)) return;
        changes.push({ field, from: before[field], to });
        set[field] = to;
      };
      record('subject', requested.subject);
      record('description', requested.description);
      record('language', requested.language);
      record('topic', requested.topic);
      record('priority', requested.priority);
      record('status', requested.status);
      record('assigneeId', requested.assigneeId);
      record('teamId', requested.teamId);
      record('tags', requested.tags);
      record('custom', requested.custom);
      if (requested.associationId !== undefined && !sameValue(before.associationId, requested.associationId)) {
        changes.push({ field: 'associationId', from: before.associationId, to: requested.associationId });
        Object.assign(set, {
          associationId: association?._id ?? null,
          region: association?.region ?? null,
          contactId: null,
          contactPhone: association ? current.contactPhone : null,
        });
      }
      if (changes.length === 0) return null;
      const now = getStorage().clock.now();
      if (set.priority) set.priorityRank = PRIORITY_RANK[set.priority as keyof typeof PRIORITY_RANK];
      if (set.status === 'solved') set.solvedAt = now;
      if (set.status === 'closed') set.closedAt = now;
      if (set.status === 'open' && current.status === 'solved') set.solvedAt = null;
      if (set.priority || set.status) {
        const next = { createdAt: current.createdAt, priority: requested.priority ?? current.priority, status: requested.status ?? current.status };
        set.sla = computeSla({ ...next, sla: current.sla }, slaContext, now);
      }
      return { set, changes };
    },
    {
      actor,
      reason: options.reason,
      publisher: deps.publisher,
      authorize: (current) => {
        if (visibility && !isVisible(visibility, workScopeOf(current))) throw new AppError('forbidden', 'this ticket belongs to another team');
      },
    },
  );

  const after = toTicketDto(result.after);
  if (result.changed) {
    const before = toTicketDto(result.before);
    if (result.changes.some((change) => change.field === 'priority' || change.field === 'status')) {
      await scheduleSlaCheck(result.after, slaContext.settings.policy.warningMinutes);
    }
    if (after.status === 'solved' && before.status !== 'solved') await deps.messaging?.ticketSolved(result.after);
  }
  return after;
}

/**
 * The contact wrote again on a ticket that was waiting for them (pending) or solved: it goes back to
 * open, through updateTicket, so the status-change entry, audit, SLA and `ticket.updated` are the
 * usual ones. Returns null when the ticket is in no state to reopen; retries if an agent saved first.
 */
export async function reopenTicketForCustomer(id: string, from: readonly TTicketStatus[], deps: TicketServiceDeps): Promise<TTicket | null> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const current = await TicketModel.findById(id).lean<TicketDocument>();
    if (!current || !from.includes(current.status)) return null;
    try {
      return await updateTicket(id, { version: current.version, status: 'open' }, null, deps, { reason: 'customer-message' });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
    }
  }
  return null;
}

/**
 * Gives the agent the most urgent, oldest unassigned ticket they are skilled for: one of their
 * teams' tickets, or a ticket without a team in a language and topic their teams cover. The
 * candidates come from the node's ticket directory; each is taken through the ticket store's
 * version check, so two agents asking at once never get the same ticket.
 */
export async function takeNextTicket(actor: TicketActor, deps: TicketServiceDeps, tickets: LiveTicketDirectory): Promise<TTicket> {
  const [teams] = await Promise.all([getTeamsOf(actor.id), tickets.ensureLoaded()]);
  await tickets.settled();
  const skills = {
    teamIds: teams.map((team) => team._id.toString()),
    languages: [...new Set(teams.flatMap((team) => team.skills?.languages ?? []))],
    topics: [...new Set(teams.flatMap((team) => team.skills?.topics ?? []))],
  };
  for (const candidate of tickets.directory.takeNextCandidates(skills, 25 + tickets.takingCount)) {
    // Another agent on this node is taking it right now: try the next one rather than queue behind them.
    if (!tickets.startTaking(candidate)) continue;
    let taken: TicketDocument | null = null;
    try {
      taken = await takeTicket(candidate, actor, deps);
    } finally {
      tickets.doneTaking(candidate, taken !== null);
    }
    if (taken) return toTicketDto(taken);
  }
  throw explainNothingToTake(teams, tickets.directory.hasUntakenTickets());
}

/** Assigns the ticket to the actor if nobody took it yet (the ticket as saved), else null. */
async function takeTicket(id: string, actor: TicketActor, deps: TicketServiceDeps): Promise<TicketDocument | null> {
  const taken = await applyTicketChange(
    id,
    'latest',
    (current) => {
      if (current.assigneeId || !['new', 'open'].includes(current.status)) return null;
      return {
        set: { assigneeId: actor.id, status: 'open' },
        changes: [
          { field: 'assigneeId', from: null, to: actor.id },
          ...(current.status === 'open' ? [] : [{ field: 'status', from: current.status, to: 'open' }]),
        ],
        timeline: [{ kind: 'assignment', data: { field: 'assigneeId', from: null, to: actor.id } }],
      };
    },
    { actor, publisher: deps.publisher },
  );
  return taken.changed ? taken.after : null;
}

/** The association's active ticket changed last (a waiting call's suggestion), from the node's directory. */
export async function findOpenTicketOfAssociation(associationId: string, tickets: LiveTicketDirectory): Promise<string | null> {
  await tickets.ensureLoaded();
  await tickets.settled();
  return tickets.directory.latestActiveTicketOf(associationId);
}

/** Adds a public reply or an internal note; the first public reply meets the first-response target. */
export async function addTicketEntry(
  ticketId: string,
  input: TCreateTicketEntryRequest,
  actor: TicketActor,
  deps: TicketServiceDeps,
): Promise<TTicketEntry> {
  const ticket = await TicketModel.findById(ticketId).lean<TicketDocument>();
  if (!ticket) throw notFound('ticket');
  await assertTicketAccess(ticket, actor);
  if (ticket.mergedIntoId) throw mergedAway(ticket);
  if (ticket.status === 'closed') throw new AppError('conflict', 'a closed ticket cannot be answered', { status: 'closed' });
  // A reply on an SMS or WhatsApp ticket is sent first, so its entry is written once, with the delivery.
  const entryId = new mongoose.Types.ObjectId();
  const delivery = input.kind === 'public-reply' && deps.messaging ? await deps.messaging.deliverReply(ticket, entryId, input.body) : null;
  const [entry] = await appendTicketEntries([{ _id: entryId, ticketId: ticket._id, kind: input.kind, authorId: actor.id, body: input.body, data: delivery }], deps.publisher);
  if (input.kind === 'public-reply' && !ticket.sla?.firstRespondedAt) {
    const answered = await applyTicketChange(
      ticketId,
      'latest',
      (current) =>
        current.sla?.firstRespondedAt
          ? null
          : { set: { 'sla.firstRespondedAt': entry!.createdAt }, changes: [{ field: 'sla.firstRespondedAt', from: null, to: entry!.createdAt.toISOString() }] },
      { actor, publisher: deps.publisher },
    );
    if (answered.changed) await scheduleSlaCheck(answered.after, (await getSlaContext()).settings.policy.warningMinutes);
  }
  if (input.kind === 'public-reply') await moveStatusAfterReply(ticketId, input.status, actor, deps);
  return toEntryDto(entry!);
}

/**
 * After a public reply the ticket goes where the agent chose (a new ticket opens by default),
 * through updateTicket so the status entry, audit, SLA pause and event are the usual ones; retried
 * if a colleague saved in between. A move the status rules refuse is left out, the reply stands.
 */
async function moveStatusAfterReply(ticketId: string, chosen: TTicketStatus | undefined, actor: TicketActor, deps: TicketServiceDeps): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const current = await TicketModel.findById(ticketId, { status: 1, version: 1 }).lean<TicketDocument>();
    const target = chosen ?? (current?.status === 'new' ? 'open' : undefined);
    if (!current || !target || target === current.status || !TICKET_TRANSITIONS[current.status].includes(target)) return;
    try {
      await updateTicket(ticketId, { version: current.version, status: target }, actor, deps);
      return;
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
    }
  }
}

export async function listTicketTimeline(
  ticketId: string,
  page: { limit: number; cursor?: string; order?: 'oldest-first' | 'newest-first' },
  actor: TicketActor,
  messaging?: TicketMessaging,
  calls?: TicketCalls,
) {
  const ticket = await TicketModel.findById(ticketId, { assigneeId: 1, teamId: 1 }).lean<TicketDocument>();
  if (!ticket) throw notFound('ticket');
  await assertTicketAccess(ticket, actor);
  const result = await readTimelinePage(ticketId, { ...page, order: page.order ?? 'oldest-first' });
  const items = result.entries.map(toEntryDto);
  // Delivery reports arrive after the entry was written: shown from the message, not written into the entry.
  const sent = items.filter((item) => item.data?.direction === 'outbound' && typeof item.data.messageSid === 'string');
  if (messaging && sent.length > 0) {
    const deliveries = await messaging.currentDeliveries(sent.map((item) => item.data!.messageSid as string));
    for (const item of sent) Object.assign(item.data!, deliveries.get(item.data!.messageSid as string));
  }
  await showCallRecordings(items, calls);
  return { items, nextCursor: result.nextCursor };
}

/**
 * Call entries show the call as it is now (its recording usually arrives after the entry was
 * written); the calls module answers, given by the routes like messaging.
 */
async function showCallRecordings(items: TTicketEntry[], calls: TicketCalls | undefined): Promise<void> {
  const entries = items.filter((item) => item.kind === 'call' && typeof item.data?.callSid === 'string');
  if (!calls || entries.length === 0) return;
  const current = await calls.currentCallRecordings(entries.map((item) => item.data!.callSid as string));
  for (const item of entries) {
    const call = current.get(item.data!.callSid as string);
    item.data!.recording = call?.recording ?? null;
    if (call) item.data!.result = call.result;
  }
}

/** Who changed what and when, oldest first: the creation (kept on the ticket itself), then every change. */
export async function listTicketAudit(ticketId: string, actor: TicketActor) {
  const ticket = await TicketModel.findById(ticketId, { reference: 1, createdById: 1, createdAt: 1, assigneeId: 1, teamId: 1 }).lean<TicketDocument>();
  if (!ticket) throw notFound('ticket');
  await assertTicketAccess(ticket, actor);
  const entries = await TicketAuditModel.find({ ticketId }).sort({ createdAt: 1, _id: 1 }).lean();
  const creation = {
    id: `${ticketId}:created`,
    ticketId,
    actorId: ticket.createdById?.toString() ?? null,
    changes: [{ field: 'created', from: null, to: ticket.reference }],
    createdAt: ticket.createdAt.toISOString(),
  };
  return {
    items: [creation, ...entries.map((entry) => ({
      id: entry._id.toString(),
      ticketId: entry.ticketId.toString(),
      actorId: entry.actorId?.toString() ?? null,
      changes: entry.changes.map((change) => ({ field: change.field ?? '', from: change.from, to: change.to })),
      createdAt: entry.createdAt.toISOString(),
    }))],
  };
}

const REFERENCE_PATTERN = /^t-?(\d{4})-?(\d{1,6})$/i;

/** What a free-text ticket search may also be: a reference in any case or padding, or a phone number in any form. */
export function parseTicketSearch(q: string): { reference?: string; phone?: string } {
  const reference = REFERENCE_PATTERN.exec(q);
  const phone = /\d{6,}/.test(q.replace(/\D/g, '')) ? normalizePhoneNumber(q) : undefined;
  return { reference: reference ? `T-${reference[1]}-${reference[2]!.padStart(6, '0')}` : undefined, phone };
}

/**
 * The filter for a list query, within what `visibility` lets the actor see; `q` matches a subject,
 * a reference, or a phone in any common form.
 */
export function buildTicketFilter(
  query: TTicketListQuery,
  actor: TicketActor,
  visibility: Visibility,
  actorTeamIds: mongoose.Types.ObjectId[] = [],
): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  const visible = visibilityFilter(visibility, { teamField: 'teamId', personField: 'assigneeId' });
  const conditions: Record<string, unknown>[] = visible ? [visible] : [];
  const anyOf = <T>(values: T[] | undefined) => (values && values.length === 1 ? values[0] : values ? { $in: values } : undefined);
  const assign = (field: string, value: unknown) => {
    if (value !== undefined) filter[field] = value;
  };
  assign('status', anyOf(query.status));
  assign('priority', anyOf(query.priority));
  assign('topic', anyOf(query.topic));
  assign('channel', anyOf(query.channel));
  assign('region', anyOf(query.region?.map((region) => (region === 'none' ? null : region))));
  if (query.team === 'mine') filter.teamId = { $in: actorTeamIds };
  else if (query.team === 'none') filter.teamId = null;
  else if (query.team) filter.teamId = new mongoose.Types.ObjectId(query.team);
  if (query.assignee === 'me') filter.assigneeId = new mongoose.Types.ObjectId(actor.id);
  else if (query.assignee === 'none') filter.assigneeId = null;
  else if (query.assignee) filter.assigneeId = new mongoose.Types.ObjectId(query.assignee);
  if (query.tag) filter.tags = query.tag;
  if (query.associationId) filter.associationId = new mongoose.Types.ObjectId(query.associationId);
  const range = (from?: string, to?: string) =>
    from || to ? { ...(from ? { $gte: new Date(from) } : {}), ...(to ? { $lt: new Date(to) } : {}) } : undefined;
  assign('createdAt', range(query.createdFrom, query.createdTo));
  assign('updatedAt', range(query.updatedFrom, query.updatedTo));
  // As the dashboards count a solve (shared/src/tickets/counted-solved-at.ts): the last one, while solved or closed.
  if (query.solvedFrom || query.solvedTo) conditions.push({ solvedAt: range(query.solvedFrom, query.solvedTo), status: { $in: ['solved', 'closed'] } });
  if (query.q) {
    const search = parseTicketSearch(query.q);
    const alternatives: Record<string, unknown>[] = [{ subject: { $regex: escapeRegExp(query.q), $options: 'i' } }];
    if (search.reference) alternatives.push({ reference: search.reference });
    if (search.phone) alternatives.push({ contactPhone: search.phone });
    conditions.push({ $or: alternatives });
  }
  if (query.slaDueBefore) {
    const before = new Date(query.slaDueBefore);
    if (!filter.status) filter.status = { $in: [...ACTIVE_TICKET_STATUSES] };
    conditions.push({
      $or: [{ 'sla.firstResponseDueAt': { $lt: before }, 'sla.firstRespondedAt': null }, { 'sla.resolutionDueAt': { $lt: before } }],
    });
  }
  if (conditions.length > 0) filter.$and = conditions;
  return filter;
}

/** Ticket ids matching the words of a search, most relevant first, among what the actor may see. */
export type TicketTextSearch = (q: string, actor: TicketActor, limit: number) => Promise<string[]>;

/** How many tickets a word search may bring into a list. */
const TEXT_SEARCH_LIMIT = 1_000;

/** The subject search of lists until the ticket search module answers instead (a scan of the subjects). */
export const searchTicketSubjects: TicketTextSearch = async (q, _actor, limit) => {
  const found = await TicketModel.find({ subject: { $regex: escapeRegExp(q), $options: 'i' } }, { _id: 1 }).limit(limit).lean();
  return found.map((ticket) => ticket._id.toString());
};

/**
 * A page of tickets, every filter and sort, answered from the node's ticket directory within what
 * the actor may see; the page's tickets are then read by id. A free-text `q` that is a reference
 * or a phone number is answered exactly from the directory; words go to `textSearch`.
 */
export async function listTickets(query: TTicketListQuery, actor: TicketActor, tickets: LiveTicketDirectory, textSearch: TicketTextSearch = searchTicketSubjects) {
  const [actorTeamIds, visibility] = await Promise.all([
    query.team === 'mine' ? getTeamsOf(actor.id).then((teams) => teams.map((team) => team._id.toString())) : [],
    getVisibility(actor),
    tickets.ensureLoaded(),
  ]);
  await tickets.settled();
  let only: string[] | undefined;
  if (query.q) {
    const search = parseTicketSearch(query.q);
    only = search.reference || search.phone ? tickets.directory.findExact(search) : await textSearch(query.q, actor, TEXT_SEARCH_LIMIT);
  }
  const page = tickets.directory.list({ query, actorId: actor.id, actorTeamIds, visibility, only });
  return { items: await tickets.readTickets(page.items), nextCursor: page.nextCursor };
}

/**
 * Finishes a ticket's change or creation whose journal note stayed open (its node died, or a
 * follow-up failed): what the store writes after the record, and the SLA timer of the ticket as it is.
 */
export async function finishInterruptedTicketChange(id: string, publisher: EventPublisher): Promise<void> {
  const ticket = await finishTicketChange(id, publisher);
  if (ticket) await scheduleSlaCheck(ticket, (await getSlaContext()).settings.policy.warningMinutes);
}
