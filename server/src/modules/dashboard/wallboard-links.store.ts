import { createHash, randomBytes } from 'node:crypto';
import { isSignedToken, newSignedToken } from '../../platform/signed-tokens.js';
import type { TCreatedWallboardLink, TCreateWallboardLinkRequest, TWallboardLink } from '@mowakaba/shared/schemas/wallboard-links';
import { AppError, notFound } from '../../errors.js';
import { getTeams } from '../teams/teams.service.js';
import { WallboardLinkModel } from './wallboard-link.model.js';

interface StoredLink {
  _id: string;
  linkId: string;
  label: string;
  teamId: string | null;
  createdBy: { id: string; name: string };
  createdAt: Date;
}

const revokedListeners = new Set<(linkId: string) => void>();

const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

function toWallboardLinkDto(link: StoredLink): TWallboardLink {
  return { id: link.linkId, label: link.label, teamId: link.teamId ?? null, createdBy: link.createdBy, createdAt: link.createdAt.toISOString() };
}

/** The TV's address for `token`: the token rides in the path, so it never reaches a log as a query. */
export const wallboardUrlOf = (publicUrl: string, token: string) => new URL(`/wallboard/${token}`, publicUrl).toString();

const WALLBOARD_TOKEN = 'wallboard-token';

/**
 * Whether a wallboard token bears the server's signature: only the server made it, so it may be
 * looked up even from an address that waits after failed handshakes (a guess never gets that far).
 * Links made before tokens were signed have tokens without one: they still open, outside the wait.
 */
export const isSignedWallboardToken = (token: string, secret: string) => isSignedToken(token, WALLBOARD_TOKEN, secret);

/** Creates a link; the token (signed with `secret`) is returned once, only its hash is kept. */
export async function createWallboardLink(
  input: TCreateWallboardLinkRequest,
  creator: { id: string; name: string },
  settings: { publicUrl: string; secret: string },
  now: Date,
): Promise<TCreatedWallboardLink> {
  if (input.team && !(await getTeams()).some((team) => team._id.toString() === input.team)) {
    throw new AppError('validation_failed', 'no such team', [{ path: 'team', code: 'not_found', message: 'no such team' }]);
  }
  const token = newSignedToken(WALLBOARD_TOKEN, settings.secret);
  const stored: StoredLink = { _id: hashOf(token), linkId: randomBytes(16).toString('hex'), label: input.label, teamId: input.team ?? null, createdBy: creator, createdAt: now };
  await WallboardLinkModel.create(stored);
  return { link: toWallboardLinkDto(stored), token, url: wallboardUrlOf(settings.publicUrl, token) };
}

/** Every link, newest first (a handful: read whole). */
export async function listWallboardLinks(): Promise<TWallboardLink[]> {
  const links = await WallboardLinkModel.find().lean<StoredLink[]>();
  return links.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).map(toWallboardLinkDto);
}

/** Ends a link: its token is refused from now on and the TVs showing it are disconnected at once. */
export async function revokeWallboardLink(linkId: string): Promise<void> {
  const removed = await WallboardLinkModel.findOneAndDelete({ linkId }).lean<StoredLink>();
  if (!removed) throw notFound('wallboard link');
  for (const listener of revokedListeners) listener(linkId);
}

/** The link a token opens, or undefined (unknown or revoked). */
export async function findWallboardLink(token: string): Promise<TWallboardLink | undefined> {
  if (token.length === 0 || token.length > 100) return undefined;
  const link = await WallboardLinkModel.findById(hashOf(token)).lean<StoredLink>();
  return link ? toWallboardLinkDto(link) : undefined;
}

/** Which of `linkIds` still exist. */
export async function findLiveWallboardLinkIds(linkIds: string[]): Promise<Set<string>> {
  if (linkIds.length === 0) return new Set();
  const links = await WallboardLinkModel.find({}, { linkId: 1 }).lean<Array<Pick<StoredLink, 'linkId'>>>();
  return new Set(links.map((link) => link.linkId).filter((id) => linkIds.includes(id)));
}

/** The teams that have a wallboard link: only their TVs need a team's own snapshot. */
export async function teamsWithWallboardLinks(): Promise<Set<string>> {
  const links = await WallboardLinkModel.find({}, { teamId: 1 }).lean<Array<Pick<StoredLink, 'teamId'>>>();
  return new Set(links.flatMap((link) => (link.teamId ? [link.teamId] : [])));
}

/** Calls `listener` with each link revoked on this node; returns the unsubscribe. */
export function onWallboardLinkRevoked(listener: (linkId: string) => void): () => void {
  revokedListeners.add(listener);
  return () => revokedListeners.delete(listener);
}
