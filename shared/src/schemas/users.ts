import { z } from 'zod';
import { ROLES, UI_LANGUAGES } from '../constants.js';
import { ZEmail, ZObjectId, ZPassword } from './common.js';

export const ZRole = z.enum(ROLES);
export const ZUiLanguage = z.enum(UI_LANGUAGES);

export const ZUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: ZRole,
  disabled: z.boolean(),
  language: ZUiLanguage,
  /** The teams the user is a member of (their skills decide which tickets the user can take). */
  teamIds: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TUser = z.infer<typeof ZUser>;

const ZUserName = z.string().trim().min(1).max(120);

export const ZCreateUserRequest = z
  .object({
    email: ZEmail,
    name: ZUserName,
    password: ZPassword,
    role: ZRole,
    language: ZUiLanguage.optional(),
    teamIds: z.array(ZObjectId).max(50).optional(),
  })
  .strict();
export type TCreateUserRequest = z.infer<typeof ZCreateUserRequest>;

/** Admin changes to a user; `password` resets it and revokes the user's sessions. */
export const ZUpdateUserRequest = z
  .object({
    name: ZUserName.optional(),
    role: ZRole.optional(),
    disabled: z.boolean().optional(),
    password: ZPassword.optional(),
    language: ZUiLanguage.optional(),
    /** Replaces the teams the user is a member of. */
    teamIds: z.array(ZObjectId).max(50).optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'at least one field is required' });
export type TUpdateUserRequest = z.infer<typeof ZUpdateUserRequest>;

export const ZUserList = z.object({ items: z.array(ZUser) });

/** Who a ticket can be given to: enabled staff, as every agent may see them. */
export const ZColleague = z.object({ id: z.string(), name: z.string(), role: ZRole, teamIds: z.array(z.string()) });
export type TColleague = z.infer<typeof ZColleague>;
export const ZColleagueList = z.object({ items: z.array(ZColleague) });
