import type { TPresenceState } from './constants.js';
import type { TCall, TCallbackTask } from './schemas/calls.js';
import type { TDashboardLive } from './schemas/dashboard.js';
import type { TDashboardAlert } from './schemas/dashboard-alerts.js';
import type { TMessage } from './schemas/messages.js';
import type { TTicket } from './schemas/tickets.js';

/** Socket.io event names, `<entity>.<verb>`. */
export const EVENTS = {
  ticketCreated: 'ticket.created',
  ticketUpdated: 'ticket.updated',
  ticketRemoved: 'ticket.removed',
  callQueued: 'call.queued',
  callUpdated: 'call.updated',
  messageReceived: 'message.received',
  messageUpdated: 'message.updated',
  agentPresence: 'agent.presence',
  dashboardLive: 'dashboard.live',
  slaWarning: 'sla.warning',
  dashboardAlert: 'dashboard.alert',
  callbackUpdated: 'callback.updated',
  callbackRemoved: 'callback.removed',
} as const;

export interface TTicketEventPayload {
  ticket: TTicket;
  /** The user whose action raised the event, when a person did. */
  actorId: string | null;
}

/** A ticket is gone for good (demo data removed): consoles drop it from their lists. */
export interface TTicketRemovedPayload {
  ticketId: string;
  reference: string;
  /** The ticket's last version: an older event about it changes nothing. */
  version: number;
  actorId: string | null;
}

export interface TAgentPresencePayload {
  userId: string;
  state: TPresenceState;
  at: string;
  /** The supervisor who set this state for the agent; absent when the agent or their calls did. */
  setBy?: { id: string; name: string };
}

export interface TSlaWarningPayload {
  ticketId: string;
  reference: string;
  target: 'first-response' | 'resolution';
  dueAt: string;
  breached: boolean;
}

/** A call joined a queue (again): consoles of the queue's team can accept it. */
export interface TCallEventPayload {
  call: TCall;
}

/** A callback task was created or changed (claimed, released, closed, moved by a merge, erased). */
export interface TCallbackEventPayload {
  task: TCallbackTask;
}

/** A callback task is gone (its call turned out answered): consoles drop it from their list. */
export interface TCallbackRemovedPayload {
  taskId: string;
  /** One past the task's last version: an older event about it changes nothing. */
  version: number;
}

/** An inbound SMS or WhatsApp message, or a change in an outbound one's delivery. */
export interface TMessageEventPayload {
  message: TMessage;
}

/** Payload of each event the server publishes to rooms. */
export interface TEventPayloads {
  'ticket.created': TTicketEventPayload;
  'ticket.updated': TTicketEventPayload;
  'ticket.removed': TTicketRemovedPayload;
  'agent.presence': TAgentPresencePayload;
  'sla.warning': TSlaWarningPayload;
  'call.queued': TCallEventPayload;
  'call.updated': TCallEventPayload;
  'callback.updated': TCallbackEventPayload;
  'callback.removed': TCallbackRemovedPayload;
  'message.received': TMessageEventPayload;
  'message.updated': TMessageEventPayload;
  /** The live dashboard, at most once a second while something changes (supervisors' room). */
  'dashboard.live': TDashboardLive;
  /** A threshold admins set was crossed (raised) or is no longer (cleared): supervisors' room only. */
  'dashboard.alert': TDashboardAlertPayload;
}

export interface TDashboardAlertPayload {
  state: 'raised' | 'cleared';
  alert: TDashboardAlert;
}
export type TEventName = keyof TEventPayloads;

/**
 * What a console receives: the event and its number in the room it came through. Numbers follow
 * each other without gaps in a room, so a console notices any event it missed. An event sent to
 * several rooms a console is in arrives once per room, with the same `id`.
 */
export interface TEventEnvelope<E extends TEventName = TEventName> {
  id: string;
  room: string;
  seq: number;
  event: E;
  payload: TEventPayloads[E];
  at: string;
}

/**
 * An event for the consoles that have a ticket open (its viewers' room): sent live, not numbered
 * nor replayed, since the same change also reaches the numbered rooms of the ticket's team,
 * assignee and supervisors; it lets a viewer outside those rooms see it too.
 */
export type TLiveEnvelope<E extends TEventName = TEventName> = Omit<TEventEnvelope<E>, 'seq'>;

/** Rooms whose events are sent live only (see TLiveEnvelope). */
export const isViewersRoom = (room: string) => room.startsWith('ticket:');

/** After a reconnect: the last number seen in each room. */
export interface TSyncRequest {
  rooms: Record<string, number>;
}

/** Per room, the missed events in order, or `snapshot` when they are too old to replay. */
export interface TSyncResponse {
  rooms: Record<string, { events: TEventEnvelope[]; lastSeq: number } | { snapshot: true; lastSeq: number }>;
}

export interface TViewingNotice {
  ticketId: string;
  userId: string;
  name: string;
  activity: 'viewing' | 'typing' | 'left';
}

export interface ServerToClientEvents {
  /** Every published event, in its envelope. */
  event: (envelope: TEventEnvelope) => void;
  /** An event sent to a ticket's viewers' room, unnumbered. */
  'event.live': (envelope: TLiveEnvelope) => void;
  /** The rooms this socket was put in, with their current numbers, sent on connection. */
  welcome: (rooms: Record<string, number>) => void;
  'ticket.viewers': (notice: TViewingNotice) => void;
}

export interface ClientToServerEvents {
  sync: (request: TSyncRequest, acknowledge: (response: TSyncResponse) => void) => void;
  'ticket.view': (request: { ticketId: string; activity: TViewingNotice['activity'] }) => void;
}

/**
 * The `data` of a console's `connect_error` when its address failed the handshake too often: it
 * may try again after `retryAfterSeconds`, not before.
 */
export interface THandshakeRateLimited {
  code: 'rate-limited';
  retryAfterSeconds: number;
}

/** Room names; a socket joins its user room, its role room and its teams' rooms on connection. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  role: (role: string) => `role:${role}`,
  team: (teamId: string) => `team:${teamId}`,
  ticket: (ticketId: string) => `ticket:${ticketId}`,
  /** The TVs of wallboard links: of one team, or (null) of the whole center. */
  wallboard: (teamId: string | null) => `wallboard:${teamId ?? 'center'}`,
} as const;

/**
 * Rooms of wallboard links' TVs: sent live only, not numbered nor stored (each `dashboard.live` is a
 * whole snapshot, and a TV refetches one after a reconnect).
 */
export const isWallboardRoom = (room: string) => room.startsWith('wallboard:');
