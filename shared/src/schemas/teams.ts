import { z } from 'zod';
import { CONTENT_LANGUAGES, TOPIC_KEYS } from '../constants.js';
import { ZObjectId } from './common.js';

export const ZTeam = z.object({
  id: z.string(),
  key: z.string(),
  name: z.object({ ar: z.string(), fr: z.string(), en: z.string() }),
  skills: z.object({ languages: z.array(z.enum(CONTENT_LANGUAGES)), topics: z.array(z.enum(TOPIC_KEYS)) }),
  memberIds: z.array(z.string()),
});
export type TTeam = z.infer<typeof ZTeam>;
export const ZTeamList = z.object({ items: z.array(ZTeam) });

const ZTeamName = z.string().trim().min(1).max(80);
/** One name for every interface language, or one per language. */
const ZTeamNames = z.union([ZTeamName, z.object({ ar: ZTeamName, fr: ZTeamName, en: ZTeamName }).strict()]);
export const ZTeamSkills = z
  .object({
    languages: z.array(z.enum(CONTENT_LANGUAGES)).max(CONTENT_LANGUAGES.length),
    topics: z.array(z.enum(TOPIC_KEYS)).max(TOPIC_KEYS.length),
  })
  .strict();
const ZMemberIds = z.array(ZObjectId).max(500);

/** A new team: what it is called and what it can answer (the languages and topics routed to it). */
export const ZCreateTeamRequest = z
  .object({
    name: ZTeamNames,
    skills: ZTeamSkills,
    memberIds: ZMemberIds.optional(),
  })
  .strict();
export type TCreateTeamRequest = z.infer<typeof ZCreateTeamRequest>;

/** Changes to a team; `memberIds` replaces the whole membership. */
export const ZUpdateTeamRequest = z
  .object({
    name: ZTeamNames.optional(),
    skills: ZTeamSkills.optional(),
    memberIds: ZMemberIds.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'at least one field is required' });
export type TUpdateTeamRequest = z.infer<typeof ZUpdateTeamRequest>;
