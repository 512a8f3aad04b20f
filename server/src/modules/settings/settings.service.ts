import { randomBytes } from 'node:crypto';
import { retryOnDuplicateKey } from '../../database/retry-on-duplicate-key.js';
import { SettingModel } from './setting.model.js';

/** A random secret made once and kept in the database, so every node and every restart agrees on it. */
async function getOrCreateGeneratedSecret(id: string, bytes: number, encoding: BufferEncoding): Promise<string> {
  const setting = await retryOnDuplicateKey(() =>
    SettingModel.findOneAndUpdate(
      { _id: id },
      { $setOnInsert: { value: randomBytes(bytes).toString(encoding) } },
      { upsert: true, returnDocument: 'after' },
    ).lean(),
  );
  return String(setting?.value);
}

/** The secret that keys session ids when SESSION_SECRET is not set. */
export function getOrCreateGeneratedSessionSecret(): Promise<string> {
  return getOrCreateGeneratedSecret('generated-session-secret', 48, 'base64url');
}

/** The token that signs Twilio webhooks in simulation mode (no TWILIO_AUTH_TOKEN); `npm run simulate` signs with it. */
export function getOrCreateSimulationAuthToken(): Promise<string> {
  return getOrCreateGeneratedSecret('twilio-simulation-auth-token', 24, 'hex');
}

/** A stored setting's value, or undefined when it was never set. */
export async function getSettingValue(id: string): Promise<unknown> {
  const setting = await SettingModel.findById(id).lean();
  return setting?.value;
}

/** Stores a setting's value whole (last write wins: settings are changed by one admin at a time). */
export async function putSettingValue(id: string, value: unknown): Promise<void> {
  await SettingModel.updateOne({ _id: id }, { $set: { value } }, { upsert: true });
}

/** Stores a setting's value unless it has one already (the first value stays). */
export async function putSettingValueIfUnset(id: string, value: unknown): Promise<void> {
  await SettingModel.updateOne({ _id: id }, { $setOnInsert: { value } }, { upsert: true });
}
