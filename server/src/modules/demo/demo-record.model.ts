import mongoose from 'mongoose';

/**
 * One document per record the demo seeding created (`_id` `<kind>:<id>`): the mark that lets an
 * admin remove exactly the demo data, and never what staff or associations created since.
 */
const demoRecordSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: ['ticket', 'association', 'article', 'user', 'team'] },
    recordId: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

export const DemoRecordModel = mongoose.model('DemoRecord', demoRecordSchema, 'demo_records');
