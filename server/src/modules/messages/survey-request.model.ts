import mongoose from 'mongoose';

// A satisfaction question sent to a number and not answered yet. `_id` is the E.164 number: the
// next "1"–"5" from it answers the latest question.
const surveyRequestSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    ticketId: { type: mongoose.Schema.Types.ObjectId, ref: 'Ticket', required: true },
    sentAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const SurveyRequestModel = mongoose.model('SurveyRequest', surveyRequestSchema);
