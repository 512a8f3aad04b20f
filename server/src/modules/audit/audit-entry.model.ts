import mongoose, { type InferSchemaType } from 'mongoose';
import { AUDIT_ACTIONS, AUDIT_TARGET_KINDS } from '@mowakaba/shared/schemas/privacy';

// Staff actions on personal data, roles and settings (law 09-08: access is traced and can be shown
// to the CNDP). Insert-only: nothing updates an entry; only the retention of logs deletes old ones.
// Details hold counts and field names, never the personal data itself.
const auditEntrySchema = new mongoose.Schema(
  {
    at: { type: Date, required: true },
    actorId: { type: mongoose.Schema.Types.ObjectId, ref: 'User', default: null },
    actorName: { type: String, default: null },
    actorRole: { type: String, default: null },
    action: { type: String, enum: AUDIT_ACTIONS, required: true },
    targetKind: { type: String, enum: AUDIT_TARGET_KINDS, required: true },
    targetId: { type: String, default: null },
    status: { type: Number, default: null },
    details: { type: mongoose.Schema.Types.Mixed, default: {} },
    requestId: { type: String, default: null },
  },
  { versionKey: false },
);
auditEntrySchema.index({ at: -1, _id: -1 });
auditEntrySchema.index({ targetKind: 1, targetId: 1, at: -1 });
auditEntrySchema.index({ actorId: 1, at: -1 });

export type AuditEntryDocument = InferSchemaType<typeof auditEntrySchema> & { _id: mongoose.Types.ObjectId };
export const AuditEntryModel = mongoose.model('AuditEntry', auditEntrySchema, 'audit_log');
