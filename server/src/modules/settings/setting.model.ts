import mongoose from 'mongoose';

const settingSchema = new mongoose.Schema(
  { _id: { type: String, required: true }, value: { type: mongoose.Schema.Types.Mixed, required: true } },
  { timestamps: true },
);

export const SettingModel = mongoose.model('Setting', settingSchema);
