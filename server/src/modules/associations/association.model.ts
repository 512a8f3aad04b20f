import mongoose, { type InferSchemaType } from 'mongoose';
import { REGION_KEYS } from '../../../../shared/src/constants.js';

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
      ar: { type: String, required: true, trim: true },
      fr: { type: String, required: true, trim: true },
    },
    registrationRef: { type: String, required: true, unique: true, trim: true },
    region: { type: String, required: true, enum: REGION_KEYS, index: true },
    province: { type: String, trim: true, default: '' },
    city: { type: String, trim: true, default: '' },
    fieldOfActivity: { type: String, trim: true, default: '' },
    notes: { type: String, default: '' },
    contacts: { type: [contactSchema], default: [] },
    // Every contact phone, flattened so caller-ID lookup is one indexed query.
    phones: { type: [String], default: [], index: true },
  },
  { timestamps: true },
);

associationSchema.pre('validate', function collectPhones() {
  this.phones = [...new Set(this.contacts.flatMap((contact) => contact.phones))];
});

export type AssociationDocument = InferSchemaType<typeof associationSchema> & { _id: mongoose.Types.ObjectId };
export const AssociationModel = mongoose.model('Association', associationSchema);
