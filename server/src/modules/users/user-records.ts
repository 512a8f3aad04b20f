// A user's stored record as other modules need it (signing in, sessions), so none imports the model.
import type mongoose from 'mongoose';
import { UserModel, type UserDocument } from './user.model.js';

export { onUsersChanged, type UserDocument } from './user.model.js';

/** The stored user with this id (password hash included), or null. */
export function findUserRecord(id: string): Promise<UserDocument | null> {
  return UserModel.findById(id).lean<UserDocument>().exec();
}

/** The stored user with this e-mail address (password hash included), or null. */
export function findUserRecordByEmail(email: string): Promise<UserDocument | null> {
  return UserModel.findOne({ email }).lean<UserDocument>().exec();
}

/** Replaces a user's password hash, noting when it changed. */
export async function setUserPassword(id: mongoose.Types.ObjectId, passwordHash: string, changedAt: Date): Promise<void> {
  await UserModel.updateOne({ _id: id }, { $set: { passwordHash, passwordChangedAt: changedAt } });
}
