import mongoose, { type InferSchemaType } from 'mongoose';
import { CONTENT_LANGUAGES, TOPIC_KEYS } from '@mowakaba/shared/constants';
import { listenToSchemaChanges } from '../../database/schema-change-listeners.js';

const teamSchema = new mongoose.Schema(
  {
    key: { type: String, required: true, unique: true },
    name: {
      ar: { type: String, required: true },
      fr: { type: String, required: true },
      en: { type: String, required: true },
    },
    skills: {
      languages: { type: [String], enum: CONTENT_LANGUAGES, default: [] },
      topics: { type: [String], enum: TOPIC_KEYS, default: [] },
    },
    memberIds: { type: [mongoose.Schema.Types.ObjectId], ref: 'User', default: [], index: true },
  },
  { timestamps: true },
);

export const onTeamsChanged = listenToSchemaChanges(teamSchema);

export type TeamDocument = InferSchemaType<typeof teamSchema> & { _id: mongoose.Types.ObjectId };
export const TeamModel = mongoose.model('Team', teamSchema);
