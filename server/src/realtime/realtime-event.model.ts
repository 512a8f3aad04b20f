import mongoose from 'mongoose';

// The recent events of every room, kept a few minutes so a console that reconnects can catch up.
// `_id` is `<room>:<seq>`: replaying is a run of lookups by `_id`, fast on FerretDB too.
const realtimeEventSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    room: { type: String, required: true },
    seq: { type: Number, required: true },
    event: { type: String, required: true },
    payload: { type: mongoose.Schema.Types.Mixed, required: true },
    at: { type: Date, required: true },
    expiresAt: { type: Date, required: true, index: true },
  },
  { versionKey: false },
);

export const RealtimeEventModel = mongoose.model('RealtimeEvent', realtimeEventSchema);
