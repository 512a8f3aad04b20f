import type { TPresenceState } from './constants.js';

/** Socket.io event names, `<entity>.<verb>`. */
export const EVENTS = {
  ticketCreated: 'ticket.created',
  ticketUpdated: 'ticket.updated',
  callQueued: 'call.queued',
  callUpdated: 'call.updated',
  messageReceived: 'message.received',
  agentPresence: 'agent.presence',
  dashboardLive: 'dashboard.live',
  slaWarning: 'sla.warning',
} as const;

export interface TAgentPresencePayload {
  userId: string;
  state: TPresenceState;
  at: string;
}

/** Events the server sends; payloads of the other events are added with their features. */
export interface ServerToClientEvents {
  'agent.presence': (payload: TAgentPresencePayload) => void;
}

export interface ClientToServerEvents {}

/** Room names; a socket joins its user room and its role room on connection. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  role: (role: string) => `role:${role}`,
} as const;
