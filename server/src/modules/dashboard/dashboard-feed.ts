import type { TEventName, TEventPayloads } from '@mowakaba/shared/events';
import { PRESENCE_INTERVAL_ENTRY, type TPresenceInterval } from '@mowakaba/shared/schemas/presence';
import { createKeyedBatcher } from '../../database/keyed-batcher.js';
import { createKeyedReadThroughCache } from '../../database/read-through-cache.js';
import type { Logger } from '../../logger.js';
import type { ChangeFeed, FeedFollower } from '../../platform/events/change-feed.js';
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
 * every event and of every rollup write.
 *
 * Where the platform's durable change feed (issue 13, `server/src/platform/events/`) plugs in: it
 * replaces `take` below. A consumer of the feed reads the changed records by position, turns each
 * into its contribution with `contributionOfEvent` (or the describe* functions) and calls
 * `applyContributions`, saving its position after each batch: contributions are versioned per
 * record, so a replay after a crash, a duplicate or a late delivery changes nothing. Until then this
 * node feeds what it publishes itself (each event once, from the node that made the change).
 */
export interface DashboardFeed {
  take<E extends TEventName>(event: E, payload: TEventPayloads[E]): void;
  /** A state an agent left (presence history), from the change feed. */
  takePresenceInterval(interval: TPresenceInterval): void;
  onChange(listener: FeedListener): void;
  /** Resolves when everything taken so far is applied (tests, shutdown). */
  settled(): Promise<void>;
}

export function createDashboardFeed(options: { logger: Logger; lookups?: RecordLookups }): DashboardFeed {
  const lookups = options.lookups ?? createRecordLookups();
  const listeners: FeedListener[] = [];
  const pending = new Set<Promise<void>>();
  const notify = (change: TEventName | 'rollups.applied') => {
    for (const listener of listeners) listener(change);
  };
  // Contributions arriving while a batch is written are applied together in the next one.
  const apply = createKeyedBatcher<TContribution, number>(async (_key, contributions) => {
    const applied = await applyContributions(contributions);
    return contributions.map(() => applied);
  });

  const applyLater = (label: string, contribution: Promise<TContribution | null>) => {
    const work = contribution
      .then(async (found) => {
        if (found && (await apply('rollups', found)) > 0) notify('rollups.applied');
      })
      .catch((error: unknown) => options.logger.error({ err: error, event: label }, 'dashboard rollup not updated; npm run dashboard:rebuild repairs it'))
      .finally(() => pending.delete(work));
    pending.add(work);
  };

  return {
    take(event, payload) {
      notify(event);
      applyLater(event, contributionOfEvent(event, payload, lookups));
    },
    takePresenceInterval(interval) {
      applyLater(PRESENCE_INTERVAL_ENTRY, Promise.resolve(describePresenceInterval(interval)));
    },
    onChange(listener) {
      listeners.push(listener);
    },
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}

/**
 * The rollups read record changes from the durable change feed by position: stored after each
 * batch, so they resume after a crash; on one node at a time. Replaying an entry is harmless, since
 * a record's contribution replaces its previous one.
 */
export function followChangeFeed(changeFeed: ChangeFeed, feed: DashboardFeed, name = 'dashboard-rollups'): FeedFollower {
  return changeFeed.follow({
    name,
    durable: true,
    exclusive: true,
    apply: async (entries) => {
      for (const entry of entries) {
        if (entry.type === PRESENCE_INTERVAL_ENTRY) feed.takePresenceInterval((entry.payload as { interval: TPresenceInterval }).interval);
        else feed.take(entry.type as TEventName, entry.payload as TEventPayloads[TEventName]);
      }
      await feed.settled();
    },
  });
}
