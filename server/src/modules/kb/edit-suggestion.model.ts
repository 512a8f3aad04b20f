import mongoose, { type InferSchemaType } from 'mongoose';
import { EDIT_SUGGESTION_STATUSES } from '@mowakaba/shared/schemas/kb';

/** A change an agent proposes to an article; a supervisor accepts (applies) or rejects it. */
const editSuggestionSchema = new mongoose.Schema(
  {
    articleId: { type: mongoose.Schema.Types.ObjectId, required: true, index: true },
    authorId: { type: mongoose.Schema.Types.ObjectId, ref: 'User', required: true },
    baseVersion: { type: Number, required: true },
    changes: {
      title: { type: String },
      summary: { type: String },
      body: { type: String },
      tags: { type: [String], default: undefined },
    },
    note: { type: String, required: true },
    status: { type: String, required: true, enum: EDIT_SUGGESTION_STATUSES, default: 'open' },
    decidedById: { type: mongoose.Schema.Types.ObjectId, ref: 'User' },
    appliedVersion: { type: Number },
  },
  { timestamps: true },
);

export type EditSuggestionDocument = InferSchemaType<typeof editSuggestionSchema> & { _id: mongoose.Types.ObjectId };
export const EditSuggestionModel = mongoose.model('EditSuggestion', editSuggestionSchema);
