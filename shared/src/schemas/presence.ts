import { z } from 'zod';
import { PRESENCE_STATES } from '../constants.js';

/** What an agent may choose; `offline` is set by the server when their last console goes away. */
export const ZSetPresenceRequest = z.object({ state: z.enum(['available', 'busy', 'wrap-up', 'away']) }).strict();
export type TSetPresenceRequest = z.infer<typeof ZSetPresenceRequest>;

export const ZAgentStatus = z.object({
  userId: z.string(),
  state: z.enum(PRESENCE_STATES),
  since: z.string(),
  activeTickets: z.number().int(),
});
export type TAgentStatus = z.infer<typeof ZAgentStatus>;

export const ZAgentStatusList = z.object({ items: z.array(ZAgentStatus) });
