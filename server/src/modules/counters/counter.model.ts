import mongoose from 'mongoose';

const counterSchema = new mongoose.Schema(
  { _id: { type: String, required: true }, sequence: { type: Number, required: true } },
  { versionKey: false },
);

export const CounterModel = mongoose.model('Counter', counterSchema);
