import { z } from 'zod';
import { CONTENT_LANGUAGES, TOPIC_KEYS } from '../constants.js';

export const ZTeam = z.object({
  id: z.string(),
  key: z.string(),
  name: z.object({ ar: z.string(), fr: z.string(), en: z.string() }),
  skills: z.object({ languages: z.array(z.enum(CONTENT_LANGUAGES)), topics: z.array(z.enum(TOPIC_KEYS)) }),
  memberIds: z.array(z.string()),
});
export type TTeam = z.infer<typeof ZTeam>;
export const ZTeamList = z.object({ items: z.array(ZTeam) });
