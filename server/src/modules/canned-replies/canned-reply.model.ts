import mongoose, { type InferSchemaType } from 'mongoose';
import { CONTENT_LANGUAGES, TOPIC_KEYS } from '@mowakaba/shared/constants';

const cannedReplySchema = new mongoose.Schema(
  {
    title: { type: String, required: true },
    body: { type: String, required: true },
    language: { type: String, required: true, enum: CONTENT_LANGUAGES },
    topic: { type: String, enum: [...TOPIC_KEYS, null], default: null },
    updatedById: { type: mongoose.Schema.Types.ObjectId, ref: 'User', default: null },
  },
  { timestamps: true },
);

export type CannedReplyDocument = InferSchemaType<typeof cannedReplySchema> & { _id: mongoose.Types.ObjectId; createdAt: Date; updatedAt: Date };
export const CannedReplyModel = mongoose.model('CannedReply', cannedReplySchema);
