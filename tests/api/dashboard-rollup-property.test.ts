import { describe, expect, it } from 'vitest';
import type { TEventName, TEventPayloads } from '@mowakaba/shared/events';
import type { TCall } from '@mowakaba/shared/schemas/calls';
import type { TMessage } from '@mowakaba/shared/schemas/messages';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import { createLogger } from '../../server/src/logger.js';
import { readAllRollupCells, readAllSummaries } from '../../server/src/modules/dashboard/dashboard.store.js';
import { summaryDeltasOf } from '../../server/src/modules/dashboard/domain/history-summary.js';
import { accumulateCell, computeMetrics, emptyAccumulator } from '../../server/src/modules/dashboard/domain/compute-metrics.js';
import { hourKeyOf, localDayStart } from '../../server/src/modules/dashboard/domain/local-time.js';
import { parseCellId } from '../../server/src/modules/dashboard/domain/rollup-cell.js';
import { getDashboardHistory } from '../../server/src/modules/dashboard/get-dashboard-history.js';
import { DEFAULT_DASHBOARD_SETTINGS, type TDashboardHistoryQuery } from '@mowakaba/shared/schemas/dashboard';
import { PRESENCE_STATES } from '@mowakaba/shared/constants';
import type { TPresenceInterval } from '@mowakaba/shared/schemas/presence';
import { describePresenceInterval, PRESENCE_COUNTERS } from '../../server/src/modules/dashboard/domain/describe-presence.js';
import { contributionOfEvent, createDashboardFeed, type DashboardFeed, type RecordLookups } from '../../server/src/modules/dashboard/dashboard-feed.js';
import { sumContributions } from '../../server/src/modules/dashboard/rebuild-rollups.js';
import { BusinessCalendar } from '../../server/src/modules/sla/business-calendar.js';
import { DEFAULT_SLA_SETTINGS } from '../../server/src/modules/sla/default-sla-settings.js';
import { callRecord, messageRecord, normaliseCells, normaliseSummaries, objectId, ticketRecord } from '../helpers/dashboard.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { DashboardContributionModel, DashboardRollupModel, DashboardSummaryModel } from '../../server/src/modules/dashboard/dashboard-rollup.model.js';

useTestDatabase();

/** A small seeded generator (mulberry32), so a failing seed can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]! };
}

const TEAMS = [objectId(), objectId(), null];
const AGENTS = [objectId(), objectId(), null];
const REGIONS = ['souss-massa', 'oriental', null] as const;
const calendar = new BusinessCalendar(DEFAULT_SLA_SETTINGS.calendar);
const lookups: RecordLookups = {
  calendar: async () => calendar,
  regionOfAssociation: async () => 'fes-meknes',
  ticketContext: async () => ({ team: TEAMS[0]!, topic: 'funding', region: 'oriental', agent: AGENTS[1]! }),
};

type EventDelivery = { [E in TEventName]: { event: E; payload: TEventPayloads[E] } }[TEventName];
type Delivery = EventDelivery | { event: 'presence.interval'; payload: TPresenceInterval };
const deliver = (feed: DashboardFeed, { event, payload }: Delivery) => (event === 'presence.interval' ? feed.takePresenceInterval(payload) : feed.take(event, payload as never));
const iso = (ms: number) => new Date(ms).toISOString();

/** The successive versions of one ticket: reassigned, answered, solved, reopened, solved again, rated. */
function ticketVersions(rng: ReturnType<typeof random>, base: number): TTicket[] {
  const created = base + rng.int(40 * 86_400_000);
  let ticket = ticketRecord({ createdAt: iso(created), updatedAt: iso(created), teamId: rng.pick(TEAMS), region: rng.pick(REGIONS), channel: rng.pick(['web', 'sms', 'voice'] as const), version: 1 });
  const versions = [ticket];
  let at = created;
  for (let step = 0, steps = rng.int(6); step < steps; step += 1) {
    at += rng.int(3 * 86_400_000);
    const change = rng.int(5);
    const next: TTicket = { ...ticket, version: ticket.version + 1, updatedAt: iso(at) };
    if (change === 0) Object.assign(next, { teamId: rng.pick(TEAMS), assigneeId: rng.pick(AGENTS), topic: rng.pick(['founding', 'funding'] as const) });
    if (change === 1 && !next.sla.firstRespondedAt) next.sla = { ...next.sla, firstRespondedAt: iso(at), firstResponseDueAt: iso(created + rng.int(2 * 86_400_000)) };
    if (change === 2) Object.assign(next, { status: 'solved', solvedAt: iso(at) });
    if (change === 3 && next.status === 'solved') Object.assign(next, { status: 'open', solvedAt: null });
    if (change === 4 && next.status === 'solved') next.satisfaction = { rating: 1 + rng.int(5), answeredAt: iso(at) };
    versions.push((ticket = next));
  }
  return versions;
}

function callVersions(rng: ReturnType<typeof random>, base: number): TCall[] {
  const start = base + rng.int(40 * 86_400_000);
  const queued = rng.next() < 0.8;
  const first = callRecord({ createdAt: iso(start), updatedAt: iso(start), queuedAt: queued ? iso(start + 20_000) : null, phase: queued ? 'queued' : 'menu', result: null, endedAt: null, teamId: rng.pick(TEAMS), associationId: rng.next() < 0.5 ? objectId() : null, history: [{ kind: 'status', status: 'ringing', at: iso(start) }] });
  const wait = rng.int(90);
  const result = rng.pick(['answered', 'abandoned', 'callback-requested', 'voicemail'] as const);
  const answered = { ...first, agentId: rng.pick(AGENTS), result: result === 'answered' ? ('answered' as const) : null, queueWaitSeconds: wait, phase: 'connected' as const, updatedAt: iso(start + 30_000), history: [...first.history, { kind: 'accepted', status: null, at: iso(start + 30_000) }] };
  const ended = { ...answered, result, phase: 'ended' as const, endedAt: iso(start + 300_000), talkSeconds: result === 'answered' ? rng.int(600) : null, updatedAt: iso(start + 300_000), history: [...answered.history, { kind: 'status', status: 'completed', at: iso(start + 300_000) }] };
  return [first, answered, ended];
}

/** The states an agent went through, one after the other, each from a few seconds to 30 hours long. */
function presenceIntervals(rng: ReturnType<typeof random>, base: number): TPresenceInterval[] {
  const userId = objectId();
  const teamId = rng.pick(TEAMS);
  let at = base + rng.int(40 * 86_400_000) + rng.int(1000);
  return Array.from({ length: 1 + rng.int(5) }, (_, index) => {
    const from = at;
    at += rng.int(rng.next() < 0.8 ? 3 * 3_600_000 : 30 * 3_600_000) + rng.int(1000);
    return { userId, version: index + 2, state: rng.pick(PRESENCE_STATES), from: iso(from), to: iso(at), teamId };
  });
}

function messageVersions(rng: ReturnType<typeof random>, base: number): TMessage[] {
  const at = base + rng.int(40 * 86_400_000);
  const message = messageRecord({ createdAt: iso(at), updatedAt: iso(at), direction: rng.pick(['inbound', 'outbound'] as const), ticketId: rng.next() < 0.5 ? objectId() : null, status: 'queued' });
  return [message, { ...message, status: 'delivered', updatedAt: iso(at + 5_000) }];
}

describe('incremental rollups', () => {
  it.each([1, 2, 3, 4, 5])('equal the rebuild after shuffled, duplicated deliveries and a restart (seed %i)', async (seed) => {
    await DashboardRollupModel.deleteMany({});
    await DashboardContributionModel.deleteMany({});
    await DashboardSummaryModel.deleteMany({});
    const rng = random(seed);
    const base = Date.parse('2026-02-01T00:00:00Z');
    const tickets = Array.from({ length: 25 }, () => ticketVersions(rng, base));
    const calls = Array.from({ length: 20 }, () => callVersions(rng, base));
    const messages = Array.from({ length: 10 }, () => messageVersions(rng, base));
    const presence = Array.from({ length: 3 }, () => presenceIntervals(rng, base)).flat();
    const deliveries: Delivery[] = [
      ...tickets.flat().map((ticket): Delivery => ({ event: 'ticket.updated', payload: { ticket, actorId: null } })),
      ...calls.flat().map((call): Delivery => ({ event: 'call.updated', payload: { call } })),
      ...messages.flat().map((message): Delivery => ({ event: 'message.updated', payload: { message } })),
      ...presence.map((interval): Delivery => ({ event: 'presence.interval', payload: interval })),
      // Some tickets are removed for good (demo data): their last version takes back all they added.
      ...tickets
        .filter((_, index) => index % 5 === 0)
        .map((versions): Delivery => {
          const last = versions.at(-1)!;
          return { event: 'ticket.removed', payload: { ticketId: last.id, reference: last.reference, version: last.version + 1, actorId: null } };
        }),
    ];
    // Duplicates, then any order.
    for (let copies = rng.int(deliveries.length); copies > 0; copies -= 1) deliveries.push(rng.pick(deliveries));
    for (let index = deliveries.length - 1; index > 0; index -= 1) {
      const other = rng.int(index + 1);
      [deliveries[index], deliveries[other]] = [deliveries[other]!, deliveries[index]!];
    }

    // A node takes the first part, all at once, then stops; a new one (nothing in memory) takes the rest.
    const restartAt = rng.int(deliveries.length);
    const logger = createLogger('silent');
    const before = createDashboardFeed({ logger, lookups });
    for (const delivery of deliveries.slice(0, restartAt)) deliver(before, delivery);
    await before.settled();
    const after = createDashboardFeed({ logger, lookups });
    for (const delivery of deliveries.slice(restartAt)) deliver(after, delivery);
    await after.settled();

    const finals: EventDelivery[] = [
      // A rebuild reads the records: removed tickets are not among them.
      ...tickets.filter((_, index) => index % 5 !== 0).map((versions): EventDelivery => ({ event: 'ticket.updated', payload: { ticket: versions.at(-1)!, actorId: null } })),
      ...calls.map((versions): EventDelivery => ({ event: 'call.updated', payload: { call: versions.at(-1)! } })),
      ...messages.map((versions): EventDelivery => ({ event: 'message.updated', payload: { message: versions.at(-1)! } })),
    ];
    const rebuilt = sumContributions([
      ...(await Promise.all(finals.map(({ event, payload }) => contributionOfEvent(event, payload, lookups).then((contribution) => contribution!)))),
      // The presence owner keeps every state left: the rebuild reads them all.
      ...presence.map(describePresenceInterval),
    ]);
    // Each agent's hours add up to the time of their states.
    const presenceSeconds = presence.reduce((total, interval) => total + Math.floor(Date.parse(interval.to) / 1000) - Math.floor(Date.parse(interval.from) / 1000), 0);
    const presenceCounted = rebuilt.reduce((total, cell) => total + Object.values(PRESENCE_COUNTERS).reduce((sum, counter) => sum + (cell.values[counter] ?? 0), 0), 0);
    expect(presenceCounted).toBe(presenceSeconds);
    expect(normaliseCells(await readAllRollupCells())).toEqual(normaliseCells(rebuilt));
    // The history summaries the feed kept are those a rebuild sums from the cells.
    expect(normaliseSummaries(await readAllSummaries())).toEqual(normaliseSummaries(summaryDeltasOf(rebuilt.map((cell) => [cell.id, cell.values]))));

    // Any range read from the summaries (whole months, days, a month less its days outside) counts
    // what the cells of its hours hold.
    for (let probe = 0; probe < 4; probe += 1) {
      const from = new Date(base - 5 * 86_400_000 + rng.int(50) * 86_400_000).toISOString().slice(0, 10);
      const to = new Date(Date.parse(from) + rng.int(60) * 86_400_000).toISOString().slice(0, 10);
      const query: TDashboardHistoryQuery = { from, to, interval: rng.pick(['day', 'week', 'month'] as const), lang: 'fr', ...(rng.next() < 0.5 ? { team: TEAMS[0]! } : {}) };
      const [startKey, endKey] = [hourKeyOf(localDayStart(from).toMillis()), hourKeyOf(localDayStart(to).plus({ days: 1 }).toMillis())];
      const expected = emptyAccumulator();
      for (const cell of rebuilt) {
        if (!/^\d/.test(cell.id) || cell.id < startKey || cell.id >= endKey) continue;
        if (query.team !== undefined && parseCellId(cell.id).team !== query.team) continue;
        accumulateCell(expected, cell.values, DEFAULT_DASHBOARD_SETTINGS.serviceLevel);
      }
      // Seen from a day inside the data: months read whole may hold records on days after it.
      const history = await getDashboardHistory(query, new Date(base + rng.int(45) * 86_400_000));
      expect({ from, to, ...history.totals }).toEqual({ from, to, ...computeMetrics(expected) });
    }
  });
});
