import { z } from 'zod';

export const ZObjectId = z.string().regex(/^[0-9a-f]{24}$/i, 'must be a 24-character hexadecimal id');

export const ZIdParams = z.object({ id: ZObjectId });

/** E-mail addresses are compared and stored lower-cased. */
export const ZEmail = z.string().trim().toLowerCase().pipe(z.email().max(254));

/** Passwords: long enough to resist guessing, bounded so hashing cannot be abused. */
export const ZPassword = z.string().min(10, 'must be at least 10 characters').max(200);
