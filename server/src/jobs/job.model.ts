import mongoose, { type InferSchemaType } from 'mongoose';

// A timer that survives restarts. `_id` is chosen by the scheduler (e.g. `sla:<ticket>:resolution:breach`)
// so rescheduling replaces the previous timer instead of adding one.
const jobSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    runAt: { type: Date, required: true, index: true },
    payload: { type: mongoose.Schema.Types.Mixed, default: {} },
    attempts: { type: Number, required: true, default: 0 },
  },
  { versionKey: false, timestamps: true },
);

export type JobDocument = InferSchemaType<typeof jobSchema>;
export const JobModel = mongoose.model('Job', jobSchema);
