import { z } from 'zod';
import { ZObjectId } from './common.js';

/** A read-only link for a TV: it shows the live snapshot (of one team, or the whole center) and nothing else. */
export const ZWallboardLink = z.object({
  id: z.string(),
  label: z.string(),
  /** Null: the whole center. */
  teamId: z.string().nullable(),
  createdBy: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.string(),
});
export type TWallboardLink = z.infer<typeof ZWallboardLink>;

export const ZWallboardLinkList = z.object({ items: z.array(ZWallboardLink) });
export type TWallboardLinkList = z.infer<typeof ZWallboardLinkList>;

export const ZCreateWallboardLinkRequest = z
  .object({
    label: z.string().trim().min(1).max(80),
    team: ZObjectId.optional(),
  })
  .strict();
export type TCreateWallboardLinkRequest = z.infer<typeof ZCreateWallboardLinkRequest>;

/** The token is shown once, in `url`: only its hash is stored. */
export const ZCreatedWallboardLink = z.object({ link: ZWallboardLink, token: z.string(), url: z.string() });
export type TCreatedWallboardLink = z.infer<typeof ZCreatedWallboardLink>;

export const ZWallboardLinkParams = z.object({ id: z.string().regex(/^[0-9a-f]{32}$/, 'must be a wallboard link id') });
