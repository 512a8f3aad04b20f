import { createHmac, randomBytes } from 'node:crypto';
import { createKeyedReadThroughCache } from '../../database/read-through-cache.js';
import { onUsersChanged, UserModel, type UserDocument } from '../users/user.model.js';
import { SessionModel } from './session.model.js';

export interface SessionSettings {
  secret: string;
  ttlMs: number;
}

// Every request reads its user. The session itself is read each time (signing out or being disabled,
// which revokes sessions, applies at once everywhere); a role or profile changed on another node
// applies here within these few seconds.
const usersCache = createKeyedReadThroughCache(5_000, (userId) => UserModel.findById(userId).lean<UserDocument>().exec());
onUsersChanged(() => usersCache.forget());

// Sliding expiry is written at most this often, so reads do not turn every request into a write.
const TOUCH_INTERVAL_MS = 60_000;

function sessionKey(token: string, settings: SessionSettings): string {
  return createHmac('sha256', settings.secret).update(token).digest('base64url');
}

/** Opens a session and returns the token to put in the cookie. */
export async function createSession(userId: string, settings: SessionSettings, userAgent?: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  await SessionModel.create({
    _id: sessionKey(token, settings),
    userId,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + settings.ttlMs),
    userAgent: userAgent?.slice(0, 300),
  });
  return token;
}

/** The signed-in, enabled user behind a cookie token, or undefined; extends the session while in use. */
export async function findSessionUser(token: string, settings: SessionSettings): Promise<UserDocument | undefined> {
  if (token.length === 0 || token.length > 100) return undefined;
  const key = sessionKey(token, settings);
  const now = new Date();
  // Filter on _id alone: it is the only filter FerretDB answers from an index.
  const session = await SessionModel.findById(key).lean();
  if (!session || session.expiresAt <= now) return undefined;
  const user = await usersCache.get(session.userId.toString());
  if (!user || user.disabled) {
    await SessionModel.deleteOne({ _id: key });
    return undefined;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await SessionModel.updateOne(
      { _id: key },
      { $set: { lastSeenAt: now, expiresAt: new Date(now.getTime() + settings.ttlMs) } },
    );
  }
  return user;
}

export async function deleteSession(token: string, settings: SessionSettings): Promise<void> {
  await SessionModel.deleteOne({ _id: sessionKey(token, settings) });
}

const accessChangeListeners = new Set<(userId: string) => void>();

/**
 * Calls `listener` when a user's access changes (sessions revoked, role changed): live connections
 * opened under the old access must end. Returns how to stop listening.
 */
export function onUserAccessChanged(listener: (userId: string) => void): () => void {
  accessChangeListeners.add(listener);
  return () => accessChangeListeners.delete(listener);
}

export function userAccessChanged(userId: string): void {
  for (const listener of accessChangeListeners) listener(userId);
}

/** Signs a user out everywhere, optionally keeping the session they act from. */
export async function revokeUserSessions(userId: string, keepToken?: { token: string; settings: SessionSettings }): Promise<void> {
  const filter: Record<string, unknown> = { userId };
  if (keepToken) filter._id = { $ne: sessionKey(keepToken.token, keepToken.settings) };
  await SessionModel.deleteMany(filter);
  userAccessChanged(userId);
}

export async function deleteExpiredSessions(now = new Date()): Promise<number> {
  const result = await SessionModel.deleteMany({ expiresAt: { $lte: now } });
  return result.deletedCount;
}
