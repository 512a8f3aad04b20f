import type { TColleague, TCreateUserRequest, TUpdateUserRequest, TUser } from '@mowakaba/shared/schemas/users';
import { isDuplicateKeyError } from '../../database/retry-on-duplicate-key.js';
import { AppError, notFound } from '../../errors.js';
import { revokeUserSessions, userAccessChanged } from '../auth/sessions.service.js';
import { getTeamIdsOf, getTeams, setTeamsOf } from '../teams/teams.service.js';
import { hashPassword } from './password.js';
import { UserModel, type UserDocument } from './user.model.js';
import { getStorage } from '../../platform/storage/index.js';

/** The user as the API shows it; `teamIds` come from the teams, which hold their members. */
export function toUserDto(user: UserDocument, teamIds: string[]): TUser {
  return {
    id: user._id.toString(),
    email: user.email,
    name: user.name,
    role: user.role,
    disabled: user.disabled,
    language: user.language,
    teamIds,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

/** Creates a user; a taken e-mail answers 409. */
export async function createUser(input: TCreateUserRequest): Promise<TUser> {
  try {
    const user = await UserModel.create({
      email: input.email,
      name: input.name,
      role: input.role,
      language: input.language ?? 'ar',
      passwordHash: await hashPassword(input.password),
    });
    if (input.teamIds) await setTeamsOf(user._id.toString(), input.teamIds);
    return toUserDto(user.toObject(), await getTeamIdsOf(user._id.toString()));
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new AppError('conflict', 'a user with this e-mail already exists');
    throw error;
  }
}

/** The user with the ids of their teams. */
export async function toUserDtoWithTeams(user: UserDocument): Promise<TUser> {
  return toUserDto(user, await getTeamIdsOf(user._id.toString()));
}

export async function listUsers(): Promise<TUser[]> {
  const users = await UserModel.find().sort({ name: 1 }).lean<UserDocument[]>();
  const teams = await getTeams();
  const teamIdsOf = (userId: string) =>
    teams.filter((team) => team.memberIds.some((memberId) => memberId.toString() === userId)).map((team) => team._id.toString());
  return users.map((user) => toUserDto(user, teamIdsOf(user._id.toString())));
}

/** Enabled staff with their teams, by name: whom a ticket can be assigned to. */
export async function listColleagues(): Promise<TColleague[]> {
  const users = (await listUsers()).filter((user) => !user.disabled);
  return users.map((user) => ({ id: user.id, name: user.name, role: user.role, teamIds: user.teamIds }));
}

export async function getUserById(id: string): Promise<TUser> {
  const user = await UserModel.findById(id).lean<UserDocument>();
  if (!user) throw notFound('user');
  return toUserDtoWithTeams(user);
}

/** Applies admin changes; disabling a user or resetting their password signs them out everywhere. */
export async function updateUser(id: string, changes: TUpdateUserRequest, actingUserId: string): Promise<TUser> {
  if (id === actingUserId && (changes.disabled === true || (changes.role !== undefined && changes.role !== 'admin'))) {
    throw new AppError('conflict', 'you cannot disable yourself or remove your own admin role');
  }
  const { password, teamIds, ...fields } = changes;
  // Checked before anything is written, so an unknown team leaves the user as it was.
  if (teamIds !== undefined && !(await UserModel.exists({ _id: id }))) throw notFound('user');
  const update: Record<string, unknown> = { ...fields };
  if (password !== undefined) {
    update.passwordHash = await hashPassword(password);
    update.passwordChangedAt = getStorage().clock.now();
  }
  const before = await UserModel.findById(id, { role: 1 }).lean<UserDocument>();
  const user = await UserModel.findByIdAndUpdate(id, { $set: update }, { returnDocument: 'after', runValidators: true }).lean<UserDocument>();
  if (!user) throw notFound('user');
  if (teamIds !== undefined) await setTeamsOf(id, teamIds);
  if (password !== undefined || changes.disabled === true) await revokeUserSessions(id);
  // Consoles joined their rooms with the old role: they reconnect and join those of the new one.
  else if (before && before.role !== user.role) userAccessChanged(id);
  return toUserDtoWithTeams(user);
}

/** Creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD when the database has no user at all. */
export async function ensureFirstAdmin(email: string, password: string, name = 'Admin'): Promise<boolean> {
  if (await UserModel.exists({})) return false;
  try {
    await UserModel.create({ email, name, role: 'admin', language: 'ar', passwordHash: await hashPassword(password) });
    return true;
  } catch (error) {
    // Another node created it first.
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}
