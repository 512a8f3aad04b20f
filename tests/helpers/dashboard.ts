import { randomBytes } from 'node:crypto';
import type { TCall } from '@mowakaba/shared/schemas/calls';
import type { TMessage } from '@mowakaba/shared/schemas/messages';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import type { AppDependencies } from '../../server/src/app-env.js';
import { createLogger } from '../../server/src/logger.js';
import { createDashboardFeed, followChangeFeed, type DashboardFeed } from '../../server/src/modules/dashboard/index.js';
import { addSummary, emptySummary, type TSummary } from '../../server/src/modules/dashboard/domain/history-summary.js';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { createSignedInUser, jsonRequest } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * The application with a dashboard feed that follows the change feed, as main.ts wires it;
 * `feed.settled()` first reads the change feed up to now.
 */
export function createDashboardTestApp(extra: Partial<AppDependencies> = {}): TestApp & { feed: DashboardFeed } {
  const feed = createDashboardFeed({ logger: createLogger('silent') });
  const testApp = createTestApp({}, undefined, () => extra);
  const follower = followChangeFeed(testApp.hub.feed, feed, `dashboard-rollups-${hex(4)}`);
  const settled = async () => {
    await follower.catchUp();
    await feed.settled();
  };
  return { ...testApp, feed: { ...feed, settled } };
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
export const objectId = () => hex(12);

/** A ticket as events carry it; every field can be overridden. */
export function ticketRecord(overrides: Partial<TTicket> = {}): TTicket {
  const createdAt = overrides.createdAt ?? '2026-11-02T09:00:00.000Z';
  return {
    id: objectId(),
    reference: `T-2026-${hex(3)}`,
    subject: 'تجديد المكتب',
    description: '',
    channel: 'web',
    language: 'ar',
    topic: 'founding',
    priority: 'normal',
    status: 'new',
    associationId: null,
    contactId: null,
    contactPhone: null,
    region: null,
    assigneeId: null,
    teamId: null,
    tags: [],
    custom: {},
    sla: { firstResponseDueAt: null, resolutionDueAt: null, firstRespondedAt: null, paused: false, firstResponseBreached: false, resolutionBreached: false },
    satisfaction: null,
    solvedAt: null,
    mergedIntoId: null,
    version: 1,
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
}

/** An inbound call as events carry it; every field can be overridden. */
export function callRecord(overrides: Partial<TCall> = {}): TCall {
  const createdAt = overrides.createdAt ?? '2026-11-02T09:00:00.000Z';
  return {
    callSid: `CA${hex(16)}`,
    direction: 'inbound',
    from: '+212661234517',
    to: '+212522000000',
    associationId: null,
    contactId: null,
    language: 'ar',
    topic: 'founding',
    teamId: null,
    queue: null,
    phase: 'ended',
    status: 'completed',
    result: 'answered',
    agentId: null,
    ticketId: null,
    suggestedTicketId: null,
    offer: null,
    callbackId: null,
    servesCallbackId: null,
    disposition: null,
    notes: '',
    onHold: false,
    simulated: true,
    queuedAt: createdAt,
    endedAt: createdAt,
    queueWaitSeconds: 0,
    talkSeconds: 0,
    afterCallWorkSeconds: null,
    recording: null,
    statusTimes: {},
    history: [],
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
}

/** A message as events carry it; every field can be overridden. */
export function messageRecord(overrides: Partial<TMessage> = {}): TMessage {
  const createdAt = overrides.createdAt ?? '2026-11-02T09:00:00.000Z';
  return {
    messageSid: `SM${hex(16)}`,
    direction: 'inbound',
    channel: 'sms',
    phone: '+212661234517',
    body: 'السلام عليكم',
    media: [],
    ticketId: null,
    associationId: null,
    status: 'received',
    errorCode: null,
    simulated: true,
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
}

/**
 * Signs in a supervisor and an admin and makes teams A and B; team B answers within 10 s and counts
 * hang-ups under 3 s as short, team A keeps the defaults (20 s, 5 s).
 */
export async function setUpTwoTeams(app: TestApp['app']): Promise<{ supervisor: string; admin: string; teamA: string; teamB: string }> {
  const supervisor = (await createSignedInUser(app, 'supervisor')).cookie;
  const admin = (await createSignedInUser(app, 'admin')).cookie;
  const makeTeam = (key: string) => TeamModel.create({ key, name: { ar: `فريق ${key}`, fr: `Équipe ${key}`, en: `Team ${key}` }, skills: { languages: ['ar'], topics: [] }, memberIds: [] });
  const teamA = (await makeTeam('a'))._id.toString();
  const teamB = (await makeTeam('b'))._id.toString();
  const saved = await app.request(
    '/api/dashboard/settings',
    jsonRequest('PUT', { serviceLevel: { thresholdSeconds: 20, shortAbandonSeconds: 5 }, teams: { [teamB]: { thresholdSeconds: 10, shortAbandonSeconds: 3 } }, slaAtRiskMinutes: 30 }, admin),
  );
  if (saved.status !== 200) throw new Error(`dashboard settings not saved: ${saved.status}`);
  return { supervisor, admin, teamA, teamB };
}

/** Rollup cells in one order, without counters at zero: to compare maintained cells with a rebuild. */
export const normaliseCells = (cells: Array<{ id: string; values: Record<string, number> }>) =>
  cells
    .map((cell) => ({ id: cell.id, values: Object.fromEntries(Object.entries(cell.values).filter(([, value]) => value !== 0).sort(([a], [b]) => a.localeCompare(b))) }))
    .filter((cell) => Object.keys(cell.values).length > 0)
    .sort((a, b) => (a.id < b.id ? -1 : 1));

/** Summaries with their keys in one order, each normalised through an addition to nothing. */
export const normaliseSummaries = (summaries: Map<string, TSummary>) =>
  Object.fromEntries([...summaries].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, summary]) => [id, JSON.parse(JSON.stringify(addSummary(emptySummary(), summary), (_key, value) => (value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) : value)))]));
