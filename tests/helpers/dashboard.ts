import { randomBytes } from 'node:crypto';
import type { TCall } from '../../shared/src/schemas/calls.js';
import type { TMessage } from '../../shared/src/schemas/messages.js';
import type { TTicket } from '../../shared/src/schemas/tickets.js';
import type { AppDependencies } from '../../server/src/app-env.js';
import { createLogger } from '../../server/src/logger.js';
import { createDashboardFeed, followChangeFeed, observePublisher, type DashboardFeed } from '../../server/src/modules/dashboard/index.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * The application with its publisher observed by a dashboard feed that also follows the change feed,
 * as main.ts wires it; `feed.settled()` first reads the change feed up to now.
 */
export function createDashboardTestApp(extra: Partial<AppDependencies> = {}): TestApp & { feed: DashboardFeed } {
  const feed = createDashboardFeed({ logger: createLogger('silent') });
  const testApp = createTestApp({}, undefined, (_config, hub) => ({ publisher: observePublisher(hub, feed), ...extra }));
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
