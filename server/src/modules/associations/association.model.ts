import mongoose, { type InferSchemaType } from 'mongoose';
import { REGION_KEYS } from '@mowakaba/shared/constants';

const contactSchema = new mongoose.Schema({
  name: { type: String, required: true, trim: true },
  role: { type: String, trim: true, default: '' },
  /** E.164 numbers. */
  phones: { type: [String], default: [] },
  emails: { type: [String], default: [] },
});

const associationSchema = new mongoose.Schema(
  {
    name: {
      type: new mongoose.Schema(
        { ar: { type: String, required: true, trim: true }, fr: { type: String, required: true, trim: true } },
        { _id: false },
      ),
      required: true,
    },
    registrationRef: { type: String, required: true, unique: true, trim: true },
    region: { type: String, required: true, enum: REGION_KEYS, index: true },
    province: { type: String, trim: true, default: '' },
    city: { type: String, trim: true, default: '' },
    fieldOfActivity: { type: String, trim: true, default: '' },
    notes: { type: String, default: '' },
    contacts: { type: [contactSchema], default: [] },
    /** Every contact phone, flattened; the phone directory mirrors it for lookups by _id. */
    phones: { type: [String], default: [], index: true },
    /** Names, city and reference folded (case, accents, Arabic letter forms) for search. */
    searchText: { type: String, default: '' },
    /** Set when this association was merged into another; it then only redirects. */
    mergedIntoId: { type: mongoose.Schema.Types.ObjectId, ref: 'Association', default: null },
    version: { type: Number, required: true, default: 0 },
    /** What the last change still had to write after the record (the numbers it had before); read only by the recovery pass. */
    lastChange: { type: mongoose.Schema.Types.Mixed, select: false },
  },
  { timestamps: true },
);
associationSchema.index({ mergedIntoId: 1, updatedAt: -1 });

export type AssociationDocument = InferSchemaType<typeof associationSchema> & { _id: mongoose.Types.ObjectId };
export const AssociationModel = mongoose.model('Association', associationSchema);
