import { DEFAULT_ALERT_SETTINGS, ZAlertSettings, type TAlertSettings, type TDashboardAlert } from '@mowakaba/shared/schemas/dashboard-alerts';
import { createReadThroughCache } from '../../database/read-through-cache.js';
import { defineAppState } from '../../platform/app-state.js';
import { isDuplicateKeyError } from '../../database/retry-on-duplicate-key.js';
import { DashboardAlertModel } from './dashboard-alert.model.js';
import { DashboardSettingModel } from './dashboard-rollup.model.js';

const ALERT_SETTINGS_ID = 'dashboard-alert-settings';

const alertSettingsCache = defineAppState((clock) => createReadThroughCache(5_000, async () => {
  const stored = await DashboardSettingModel.findById(ALERT_SETTINGS_ID).lean();
  return stored ? ZAlertSettings.parse(stored.value) : DEFAULT_ALERT_SETTINGS;
}, clock));

export function getAlertSettings(): Promise<TAlertSettings> {
  return alertSettingsCache().get();
}

export async function saveAlertSettings(settings: TAlertSettings): Promise<TAlertSettings> {
  await DashboardSettingModel.updateOne({ _id: ALERT_SETTINGS_ID }, { $set: { value: settings } }, { upsert: true });
  alertSettingsCache.forEach((cache) => cache.forget());
  return settings;
}

type AlertDocument = Omit<TDashboardAlert, 'key' | 'raisedAt'> & { _id: string; raisedAt: Date };

const toAlert = ({ _id, raisedAt, ...alert }: AlertDocument): TDashboardAlert => ({ key: _id, raisedAt: raisedAt.toISOString(), ...alert });

export async function listActiveAlerts(): Promise<TDashboardAlert[]> {
  const documents = await DashboardAlertModel.find().lean<AlertDocument[]>();
  return documents.map(toAlert).sort((a, b) => a.raisedAt.localeCompare(b.raisedAt));
}

/** Stores a raised alert; false when one with its key is already active (raised elsewhere or before). */
export async function insertActiveAlert(alert: TDashboardAlert): Promise<boolean> {
  const { key, raisedAt, ...rest } = alert;
  try {
    await DashboardAlertModel.collection.insertOne({ _id: key as never, ...rest, raisedAt: new Date(raisedAt) });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/** Records what became of the alert's SMS. */
export async function setAlertSms(key: string, sms: TDashboardAlert['sms']): Promise<void> {
  await DashboardAlertModel.collection.updateOne({ _id: key as never }, { $set: { sms } });
}

/** Removes a cleared alert; false when another node already did. */
export async function deleteActiveAlert(key: string): Promise<boolean> {
  const result = await DashboardAlertModel.collection.deleteOne({ _id: key as never });
  return result.deletedCount === 1;
}
