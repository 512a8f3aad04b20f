import { z } from 'zod';

/** A short link's code as it appears in `/s/<code>`; any unknown code, malformed or not, is a 404. */
export const ZShortLinkParams = z.object({ code: z.string().max(64) });
export type TShortLinkParams = z.infer<typeof ZShortLinkParams>;
