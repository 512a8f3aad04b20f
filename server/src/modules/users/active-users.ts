import { UserModel } from './user.model.js';

/** Which of these user ids belong to existing, enabled users (for other modules, e.g. team membership). */
export async function findActiveUserIds(ids: string[]): Promise<Set<string>> {
  const found = await Promise.all(ids.map((id) => UserModel.findById(id, { disabled: 1 }).lean()));
  return new Set(ids.filter((_, index) => found[index] && !found[index]!.disabled));
}
