import { z } from 'zod';

/** How many demo records of each kind: what a removal took, or what is left to take. */
export const ZDemoDataCounts = z.object({
  tickets: z.number().int().min(0),
  associations: z.number().int().min(0),
  articles: z.number().int().min(0),
  /** Demo agents and supervisors are disabled, not deleted: audit entries and real tickets may name them. */
  users: z.number().int().min(0),
});
export type TDemoDataCounts = z.infer<typeof ZDemoDataCounts>;

/** Where the demo data stands: loaded or not, what is left of it, and when it was removed. */
export const ZDemoDataState = z.object({
  loaded: z.boolean(),
  removedAt: z.string().nullable(),
  remaining: ZDemoDataCounts,
});
export type TDemoDataState = z.infer<typeof ZDemoDataState>;

/**
 * What `DELETE /api/admin/demo-data` did. Demo associations that now hold real work (a ticket, a call
 * or a message staff or the association made) are kept, and counted in `kept`.
 */
export const ZDemoDataRemoval = z.object({
  removedAt: z.string(),
  removed: ZDemoDataCounts,
  kept: z.object({ associations: z.number().int().min(0) }),
});
export type TDemoDataRemoval = z.infer<typeof ZDemoDataRemoval>;
