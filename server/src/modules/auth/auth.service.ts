import type { TChangePasswordRequest } from '../../../../shared/src/schemas/auth.js';
import { AppError } from '../../errors.js';
import { consumeRateLimit, rateLimitedError, type RateLimitRule } from '../rate-limit/rate-limit.service.js';
import { hashPassword, verifyDecoyPassword, verifyPassword } from '../users/password.js';
import { UserModel, type UserDocument } from '../users/user.model.js';
import { createSession, revokeUserSessions, type SessionSettings } from './sessions.service.js';

export const LOGIN_LIMIT_PER_IP: RateLimitRule = { bucket: 'login-ip', limit: 5, windowMs: 5 * 60_000 };
export const LOGIN_LIMIT_PER_ACCOUNT: RateLimitRule = { bucket: 'login-account', limit: 10, windowMs: 15 * 60_000 };

const WRONG_CREDENTIALS = 'the e-mail or password is incorrect';

function tooManyAttempts(retryAfterSeconds: number): AppError {
  return rateLimitedError(retryAfterSeconds, 'too many sign-in attempts; try again later');
}

/**
 * Checks credentials under both rate limits. Every attempt counts; a successful one is given back,
 * so only failures accumulate and a room of agents behind one address can still sign in.
 */
export async function logIn(
  credentials: { email: string; password: string; ip: string; userAgent?: string },
  settings: SessionSettings,
): Promise<{ user: UserDocument; token: string }> {
  const perIp = await consumeRateLimit(LOGIN_LIMIT_PER_IP, credentials.ip);
  const perAccount = await consumeRateLimit(LOGIN_LIMIT_PER_ACCOUNT, credentials.email);
  if (!perIp.allowed || !perAccount.allowed) {
    throw tooManyAttempts(Math.max(perIp.allowed ? 0 : perIp.retryAfterSeconds, perAccount.allowed ? 0 : perAccount.retryAfterSeconds));
  }
  const user = await UserModel.findOne({ email: credentials.email }).lean<UserDocument>();
  const passwordMatches = user
    ? await verifyPassword(user.passwordHash, credentials.password)
    : await verifyDecoyPassword(credentials.password);
  if (!user || !passwordMatches || user.disabled) throw new AppError('unauthenticated', WRONG_CREDENTIALS);

  await Promise.all([perIp.refund(), perAccount.refund()]);
  const token = await createSession(user._id.toString(), settings, credentials.userAgent);
  return { user, token };
}

/** Changes the signed-in user's password and signs out their other sessions. */
export async function changeOwnPassword(
  user: UserDocument,
  request: TChangePasswordRequest,
  current: { token: string; settings: SessionSettings },
): Promise<void> {
  const attempt = await consumeRateLimit(LOGIN_LIMIT_PER_ACCOUNT, user.email);
  if (!attempt.allowed) throw tooManyAttempts(attempt.retryAfterSeconds);
  if (!(await verifyPassword(user.passwordHash, request.currentPassword))) {
    throw new AppError('validation_failed', 'the request is not valid', [
      { path: 'currentPassword', code: 'incorrect', message: 'the current password is incorrect' },
    ]);
  }
  await attempt.refund();
  await UserModel.updateOne(
    { _id: user._id },
    { $set: { passwordHash: await hashPassword(request.newPassword), passwordChangedAt: new Date() } },
  );
  await revokeUserSessions(user._id.toString(), current);
}
