import { z } from 'zod';
import { PRESENCE_STATES } from '../constants.js';
import { ZObjectId } from './common.js';

/** What an agent may choose; `offline` is set by the server when their last console goes away. */
export const ZSetPresenceRequest = z.object({ state: z.enum(['available', 'busy', 'wrap-up', 'away']) }).strict();
export type TSetPresenceRequest = z.infer<typeof ZSetPresenceRequest>;

/** What a supervisor may set for an agent: sent away or offline (audited; the agent's console shows who did), or back to available. */
export const ZSetAgentPresenceRequest = z.object({ state: z.enum(['available', 'away', 'offline']) }).strict();
export type TSetAgentPresenceRequest = z.infer<typeof ZSetAgentPresenceRequest>;

export const ZAgentPresenceParams = z.object({ userId: ZObjectId });

/** Where an agent is: the presence owner's record. */
export const ZAgentPresence = z.object({
  userId: z.string(),
  state: z.enum(PRESENCE_STATES),
  since: z.string(),
  /** What the agent last chose (or a supervisor set): where they return after a call and its wrap-up, and after a reload. */
  chosenState: z.enum(PRESENCE_STATES),
  /** The call that made them busy or in wrap-up. */
  callSid: z.string().nullable(),
});
export type TAgentPresence = z.infer<typeof ZAgentPresence>;

/** An agent's presence and load: the active tickets assigned to them, counted from the tickets. */
export const ZAgentStatus = ZAgentPresence.extend({ activeTickets: z.number().int() });
export type TAgentStatus = z.infer<typeof ZAgentStatus>;

export const ZAgentStatusList = z.object({ items: z.array(ZAgentStatus) });
export type TAgentStatusList = z.infer<typeof ZAgentStatusList>;

/**
 * A stretch of time an agent spent in one state, closed by the change that ended it (`version`: the
 * agent state's version after that change): what presence history counts. Carried by the change
 * feed (stream `presence`, type `presence.interval`, sent to no room) and kept by the presence owner.
 */
export const ZPresenceInterval = z.object({
  userId: z.string(),
  version: z.number().int(),
  state: z.enum(PRESENCE_STATES),
  /** ISO instants: the state began at `from` and ended at `to`. */
  from: z.string(),
  to: z.string(),
  /** The agent's first team when the state ended (their time is counted under it), or null. */
  teamId: z.string().nullable(),
});
export type TPresenceInterval = z.infer<typeof ZPresenceInterval>;

export const PRESENCE_INTERVAL_STREAM = 'presence';
export const PRESENCE_INTERVAL_ENTRY = 'presence.interval';
