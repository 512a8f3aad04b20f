import { TICKET_PRIORITIES, TICKET_STATUSES, type TPresenceState } from '@mowakaba/shared/constants';
import type { TCall, TCallbackTask } from '@mowakaba/shared/schemas/calls';
import { BACKLOG_AGES, type TDashboardLive, type TDashboardLiveFigures, type TDashboardSettings } from '@mowakaba/shared/schemas/dashboard';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import { listCallbackTasks } from '../calls/calls.service.js';
import { listLiveCalls } from '../calls/list-call-log.js';
import { listAgentPresences } from '../presence/presence.service.js';
import { getTeams } from '../teams/teams.service.js';
import type { LiveTicketDirectory } from '../tickets/live-ticket-directory.js';
import type { TLiveTicket } from '../tickets/ticket-directory.js';
import { listUsers } from '../users/users.service.js';
import { CENTER_READER } from './dashboard-feed.js';
import { getDashboardSettings } from './dashboard.store.js';
import { accumulateCell, computeMetrics, emptyAccumulator, type TMetricsAccumulator } from './domain/compute-metrics.js';
import { serviceLevelRuleOf } from './get-dashboard-history.js';
import { readTodayByOwner } from './read-today-summaries.js';
import { localDateOf } from './domain/local-time.js';

const DAY_MS = 86_400_000;
const PAGE = 100;

/** Every call of the log matching `query`, page after page. */
async function listOpenCallbacks(): Promise<TCallbackTask[]> {
  const tasks: TCallbackTask[] = [];
  for (let cursor: string | undefined; ; ) {
    const page = await listCallbackTasks({ status: 'open', limit: PAGE, cursor }, CENTER_READER);
    tasks.push(...page.items);
    if (!page.nextCursor) return tasks;
    cursor = page.nextCursor;
  }
}

const countBy = <K extends string>(keys: readonly K[], values: K[]) =>
  Object.fromEntries(keys.map((key) => [key, values.filter((value) => value === key).length])) as Record<K, number>;

function ageBucketOf(ageMs: number): (typeof BACKLOG_AGES)[number] {
  if (ageMs < DAY_MS) return 'under1d';
  if (ageMs < 7 * DAY_MS) return '1to7d';
  if (ageMs < 30 * DAY_MS) return '7to30d';
  return 'over30d';
}

/** A ticket's SLA now: breached (a due time passed or the breach was marked), at risk (due within the window), or fine. */
export function slaStandingOf(ticket: TLiveTicket, now: number, atRiskMs: number): 'breached' | 'at-risk' | 'ok' {
  const waitingFirstResponse = !ticket.firstResponded;
  if ((waitingFirstResponse && ticket.firstResponseBreached) || ticket.resolutionBreached) return 'breached';
  const dues = [waitingFirstResponse ? ticket.firstResponseDueMs : null, ticket.resolutionDueMs].filter((due) => due !== null);
  if (dues.some((due) => due <= now)) return 'breached';
  return dues.some((due) => due <= now + atRiskMs) ? 'at-risk' : 'ok';
}

interface LiveInputs {
  now: number;
  settings: TDashboardSettings;
  queued: TCall[];
  active: TCall[];
  callbacks: TCallbackTask[];
  agents: Array<{ userId: string; name: string; state: TPresenceState; since: string }>;
  tickets: TLiveTicket[];
  today: TMetricsAccumulator;
}

const PRESENCE_FIELDS = { available: 'available', busy: 'busy', 'wrap-up': 'wrapUp', away: 'away', offline: 'offline' } as const;

/** The live figures of a set of calls, agents, tickets and today's rollups. */
export function computeLiveFigures(inputs: LiveInputs): TDashboardLiveFigures {
  const { now, tickets } = inputs;
  const today = computeMetrics(inputs.today);
  const standings = tickets.map((ticket) => slaStandingOf(ticket, now, inputs.settings.slaAtRiskMinutes * 60_000));
  const agentCounts = { available: 0, busy: 0, wrapUp: 0, away: 0, offline: 0 };
  for (const agent of inputs.agents) agentCounts[PRESENCE_FIELDS[agent.state]] += 1;
  return {
    callsWaiting: inputs.queued.length,
    longestWaitSeconds: Math.max(0, ...inputs.queued.map((call) => Math.floor((now - Date.parse(call.queuedAt ?? call.createdAt)) / 1000))),
    callsActive: inputs.active.length,
    callbacksPending: inputs.callbacks.length,
    agents: { ...agentCounts, list: inputs.agents },
    backlog: {
      total: tickets.length,
      byStatus: countBy(TICKET_STATUSES, tickets.map((ticket) => ticket.status)),
      byPriority: countBy(TICKET_PRIORITIES, tickets.map((ticket) => ticket.priority)),
      byAge: countBy(BACKLOG_AGES, tickets.map((ticket) => ageBucketOf(now - ticket.createdAtMs))),
    },
    unassigned: tickets.filter((ticket) => ticket.assigneeId === null).length,
    slaBreached: standings.filter((standing) => standing === 'breached').length,
    slaAtRisk: standings.filter((standing) => standing === 'at-risk').length,
    callsOffered: today.callsOffered,
    callsAnswered: today.callsAnswered,
    callsAbandoned: today.callsAbandoned,
    shortAbandons: today.shortAbandons,
    serviceLevel: today.serviceLevel,
    asaSeconds: today.asaSeconds,
    abandonRate: today.abandonRate,
    ticketsCreated: today.ticketsCreated,
    ticketsSolved: today.ticketsSolved,
    firstResponseMedianMinutes: today.firstResponseMedianMinutes,
  };
}

/**
 * The center now: calls waiting and on the line, callbacks, agents' presence, the backlog of active
 * tickets (from the node's in-memory index) and today's figures since local midnight (from the
 * rollups). Totals count each agent once, even one in two teams. With `teamId`, only that team.
 */
export async function getLiveSnapshot(activeTickets: LiveTicketDirectory, now: Date, teamId?: string): Promise<TDashboardLive> {
  // The backlog as of every change this node made: a snapshot sent for a change the directory has not
  // applied yet would show the board one ticket behind until the next change.
  await activeTickets.ensureLoaded();
  await activeTickets.settled();
  const [settings, teams, users, statuses, liveCalls, callbacks, todayCells] = await Promise.all([
    getDashboardSettings(),
    getTeams(),
    listUsers(),
    listAgentPresences(),
    listLiveCalls(),
    listOpenCallbacks(),
    readTodayByOwner(now, 'team'),
  ]);
  const queued = liveCalls.filter((call) => call.phase === 'queued');
  const statusById = new Map(statuses.map((status) => [status.userId, status]));
  const members = new Set(teams.flatMap((team) => team.memberIds.map((id) => id.toString())));
  const agentOf = (user: { id: string; name: string }) => {
    const status = statusById.get(user.id);
    return { userId: user.id, name: user.name, state: status?.state ?? ('offline' as const), since: status?.since ?? new Date(0).toISOString() };
  };
  const allAgents = users.filter((user) => !user.disabled && (user.role === 'agent' || members.has(user.id))).map(agentOf);
  const tickets = activeTickets.activeTickets();
  const active = liveCalls.filter((call) => call.phase !== 'queued');

  const figuresOf = (team: string | null) => {
    const inTeam = <T extends { teamId: string | null }>(items: T[]) => (team === null ? items : items.filter((item) => item.teamId === team));
    const today = emptyAccumulator();
    for (const [owner, values] of todayCells) {
      if (team === null || owner === team) accumulateCell(today, values, serviceLevelRuleOf(settings, owner));
    }
    const memberIds = team === null ? null : new Set(teams.find((candidate) => candidate._id.toString() === team)?.memberIds.map((id) => id.toString()) ?? []);
    return computeLiveFigures({
      now: now.getTime(),
      settings,
      queued: inTeam(queued),
      active: inTeam(active),
      callbacks: inTeam(callbacks),
      agents: memberIds === null ? allAgents : allAgents.filter((agent) => memberIds.has(agent.userId)),
      tickets: inTeam(tickets),
      today,
    });
  };

  const shownTeams = teams.filter((team) => teamId === undefined || team._id.toString() === teamId);
  return {
    at: now.toISOString(),
    date: localDateOf(now),
    totals: teamId === undefined ? figuresOf(null) : figuresOf(teamId),
    teams: shownTeams.map((team) => ({ teamId: team._id.toString(), name: team.name?.fr ?? team.key, ...figuresOf(team._id.toString()) })),
  };
}
