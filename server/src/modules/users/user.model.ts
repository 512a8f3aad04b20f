import mongoose, { type InferSchemaType } from 'mongoose';
import { ROLES, UI_LANGUAGES } from '@mowakaba/shared/constants';
import { listenToSchemaChanges } from '../../database/schema-change-listeners.js';

const userSchema = new mongoose.Schema(
  {
    email: { type: String, required: true, unique: true, lowercase: true, trim: true },
    name: { type: String, required: true, trim: true },
    passwordHash: { type: String, required: true },
    role: { type: String, required: true, enum: ROLES },
    disabled: { type: Boolean, required: true, default: false },
    language: { type: String, required: true, enum: UI_LANGUAGES, default: 'ar' },
    passwordChangedAt: { type: Date, required: true, default: () => new Date() },
  },
  { timestamps: true },
);

export const onUsersChanged = listenToSchemaChanges(userSchema);

export type UserDocument = InferSchemaType<typeof userSchema> & { _id: mongoose.Types.ObjectId };
export const UserModel = mongoose.model('User', userSchema);
