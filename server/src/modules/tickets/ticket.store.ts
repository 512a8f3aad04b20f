import mongoose from 'mongoose';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { getStorage, type Fence } from '../../platform/storage/index.js';
import { createBatchedCollectionInsert, createBatchedInsert } from '../../database/batched-insert.js';
import { AppError, notFound } from '../../errors.js';
import { TicketAuditModel } from './ticket-audit.model.js';
import { TicketEntryModel, type TicketEntryDocument } from './ticket-entry.model.js';
import { TicketModel, type TicketDocument } from './ticket.model.js';
import { ticketRooms, toEntryDto, toTicketDto } from './ticket-dto.js';
import { addTimelineEntriesToPages, moveTimelineEntriesBetweenPages, timelineListOf } from './timeline-pages.js';
import { recordInAssociationHistory, summariseTicketForHistory } from '../associations/association-history-pages.js';

/** The change feed's name for ticket entries. */
export const TICKET_STREAM = 'ticket';
/** The change feed's name for timeline entries: read by the derived paths (search, timeline pages), sent to no socket room. */
export const TICKET_ENTRY_STREAM = 'ticket-entry';
/** The change-feed entry saying which timeline entries no longer speak on a ticket (their bodies blanked, or moved by a merge): ticket search forgets them. */
export const TICKET_ENTRIES_ERASED = 'ticket.entries.erased';
/**
 * The change-feed entry (stream `ticket`) saying a ticket is gone for good (demo data removed): its
 * version is the ticket's last, so every follower keeps it as a tombstone that no late event undoes.
 */
export const TICKET_REMOVED = 'ticket.removed';

export interface AuditedChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** What a decision about a ticket wants written. */
export interface TicketChange {
  /** `$set` paths; ids may be given as strings. */
  set: Record<string, unknown>;
  /** The audit entry's field changes. */
  changes: AuditedChange[];
  /** Timeline entries; by default one per status, assignee or team change. */
  timeline?: Array<{ kind: 'status-change' | 'assignment' | 'merge'; data: Record<string, unknown> }>;
}

export interface TicketChangeContext {
  actor: { id: string } | null;
  /** Where the change is recorded in the change feed and announced from. */
  publisher: EventPublisher;
  /** Throws when the actor may not change this ticket; asked before the version check. */
  authorize?: (current: TicketDocument) => void;
  /** Why the system changed it (`customer-message`, `sla-check` …), kept on the timeline entries. */
  reason?: string;
  /** More work once the change is saved, run alongside its audit, timeline and feed entries (an agent's load). */
  alongside?: (after: TicketDocument) => Promise<unknown>;
  /** The caller's lease (a job's): the change is refused once it lapsed. */
  fence?: Fence;
}

export interface AppliedTicketChange {
  before: TicketDocument;
  after: TicketDocument;
  changes: AuditedChange[];
  changed: boolean;
}

// Changes made at the same moment (twenty agents taking tickets) share one insert of their audit
// entries and one of their timeline entries: on the embedded database every command waits its turn.
const insertAuditDocument = createBatchedCollectionInsert(() => TicketAuditModel.collection as unknown as mongoose.mongo.Collection);
// Through a mongoose document, not the batched insert's castObject: that drops a change's `from: null`.
const insertAuditEntry = (fields: { ticketId: mongoose.Types.ObjectId; actorId: string | null; changes: AuditedChange[] }) =>
  insertAuditDocument(new TicketAuditModel({ ...fields, createdAt: new Date() }).toObject());
const insertTimelineEntry = createBatchedInsert<TicketEntryDocument>(TicketEntryModel);

const TIMELINE_FIELDS: Record<string, 'status-change' | 'assignment'> = { status: 'status-change', assigneeId: 'assignment', teamId: 'assignment' };

/** The raw driver does not cast: ids given as strings are stored as ObjectIds, as mongoose would. */
function castIds(set: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(set).map(([path, value]) =>
      typeof value === 'string' && TicketModel.schema.path(path)?.instance === 'ObjectId' ? [path, new mongoose.Types.ObjectId(value)] : [path, value],
    ),
  );
}

/**
 * Appends a created ticket to the change feed (its insert is batched by the caller). Consoles hear of
 * it a moment later: whoever created it need not wait for the fan-out.
 */
export async function recordTicketCreated(ticket: TTicket, actorId: string | null, publisher: EventPublisher): Promise<void> {
  await recordInAssociationHistory({ kind: 'ticket', at: new Date(ticket.createdAt), id: ticket.id }, ticket.associationId, undefined, {
    value: summariseTicketForHistory(ticket),
    revision: ticket.version,
  });
  await publisher.recordChanges([{ stream: TICKET_STREAM, recordId: ticket.id, version: ticket.version, type: 'ticket.created', payload: { ticket, actorId }, rooms: ticketRooms(ticket) }]);
}

/**
 * The one way a ticket changes after its creation: checks the version the caller saw
 * (`'latest'` for the system acting on whatever is current), lets `decide` say what changes (it may
 * throw to refuse), writes it with a new version, and then, in one place, the audit entry, the
 * timeline entries and the change-feed entry that tells every node and console.
 */
export async function applyTicketChange(
  id: string,
  expectedVersion: number | 'latest',
  decide: (current: TicketDocument) => TicketChange | null,
  context: TicketChangeContext,
): Promise<AppliedTicketChange> {
  if (!mongoose.isValidObjectId(id)) throw notFound('ticket');
  const storage = getStorage();
  let decision: TicketChange | null = null;
  const result = await storage.updateVersioned<TicketDocument>(TicketModel.collection.collectionName, new mongoose.Types.ObjectId(id), (current) => {
    // A ticket being removed takes no more changes: its removal is its last version.
    if ((current as { removedAt?: Date }).removedAt) throw notFound('ticket');
    context.authorize?.(current);
    if (expectedVersion !== 'latest' && current.version !== expectedVersion) {
      throw new AppError('conflict', 'the ticket changed since you loaded it', { current: toTicketDto(current) });
    }
    decision = decide(current);
    if (!decision || decision.changes.length === 0) return null;
    return { set: { ...castIds(decision.set), updatedAt: storage.clock.now() } };
  }, { fence: context.fence });
  if (!result) throw notFound('ticket');
  const made = decision as TicketChange | null;
  if (!result.changed || !made) return { before: result.before, after: result.after, changes: [], changed: false };

  const actorId = context.actor?.id ?? null;
  const timeline =
    made.timeline ??
    made.changes
      .filter((change) => TIMELINE_FIELDS[change.field])
      .map((change) => ({ kind: TIMELINE_FIELDS[change.field]!, data: { field: change.field, from: change.from, to: change.to } }));
  const before = toTicketDto(result.before);
  const after = toTicketDto(result.after);
  await Promise.all([
    context.alongside?.(result.after),
    insertAuditEntry({ ticketId: result.after._id, actorId, changes: made.changes }),
    // The association's history keeps what it shows of the ticket: rewritten only when that changed.
    before.associationId === after.associationId && summariseTicketForHistory(before) === summariseTicketForHistory(after)
      ? undefined
      : recordInAssociationHistory({ kind: 'ticket', at: result.after.createdAt, id: after.id }, after.associationId, before.associationId, {
          value: summariseTicketForHistory(after),
          revision: after.version,
        }),
    appendTicketEntries(
      timeline.map((entry) => ({
        ticketId: result.after._id,
        kind: entry.kind,
        authorId: actorId,
        data: { ...entry.data, ...(context.reason ? { reason: context.reason } : {}) },
      })),
      context.publisher,
    ),
    context.publisher
      .recordChanges([
        { stream: TICKET_STREAM, recordId: after.id, version: after.version, type: 'ticket.updated', payload: { ticket: after, actorId }, rooms: ticketRooms(before, after) },
      ])
      .then(({ announced }) => announced),
  ]);
  return { before: result.before, after: result.after, changes: made.changes, changed: true };
}

/**
 * Removes a ticket for good (only demo data is removed this way): its version goes up once more and
 * the ticket refuses every later change, the `ticket.removed` feed entry tells every follower
 * (directories, snapshot, search, rollups, consoles), then its timeline, audit, pages and the
 * record itself go. Safe to run again: a ticket already gone answers false.
 */
export async function removeTicket(id: string, context: { actor: { id: string } | null; publisher: EventPublisher }): Promise<boolean> {
  if (!mongoose.isValidObjectId(id)) return false;
  const storage = getStorage();
  const ticketId = new mongoose.Types.ObjectId(id);
  const result = await storage.updateVersioned<TicketDocument>(TicketModel.collection.collectionName, ticketId, () => ({ set: { removedAt: storage.clock.now() } }));
  if (!result) return false;
  const ticket = toTicketDto(result.after);
  await context.publisher.recordChanges([
    {
      stream: TICKET_STREAM,
      recordId: ticket.id,
      version: ticket.version,
      type: TICKET_REMOVED,
      payload: { ticketId: ticket.id, reference: ticket.reference, version: ticket.version, actorId: context.actor?.id ?? null },
      rooms: ticketRooms(ticket),
    },
  ]);
  await Promise.all([
    TicketEntryModel.deleteMany({ ticketId }),
    TicketAuditModel.deleteMany({ ticketId }),
    storage.lists.replace(timelineListOf(id), []),
    recordInAssociationHistory({ kind: 'ticket', at: result.after.createdAt, id }, null, ticket.associationId),
  ]);
  await TicketModel.collection.deleteOne({ _id: ticketId });
  return true;
}

export interface NewTicketEntry {
  /** Given when the caller refers to the entry before it is written (an SMS sent with its id). */
  _id?: mongoose.Types.ObjectId;
  ticketId: mongoose.Types.ObjectId | string;
  kind: TicketEntryDocument['kind'];
  authorId?: mongoose.Types.ObjectId | string | null;
  body?: string;
  data?: Record<string, unknown> | null;
}

/**
 * The one way a timeline entry is written, whoever writes it (a reply, a call, an SMS, the portal):
 * each entry also goes to the change feed, which the derived paths (ticket search, timeline pages)
 * follow. Returns the entries as stored, in the given order.
 */
export async function appendTicketEntries(entries: NewTicketEntry[], publisher: EventPublisher): Promise<TicketEntryDocument[]> {
  if (entries.length === 0) return [];
  const stored = await Promise.all(entries.map((entry) => insertTimelineEntry({ ...entry, _id: entry._id ?? new mongoose.Types.ObjectId() })));
  await addTimelineEntriesToPages(stored);
  await publisher.recordChanges(
    stored.map((entry) => ({
      stream: TICKET_ENTRY_STREAM,
      recordId: entry._id.toString(),
      version: 1,
      type: 'ticket.entry.added',
      payload: { entry: toEntryDto(entry) },
      rooms: [],
    })),
  );
  return stored;
}

/**
 * Moves a merged duplicate's timeline entries to the ticket it was merged into, all but the entry
 * saying where it went: the entries keep their ids and times, so the target's timeline shows them
 * in order among its own. Its timeline pages follow, and the change feed tells ticket search that
 * the duplicate no longer has these texts and the target does. Safe to run again.
 */
export async function moveTicketEntries(sourceId: string, targetId: string, publisher: EventPublisher): Promise<number> {
  const source = new mongoose.Types.ObjectId(sourceId);
  const target = new mongoose.Types.ObjectId(targetId);
  const moving = (await TicketEntryModel.find({ ticketId: source }).lean<TicketEntryDocument[]>()).filter(
    (entry) => !(entry.kind === 'merge' && (entry.data as { direction?: string } | null)?.direction === 'into'),
  );
  if (moving.length === 0) return 0;
  const ids = moving.map((entry) => entry._id);
  await TicketEntryModel.updateMany({ _id: { $in: ids } }, { $set: { ticketId: target } });
  await moveTimelineEntriesBetweenPages(moving, sourceId, targetId);
  await publisher.recordChanges([
    { stream: TICKET_ENTRY_STREAM, recordId: sourceId, version: 1, type: TICKET_ENTRIES_ERASED, payload: { ticketId: sourceId, entryIds: ids.map(String) }, rooms: [] },
    ...moving.map((entry) => ({
      stream: TICKET_ENTRY_STREAM,
      recordId: entry._id.toString(),
      version: 1,
      type: 'ticket.entry.added',
      payload: { entry: toEntryDto({ ...entry, ticketId: target }) },
      rooms: [],
    })),
  ]);
  return moving.length;
}

/**
 * The center's number an SMS or WhatsApp contact now writes to, so replies follow. An internal
 * field: no new version (a client's next save is not refused), no audit, no event.
 */
export async function setTicketReplyNumber(id: string, centerNumber: string): Promise<void> {
  await getStorage().updateVersioned<TicketDocument>(TicketModel.collection.collectionName, new mongoose.Types.ObjectId(id), (current) =>
    current.centerNumber === centerNumber ? null : { set: { centerNumber }, bumpVersion: false },
  );
}

/** The ids of an association's tickets, for changes that follow the association (a merge). */
export async function listTicketIdsOfAssociation(associationId: string): Promise<string[]> {
  const tickets = await TicketModel.find({ associationId }, { _id: 1 }).lean();
  return tickets.map((ticket) => ticket._id.toString());
}
