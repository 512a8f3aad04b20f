import mongoose from 'mongoose';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { getStorage, openChangeNote, type Fence, type VersionedResult } from '../../platform/storage/index.js';
import { versionOf } from '../../platform/storage/storage.js';
import { derivedObjectId } from '../../database/derived-object-id.js';
import { isDuplicateKeyError } from '../../database/retry-on-duplicate-key.js';
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
  /** The caller's lease (a job's): the change is refused once it lapsed. */
  fence?: Fence;
  /**
   * False for what the system records on fields no one edits (SLA flags, a satisfaction answer): a
   * save made on the version before it is still taken, so an agent is not told a colleague changed
   * the ticket when nobody did.
   */
  conflictsWithSaves?: boolean;
}

export interface AppliedTicketChange {
  before: TicketDocument;
  after: TicketDocument;
  changes: AuditedChange[];
  changed: boolean;
}

/**
 * What a ticket's last change still has to write once the record is saved: its audit entry, its
 * timeline entries, the association's history and its change-feed entry. Stored in the record with
 * the change (`lastChange`), so that a node dying in between leaves enough to finish them
 * (`finishTicketChange`); the entries' ids come from the ticket and version, so finishing twice
 * writes each once.
 */
export interface TicketLastChange {
  version: number;
  at: Date;
  actorId: string | null;
  changes: AuditedChange[];
  timeline: Array<{ kind: 'status-change' | 'assignment' | 'merge'; data: Record<string, unknown> }>;
  /** Who worked the ticket and its association before the change: their rooms and history hear of it too. */
  before: { teamId: string | null; assigneeId: string | null; associationId: string | null };
}

// Changes made at the same moment (twenty agents taking tickets) share one insert of their audit
// entries and one of their timeline entries: on the embedded database every command waits its turn.
const insertAuditDocument = createBatchedCollectionInsert(() => TicketAuditModel.collection as unknown as mongoose.mongo.Collection);
// Through a mongoose document, not the batched insert's castObject: that drops a change's `from: null`.
const insertAuditEntry = (fields: { _id: mongoose.Types.ObjectId; ticketId: mongoose.Types.ObjectId; actorId: string | null; changes: AuditedChange[]; createdAt: Date }) =>
  insertAuditDocument(new TicketAuditModel(fields).toObject()).catch(ignoreDuplicate);
const insertTimelineEntry = createBatchedInsert<TicketEntryDocument>(TicketEntryModel);

/** An entry given with an id already stored was written by an earlier run of the same change. */
function ignoreDuplicate(error: unknown): void {
  if (!isDuplicateKeyError(error)) throw error;
}

/**
 * The id of an entry a ticket change writes (`slot` counts them): the change's second, then bytes of
 * the ticket id and version, then the slot, so entries of one change keep their order.
 */
const changeEntryId = (ticketId: mongoose.Types.ObjectId, change: Pick<TicketLastChange, 'version' | 'at'>, slot: number) =>
  derivedObjectId(change.at, `${ticketId.toHexString()}:${change.version}`, slot);

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
 * timeline entries and the change-feed entry that tells every node and console. A note in the
 * change journal spans the write and what follows it: should the node die in between, or a
 * follow-up fail, the recovery pass finishes the change from the record (the caller is answered
 * with the saved change either way).
 */
export async function applyTicketChange(
  id: string,
  expectedVersion: number | 'latest',
  decide: (current: TicketDocument) => TicketChange | null,
  context: TicketChangeContext,
): Promise<AppliedTicketChange> {
  if (!mongoose.isValidObjectId(id)) throw notFound('ticket');
  const storage = getStorage();
  // The note is inserted while the ticket is read; the ticket's write waits for it.
  const note = openChangeNote(storage.journal, TICKET_STREAM, id, { fence: context.fence });
  let decision: TicketChange | null = null;
  let lastChange: TicketLastChange | null = null;
  let result: VersionedResult<TicketDocument> | null;
  try {
    result = await storage.updateVersioned<TicketDocument>(TicketModel.collection.collectionName, new mongoose.Types.ObjectId(id), (current) => {
      // A ticket being removed takes no more changes: its removal is its last version.
      if ((current as { removedAt?: Date }).removedAt) throw notFound('ticket');
      context.authorize?.(current);
      const version = versionOf(current);
      const editedVersion = current.editedVersion ?? version;
      if (expectedVersion !== 'latest' && (expectedVersion > version || expectedVersion < editedVersion)) {
        throw new AppError('conflict', 'the ticket changed since you loaded it', { current: toTicketDto(current) });
      }
      decision = decide(current);
      if (!decision || decision.changes.length === 0) return null;
      const now = storage.clock.now();
      lastChange = {
        version: version + 1,
        at: now,
        actorId: context.actor?.id ?? null,
        changes: decision.changes,
        timeline: timelineOf(decision, context.reason),
        before: { teamId: current.teamId?.toString() ?? null, assigneeId: current.assigneeId?.toString() ?? null, associationId: current.associationId?.toString() ?? null },
      };
      const edited = context.conflictsWithSaves === false ? editedVersion : version + 1;
      return { set: { ...castIds(decision.set), updatedAt: now, lastChange, editedVersion: edited } };
    }, { fence: note.fence });
  } catch (error) {
    return note.refused(error);
  }
  if (!result) {
    await note.close();
    throw notFound('ticket');
  }
  const made = decision as TicketChange | null;
  const change = lastChange as TicketLastChange | null;
  if (!result.changed || !made || !change) {
    await note.close();
    return { before: result.before, after: result.after, changes: [], changed: false };
  }

  // Every follow-up is let finish before the caller is answered.
  const [followUps] = await Promise.allSettled([writeChangeFollowUps(result.after, change, context.publisher, toTicketDto(result.before))]);
  // The change is saved either way: when a follow-up failed, the note stays open and the recovery pass
  // writes what is missing. The answer does not wait for the note's close.
  if (followUps.status === 'fulfilled') void note.close();
  return { before: result.before, after: result.after, changes: made.changes, changed: true };
}

function timelineOf(decision: TicketChange, reason: string | undefined): TicketLastChange['timeline'] {
  const timeline =
    decision.timeline ??
    decision.changes
      .filter((change) => TIMELINE_FIELDS[change.field])
      .map((change) => ({ kind: TIMELINE_FIELDS[change.field]!, data: { field: change.field, from: change.from, to: change.to } }));
  return timeline.map((entry) => ({ kind: entry.kind, data: { ...entry.data, ...(reason ? { reason } : {}) } }));
}

/**
 * The audit entry, timeline entries, association history and change-feed entry of a ticket's change,
 * written once however often this runs. Given the ticket as it was (`before`), the association's
 * history is rewritten only when what it shows of the ticket changed; without it, always.
 */
async function writeChangeFollowUps(ticket: TicketDocument, change: TicketLastChange, publisher: EventPublisher, before?: TTicket): Promise<void> {
  const after = toTicketDto(ticket);
  const historyChanged = !before || before.associationId !== after.associationId || summariseTicketForHistory(before) !== summariseTicketForHistory(after);
  await allSettledOrThrow([
    insertAuditEntry({ _id: changeEntryId(ticket._id, change, 0), ticketId: ticket._id, actorId: change.actorId, changes: change.changes, createdAt: change.at }),
    historyChanged
      ? recordInAssociationHistory({ kind: 'ticket', at: ticket.createdAt, id: after.id }, after.associationId, change.before.associationId, {
          value: summariseTicketForHistory(after),
          revision: after.version,
        })
      : undefined,
    // Under the change's own note: its recovery writes these entries again (same ids).
    writeTicketEntries(
      change.timeline.map((entry, index) => ({
        _id: changeEntryId(ticket._id, change, index),
        createdAt: change.at,
        ticketId: ticket._id,
        kind: entry.kind,
        authorId: change.actorId,
        data: entry.data,
      })),
      publisher,
    ),
    publisher
      .recordChanges([
        { stream: TICKET_STREAM, recordId: after.id, version: after.version, type: 'ticket.updated', payload: { ticket: after, actorId: change.actorId }, rooms: ticketRooms(change.before, after) },
      ])
      .then(({ announced }) => announced),
  ]);
}

/** Waits for every task, then throws the first failure, if any. */
async function allSettledOrThrow(tasks: Array<Promise<unknown> | undefined>): Promise<void> {
  const failed = (await Promise.allSettled(tasks)).find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * Writes what a ticket's last change, or its creation, may have left unwritten (a note of the change
 * journal stayed open): the follow-ups of its last change, its association's history and a
 * change-feed entry of the ticket as it is now. Idempotent. Null when there is nothing to finish
 * (the ticket was never stored, or was removed); else the ticket as it is.
 */
export async function finishTicketChange(id: string, publisher: EventPublisher): Promise<TicketDocument | null> {
  if (!mongoose.isValidObjectId(id)) return null;
  const ticket = await TicketModel.collection.findOne({ _id: new mongoose.Types.ObjectId(id) }) as (TicketDocument & { removedAt?: Date }) | null;
  if (!ticket || ticket.removedAt) return null;
  const change = ticket.lastChange as TicketLastChange | undefined;
  if (!change) {
    await recordTicketCreated(toTicketDto(ticket), ticket.createdById?.toString() ?? null, publisher);
    return ticket;
  }
  await writeChangeFollowUps(ticket, change, publisher);
  return ticket;
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
  /**
   * Given when the caller refers to the entry before it is written (an SMS sent with its id), or
   * writes it again (a change finished twice): an entry whose id is already stored is taken as written.
   */
  _id?: mongoose.Types.ObjectId;
  createdAt?: Date;
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
  const journal = getStorage().journal;
  const identified = entries.map((entry) => ({ ...entry, _id: entry._id ?? new mongoose.Types.ObjectId() }));
  // Noted before they are written: a node dying before their pages and feed entries leaves them to the recovery pass.
  const notes = identified.map((entry) => openChangeNote(journal, TICKET_ENTRY_STREAM, entry._id.toString()));
  await Promise.all(notes.map((note) => note.opened));
  const stored = await insertTicketEntries(identified);
  // The entries are saved either way: when what follows them failed, their notes stay open and the
  // recovery pass writes it (a caller told of an error would write the entry a second time).
  const [followed] = await Promise.allSettled([followAddedEntries(stored, publisher)]);
  if (followed.status === 'fulfilled') await Promise.all(notes.map((note) => note.close()));
  return stored;
}

/**
 * Writes entries with their pages and feed entries, under a journal note the caller holds (their
 * ticket change's, whose recovery writes them again); fails when any of it failed.
 */
async function writeTicketEntries(entries: Array<NewTicketEntry & { _id: mongoose.Types.ObjectId }>, publisher: EventPublisher): Promise<TicketEntryDocument[]> {
  const stored = await insertTicketEntries(entries);
  await followAddedEntries(stored, publisher);
  return stored;
}

/** Inserts entries; an entry whose id is already stored is taken as written. */
function insertTicketEntries(entries: Array<NewTicketEntry & { _id: mongoose.Types.ObjectId }>): Promise<TicketEntryDocument[]> {
  return Promise.all(
    entries.map(async (entry) => {
      try {
        return await insertTimelineEntry({ ...entry });
      } catch (error) {
        ignoreDuplicate(error);
        const written = await TicketEntryModel.findById(entry._id).lean<TicketEntryDocument>();
        if (!written) throw error;
        return written;
      }
    }),
  );
}

/** What follows entries once they are stored: their timeline pages, and the change feed (ticket search). Idempotent. */
async function followAddedEntries(entries: TicketEntryDocument[], publisher: EventPublisher): Promise<void> {
  await addTimelineEntriesToPages(entries);
  await publisher.recordChanges(
    entries.map((entry) => ({
      stream: TICKET_ENTRY_STREAM,
      recordId: entry._id.toString(),
      version: 1,
      type: 'ticket.entry.added',
      payload: { entry: toEntryDto(entry) },
      rooms: [],
    })),
  );
}

/**
 * Writes what an entry's append may have left unwritten (its journal note stayed open): its timeline
 * page and its feed entry, from the entry as stored. Nothing for an entry never stored.
 */
export async function finishTicketEntry(entryId: string, publisher: EventPublisher): Promise<void> {
  const entry = await TicketEntryModel.findById(entryId).lean<TicketEntryDocument>();
  if (entry) await followAddedEntries([entry], publisher);
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
