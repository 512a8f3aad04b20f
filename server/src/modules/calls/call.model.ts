import mongoose, { type InferSchemaType } from 'mongoose';
import { CALL_DIRECTIONS, CALL_DISPOSITIONS, CALL_PHASES, CALL_RESULTS, TWILIO_CALL_STATUSES } from '@mowakaba/shared/schemas/calls';
import { CONTENT_LANGUAGES, TOPIC_KEYS } from '@mowakaba/shared/constants';

/**
 * One thing Twilio told us (a status, queue, dial or recording callback) or we told Twilio (menu
 * choice, enqueue). `key` makes a redelivered callback a no-op; everything derived (status, result,
 * wait, talk time) is recomputed from the whole set, so the order callbacks arrive in never matters.
 */
const callFactSchema = new mongoose.Schema(
  {
    key: { type: String, required: true },
    kind: { type: String, required: true },
    status: { type: String, default: null },
    at: { type: Date, required: true },
    /** Twilio's SequenceNumber, on status callbacks. */
    sequence: { type: Number, default: null },
    data: { type: mongoose.Schema.Types.Mixed, default: null },
  },
  { _id: false },
);

// `_id` is the CallSid: every webhook finds its call with the one lookup FerretDB indexes.
const callSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    direction: { type: String, enum: CALL_DIRECTIONS, required: true },
    from: { type: String, default: '' },
    to: { type: String, default: '' },
    /** The association member's side of the call, E.164, when it is a phone number. */
    phone: { type: String, default: null },
    associationId: { type: mongoose.Schema.Types.ObjectId, ref: 'Association', default: null },
    contactId: { type: mongoose.Schema.Types.ObjectId, default: null },
    language: { type: String, enum: [...CONTENT_LANGUAGES, null], default: null },
    topic: { type: String, enum: [...TOPIC_KEYS, null], default: null },
    teamId: { type: mongoose.Schema.Types.ObjectId, ref: 'Team', default: null },
    queue: { type: String, default: null },
    phase: { type: String, enum: CALL_PHASES, required: true, default: 'menu' },
    agentId: { type: mongoose.Schema.Types.ObjectId, ref: 'User', default: null },
    ticketId: { type: mongoose.Schema.Types.ObjectId, ref: 'Ticket', default: null },
    suggestedTicketId: { type: mongoose.Schema.Types.ObjectId, ref: 'Ticket', default: null },
    /** When the call was last linked to a ticket an agent chose (a relink, a callback placed from a ticket): its timeline entry's id derives from it, so the recovery pass can write it again. */
    ticketLinkedAt: { type: Date, default: null },
    callbackId: { type: String, default: null },
    servesCallbackId: { type: String, default: null },
    disposition: { type: String, enum: [...CALL_DISPOSITIONS, null], default: null },
    notes: { type: String, default: '' },
    onHold: { type: Boolean, default: false },
    /**
     * After a transfer or a resume: how many agent connections the call had had. Only a later one
     * connects it again (the previous agent's leg is still reported as answered).
     */
    agentJoinsAtRequest: { type: Number, default: null },
    simulated: { type: Boolean, default: false },
    queuedAt: { type: Date, default: null },
    facts: { type: [callFactSchema], default: [] },
    // Derived from `facts` by deriveCallOutcome; stored so lists can filter on them.
    status: { type: String, enum: [...TWILIO_CALL_STATUSES, null], default: null },
    result: { type: String, enum: [...CALL_RESULTS, null], default: null },
    statusTimes: { type: mongoose.Schema.Types.Mixed, default: {} },
    queueWaitSeconds: { type: Number, default: null },
    talkSeconds: { type: Number, default: null },
    afterCallWorkSeconds: { type: Number, default: null },
    recording: {
      type: new mongoose.Schema(
        { sid: String, url: String, durationSeconds: { type: Number, default: null }, kind: { type: String, enum: ['conversation', 'voicemail'] } },
        { _id: false },
      ),
      default: null,
    },
    endedAt: { type: Date, default: null },
    /** Grows with every change (call.store.ts); a call stored before versions reads as 0. */
    version: { type: Number, default: 0 },
    /** What the lists kept from calls showed before the last change (`CallLastChange`); read only by the recovery pass. */
    lastChange: { type: mongoose.Schema.Types.Mixed, select: false },
  },
  { timestamps: true, versionKey: false },
);
callSchema.index({ createdAt: -1, _id: -1 });
callSchema.index({ associationId: 1, createdAt: -1 });
callSchema.index({ result: 1, createdAt: -1 });

export type CallDocument = InferSchemaType<typeof callSchema> & { _id: string };
/**
 * Calls in progress and recently ended: each callback updates one. FerretDB 1.24 applies an update
 * (even by `_id`) by scanning the whole collection, so this one is kept small: ended calls move to
 * the archive after a grace period for late callbacks and the agent's wrap-up notes.
 */
export const CallModel = mongoose.model('Call', callSchema);
/** Ended calls, written once; rarely updated (a very late callback, notes added days later). */
export const CallArchiveModel = mongoose.model('CallArchive', callSchema, 'call_archive');
export type StoredCallModel = typeof CallModel;
