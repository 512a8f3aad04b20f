import { createHmac } from 'node:crypto';
import { createKeyedReadThroughCache } from '../../database/read-through-cache.js';
import { defineAppState } from '../../platform/app-state.js';
import { findUserRecord, onUsersChanged, type UserDocument } from '../users/user-records.js';
import { SessionModel } from './session.model.js';
import { isSignedToken, newSignedToken } from '../../platform/signed-tokens.js';
import { getStorage } from '../../platform/storage/index.js';

export interface SessionSettings {
  secret: string;
  ttlMs: number;
}

// Every request reads its session and user, each kept a few seconds by each node. Ending sessions
// (signing out, revoking, disabling) forgets them at once on this node and, through the listeners
// below (the realtime hub relays them over Redis), on the others; a role or profile changed on another
// node applies here within the users' few seconds. Each app of the process keeps its own copies.
const sessionsCache = defineAppState((clock) => createKeyedReadThroughCache(2_000, (key) => SessionModel.findById(key).lean().exec(), clock));
const usersCache = defineAppState((clock) => createKeyedReadThroughCache(5_000, findUserRecord, clock));
onUsersChanged(() => usersCache.forEach((cache) => cache.forget()));

const sessionsEndedListeners = new Set<(key?: string) => void>();

/**
 * Calls `listener` when sessions end on this node (with the session's key when one session ended),
 * so other nodes can forget theirs and its live connections can close. Returns how to stop listening.
 */
export function onSessionsEnded(listener: (key?: string) => void): () => void {
  sessionsEndedListeners.add(listener);
  return () => sessionsEndedListeners.delete(listener);
}

/** Sessions ended elsewhere: every session is read again at its next use. */
export function forgetCachedSessions(): void {
  sessionsCache.forEach((cache) => cache.forget());
}

/** Sessions found expired (the consoles' sweep): their next use reads them again and is refused. */
export function forgetExpiredSessions(keys: Iterable<string>): void {
  for (const key of keys) sessionsCache.forEach((cache) => cache.forget(key));
}

function sessionsEnded(key?: string): void {
  sessionsCache.forEach((cache) => cache.forget(key));
  for (const listener of sessionsEndedListeners) listener(key);
}

// Sliding expiry is written at most this often, so reads do not turn every request into a write.
const TOUCH_INTERVAL_MS = 60_000;

/** The stored id of the session behind a cookie token (the token itself is never stored). */
export function sessionKey(token: string, settings: SessionSettings): string {
  return createHmac('sha256', settings.secret).update(token).digest('base64url');
}

// Signed (platform/signed-tokens.ts): a guessed or forged cookie is refused without a database read.
const SESSION_TOKEN = 'session-token';
const newSessionToken = (settings: SessionSettings) => newSignedToken(SESSION_TOKEN, settings.secret);
const isSignedSessionToken = (token: string, settings: SessionSettings) => isSignedToken(token, SESSION_TOKEN, settings.secret);

/** Opens a session and returns the token to put in the cookie. */
export async function createSession(userId: string, settings: SessionSettings, userAgent?: string): Promise<string> {
  const token = newSessionToken(settings);
  const now = getStorage().clock.now();
  await SessionModel.create({
    _id: sessionKey(token, settings),
    userId,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + settings.ttlMs),
    userAgent: userAgent?.slice(0, 300),
  });
  return token;
}

/**
 * The signed-in, enabled user behind a cookie token, or undefined; extends the session while in use.
 * A token without the server's signature is refused before any read.
 */
export async function findSessionUser(token: string, settings: SessionSettings): Promise<UserDocument | undefined> {
  if (!isSignedSessionToken(token, settings)) return undefined;
  const key = sessionKey(token, settings);
  const now = getStorage().clock.now();
  // Read by _id alone: it is the only filter FerretDB answers from an index.
  const session = await sessionsCache().get(key);
  if (!session || session.expiresAt <= now) {
    // Forged or stale tokens are not kept.
    sessionsCache().forget(key);
    return undefined;
  }
  const user = await usersCache().get(session.userId.toString());
  if (!user || user.disabled) {
    await SessionModel.deleteOne({ _id: key });
    sessionsEnded(key);
    return undefined;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await SessionModel.updateOne(
      { _id: key },
      { $set: { lastSeenAt: now, expiresAt: new Date(now.getTime() + settings.ttlMs) } },
    );
    sessionsCache().forget(key);
  }
  return user;
}

export async function deleteSession(token: string, settings: SessionSettings): Promise<void> {
  const key = sessionKey(token, settings);
  await SessionModel.deleteOne({ _id: key });
  sessionsEnded(key);
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
  sessionsEnded();
  userAccessChanged(userId);
}

/** Of these session keys, those whose session still exists and has not expired. */
export async function findLiveSessionKeys(keys: string[], now = getStorage().clock.now()): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const live = await SessionModel.find({ _id: { $in: keys }, expiresAt: { $gt: now } }, { _id: 1 }).lean();
  return new Set(live.map((session) => String(session._id)));
}

export async function deleteExpiredSessions(now = getStorage().clock.now()): Promise<number> {
  const result = await SessionModel.deleteMany({ expiresAt: { $lte: now } });
  return result.deletedCount;
}
