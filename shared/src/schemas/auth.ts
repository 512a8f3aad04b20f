import { z } from 'zod';
import { ZPassword } from './common.js';
import { ZUiLanguage, ZUser } from './users.js';

export const ZLoginRequest = z
  .object({
    email: z.string().trim().toLowerCase().min(1).max(254),
    password: z.string().min(1).max(200),
  })
  .strict();
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

export const ZSessionResponse = z.object({ user: ZUser });
export type TSessionResponse = z.infer<typeof ZSessionResponse>;

export const ZChangePasswordRequest = z
  .object({ currentPassword: z.string().min(1).max(200), newPassword: ZPassword })
  .strict();
export type TChangePasswordRequest = z.infer<typeof ZChangePasswordRequest>;

export const ZUpdateMeRequest = z.object({ language: ZUiLanguage }).strict();
export type TUpdateMeRequest = z.infer<typeof ZUpdateMeRequest>;
