import { z } from 'zod';

export const ZHealth = z.object({ status: z.literal('ok') });
export const ZReadiness = z.object({ status: z.enum(['ready', 'unavailable']), database: z.enum(['up', 'down']) });
export type TReadiness = z.infer<typeof ZReadiness>;
