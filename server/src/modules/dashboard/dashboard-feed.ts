import type { TEventName, TEventPayloads } from '@mowakaba/shared/events';
import { PRESENCE_INTERVAL_ENTRY, type TPresenceInterval } from '@mowakaba/shared/schemas/presence';
import { createKeyedReadThroughCache } from '../../database/read-through-cache.js';
import type { Logger } from '../../logger.js';
import type { Clock } from '../../platform/clock.js';
import type { ChangeFeed, FeedFollower } from '../../platform/events/change-feed.js';
import { getStorage } from '../../platform/storage/index.js';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { getAssociationById } from '../associations/associations.service.js';
import { getSlaContext } from '../sla/sla.service.js';
import { getTicketById } from '../tickets/tickets.service.js';
import { applyContributions } from './dashboard.store.js';
import { describePresenceInterval } from './domain/describe-presence.js';
import { describeCall, describeMessage, describeTicket, type TBusinessMinutes, type TContribution, type TMessageContext } from './domain/describe-contributions.js';

/** What turning a record into its contribution needs to look up elsewhere. */
export interface RecordLookups {
  calendar(): Promise<TBusinessMinutes>;
  regionOfAssociation(associationId: string): Promise<string | null>;
  /** The team, topic, assignee and region of the ticket a message belongs to. */
  ticketContext(ticketId: string): Promise<TMessageContext>;
}

const NO_CONTEXT: TMessageContext = { team: null, topic: null, region: null, agent: null };

/** The dashboards count the whole center: they read as a supervisor would. */
export const CENTER_READER = { id: 'dashboard', role: 'supervisor' } as const;

/** Lookups through the owners of associations, tickets and the SLA calendar. */
export function createRecordLookups(): RecordLookups {
  // A region rarely changes; a stale one for ten minutes moves nothing but a call's region dimension.
  const regions = createKeyedReadThroughCache(10 * 60_000, (id) => getAssociationById(id).then((association) => association.region as string | null, () => null));
  return {
    calendar: async () => (await getSlaContext()).calendar,
    regionOfAssociation: (id) => regions.get(id),
    ticketContext: (ticketId) =>
      getTicketById(ticketId, CENTER_READER).then(
        (ticket) => ({ team: ticket.teamId, topic: ticket.topic, region: ticket.region, agent: ticket.assigneeId }),
        () => NO_CONTEXT,
      ),
  };
}

/** The contribution of the record an event carries, or null for events that are not about one. */
export async function contributionOfEvent<E extends TEventName>(event: E, payload: TEventPayloads[E], lookups: RecordLookups): Promise<TContribution | null> {
  if (event === 'ticket.created' || event === 'ticket.updated') {
    return describeTicket((payload as TEventPayloads['ticket.created']).ticket, await lookups.calendar());
  }
  if (event === 'ticket.removed') {
    // A removed ticket (demo data) contributes nothing from its last version on: what it added is
    // taken back, as a rebuild from the records (where it no longer is) would count it.
    const removed = payload as TEventPayloads['ticket.removed'];
    return { key: `ticket:${removed.ticketId}`, version: removed.version, cells: [] };
  }
  if (event === 'call.queued' || event === 'call.updated') {
    const { call } = payload as TEventPayloads['call.queued'];
    return describeCall(call, call.associationId ? await lookups.regionOfAssociation(call.associationId) : null);
  }
  if (event === 'message.received' || event === 'message.updated') {
    const { message } = payload as TEventPayloads['message.received'];
    return describeMessage(message, message.ticketId ? await lookups.ticketContext(message.ticketId) : NO_CONTEXT);
  }
  return null;
}

export type FeedListener = (event: TEventName | 'rollups.applied') => void;

/**
 * Feeds the rollups with the records that events carry, and tells listeners (the live broadcast) of
 * every event at once and of every rollup write.
 *
 * The rollups are written at most once a `writeIntervalMs` (a second): every change of the day
 * rewrites the same summaries (today, this hour, this month…), so a write carries whatever was taken
 * since the last one, one `$inc` or replace per document however many changes it holds. A change
 * taken after a quiet moment is written at once. Contributions are versioned per record, so a replay
 * after a crash, a duplicate or a late delivery changes nothing.
 */
export interface DashboardFeed {
  take<E extends TEventName>(event: E, payload: TEventPayloads[E]): void;
  /** A state an agent left (presence history), from the change feed. */
  takePresenceInterval(interval: TPresenceInterval): void;
  onChange(listener: FeedListener): void;
  /** Resolves when everything taken so far is written, at the writes' own pace (the change feed's position is stored then). */
  written(): Promise<void>;
  /** Writes what is taken at once, and resolves when everything taken so far is applied (tests, shutdown). */
  settled(): Promise<void>;
}

/** The contributions of one write: worked out (each may look a record up) while they wait for it. */
interface RollupBatch {
  described: Array<Promise<TContribution | null>>;
  written: Promise<void>;
  markWritten: () => void;
}

function newBatch(): RollupBatch {
  let markWritten!: () => void;
  const written = new Promise<void>((resolve) => (markWritten = resolve));
  return { described: [], written, markWritten };
}

export function createDashboardFeed(options: { logger: Logger; lookups?: RecordLookups; writeIntervalMs?: number; clock?: () => Clock }): DashboardFeed {
  const lookups = options.lookups ?? createRecordLookups();
  const intervalMs = options.writeIntervalMs ?? 1_000;
  const clock = options.clock ?? (() => getStorage().clock);
  const listeners: FeedListener[] = [];
  const notify = (change: TEventName | 'rollups.applied') => {
    for (const listener of listeners) listener(change);
  };
  let gathering = newBatch();
  let writing: RollupBatch | undefined;
  let lastWriteAt = Number.NEGATIVE_INFINITY;
  let hurried = 0;
  let stopWaiting: (() => void) | undefined;

  async function write(): Promise<void> {
    const batch = gathering;
    writing = batch;
    lastWriteAt = clock().now().getTime();
    // What is taken in the same turn (the entries of one delivery) joins this write.
    await Promise.resolve();
    gathering = newBatch();
    try {
      const contributions = (await Promise.all(batch.described)).filter((found) => found !== null);
      if (contributions.length > 0 && (await applyContributions(contributions)) > 0) notify('rollups.applied');
    } catch (error) {
      options.logger.error({ err: error, changes: batch.described.length }, 'dashboard rollups not updated; npm run dashboard:rebuild repairs them');
    } finally {
      writing = undefined;
      batch.markWritten();
      void writeWhenDue();
    }
  }

  /** Writes what is gathered once the last write is an interval old (at once when `settled` hurries). */
  function writeWhenDue(): Promise<void> | undefined {
    if (writing || gathering.described.length === 0) return undefined;
    const wait = hurried > 0 ? 0 : lastWriteAt + intervalMs - clock().now().getTime();
    if (wait <= 0) {
      stopWaiting?.();
      stopWaiting = undefined;
      return write();
    }
    // The clock's timers repeat: this one is stopped the first time it fires.
    stopWaiting ??= clock().every(wait, () => {
      stopWaiting?.();
      stopWaiting = undefined;
      return writeWhenDue();
    });
    return undefined;
  }

  /** The batch whose write covers everything taken so far, if any is left to write. */
  const latestBatch = () => (gathering.described.length > 0 ? gathering : writing);

  const gather = (label: string, contribution: Promise<TContribution | null>) => {
    gathering.described.push(
      contribution.catch((error: unknown) => {
        options.logger.error({ err: error, event: label }, 'dashboard rollup not updated; npm run dashboard:rebuild repairs it');
        return null;
      }),
    );
    void writeWhenDue();
  };

  return {
    take(event, payload) {
      notify(event);
      gather(event, contributionOfEvent(event, payload, lookups));
    },
    takePresenceInterval(interval) {
      gather(PRESENCE_INTERVAL_ENTRY, Promise.resolve(describePresenceInterval(interval)));
    },
    onChange(listener) {
      listeners.push(listener);
    },
    written() {
      return latestBatch()?.written ?? Promise.resolve();
    },
    async settled() {
      hurried += 1;
      try {
        for (let latest = latestBatch(); latest; latest = latestBatch()) {
          void writeWhenDue();
          await latest.written;
        }
      } finally {
        hurried -= 1;
      }
    },
  };
}

/**
 * The rollups read record changes from the durable change feed by position: stored once the rollup
 * write that covers them is done, so they resume after a crash; on one node at a time. Replaying an
 * entry is harmless, since a record's contribution replaces its previous one.
 */
export function followChangeFeed(changeFeed: ChangeFeed, feed: DashboardFeed, name = 'dashboard-rollups'): FeedFollower {
  return changeFeed.follow({
    name,
    durable: true,
    exclusive: true,
    apply: (entries) => {
      for (const entry of entries) {
        if (entry.type === PRESENCE_INTERVAL_ENTRY) feed.takePresenceInterval((entry.payload as { interval: TPresenceInterval }).interval);
        else feed.take(entry.type as TEventName, entry.payload as TEventPayloads[TEventName]);
      }
    },
    // Taken at once (the live board hears of each event), written with the next rollup write.
    written: () => feed.written(),
  });
}
