import { randomBytes } from 'node:crypto';
import { retryOnDuplicateKey } from '../../database/retry-on-duplicate-key.js';
import { SettingModel } from './setting.model.js';

/**
 * The secret that keys session ids when SESSION_SECRET is not set: generated once and kept in the
 * database, so every node and every restart agrees on it.
 */
export async function getOrCreateGeneratedSessionSecret(): Promise<string> {
  const setting = await retryOnDuplicateKey(() =>
    SettingModel.findOneAndUpdate(
      { _id: 'generated-session-secret' },
      { $setOnInsert: { value: randomBytes(48).toString('base64url') } },
      { upsert: true, returnDocument: 'after' },
    ).lean(),
  );
  return String(setting?.value);
}

/**
 * The token that signs Twilio webhooks in simulation mode (no TWILIO_AUTH_TOKEN): generated once
 * and kept in the database, so every node agrees; `npm run simulate` signs with it.
 */
export async function getOrCreateSimulationAuthToken(): Promise<string> {
  const setting = await retryOnDuplicateKey(() =>
    SettingModel.findOneAndUpdate(
      { _id: 'twilio-simulation-auth-token' },
      { $setOnInsert: { value: randomBytes(24).toString('hex') } },
      { upsert: true, returnDocument: 'after' },
    ).lean(),
  );
  return String(setting?.value);
}
