import { RETENTION_KINDS, type TRetentionKind, type TRetentionSettings, type TRetentionState } from '@mowakaba/shared/schemas/privacy';
import { scheduleJob, type JobHandler } from '../../jobs/job-runner.js';
import type { PrivacyDependencies } from './personal-data.service.js';
import { deleteAuditEntriesBefore, recordAuditEntry, type AuditActor } from '../audit/audit-log.service.js';
import { deleteRecordingAccessesBefore, eraseRecordingsEndedBefore } from '../calls/call-personal-data.service.js';
import { retryPendingRecordingDeletions } from '../calls/recording-deletion.service.js';
import { eraseMessageBodiesBefore } from '../messages/message-personal-data.service.js';
import { deletePortalAccessesBefore } from '../portal/portal-personal-data.service.js';
import { getSettingValue, putSettingValue } from '../settings/settings.service.js';
import {
  eraseClosedTicketsPersonalDataBefore,
  eraseMessageEntriesBefore,
  erasePortalTicketsPersonalDataBefore,
} from '../tickets/ticket-personal-data.service.js';

const SETTINGS_ID = 'retention';
const LAST_RUN_ID = 'retention-last-run';
export const RETENTION_JOB = 'retention';
const DAY_MS = 86_400_000;
/** The daily pass runs at this UTC hour, when the center is closed. */
const RUN_HOUR_UTC = 2;

/** Nothing expires until an admin chooses periods: erasing is not something to do by default. */
export const DEFAULT_RETENTION: TRetentionSettings = Object.fromEntries(RETENTION_KINDS.map((kind) => [kind, null])) as TRetentionSettings;

export async function getRetentionState(): Promise<TRetentionState> {
  const [stored, lastRun] = await Promise.all([getSettingValue(SETTINGS_ID), getSettingValue(LAST_RUN_ID)]);
  return {
    settings: { ...DEFAULT_RETENTION, ...((stored ?? {}) as Partial<TRetentionSettings>) },
    lastRun: (lastRun ?? null) as TRetentionState['lastRun'],
  };
}

/** Saves the periods (admins); audited with the old and new periods (no personal data in them). */
export async function saveRetentionSettings(settings: TRetentionSettings, actor: AuditActor, requestId?: string): Promise<TRetentionState> {
  const before = (await getRetentionState()).settings;
  await putSettingValue(SETTINGS_ID, settings);
  await recordAuditEntry({ actor, action: 'retention.change', targetKind: 'retention', details: { before, after: settings }, requestId });
  return getRetentionState();
}

const cutoffOf = (days: number | null, now: Date) => (days === null ? undefined : new Date(now.getTime() - days * DAY_MS));

/** What each kind's expiry does; each step only touches what is not yet erased, so a rerun counts 0. */
const ERASERS: Record<TRetentionKind, (cutoff: Date, deps: PrivacyDependencies) => Promise<Record<string, number>>> = {
  callRecordings: (cutoff, { twilio }) => eraseRecordingsEndedBefore(cutoff, twilio),
  messageBodies: async (cutoff, { publisher }) => ({
    messageBodies: await eraseMessageBodiesBefore(cutoff),
    messageTimelineEntries: await eraseMessageEntriesBefore(cutoff, publisher),
  }),
  closedTicketPersonalFields: async (cutoff, { publisher }) => ({ closedTickets: (await eraseClosedTicketsPersonalDataBefore(cutoff, publisher)).tickets }),
  portalRequests: async (cutoff, { publisher }) => ({
    portalTickets: (await erasePortalTicketsPersonalDataBefore(cutoff, publisher)).tickets,
    portalAccesses: await deletePortalAccessesBefore(cutoff),
  }),
  logs: async (cutoff) => ({ auditEntries: await deleteAuditEntriesBefore(cutoff), recordingAccesses: await deleteRecordingAccessesBefore(cutoff) }),
};

/**
 * One retention pass at `now`: erases or anonymises what is older than its kind's period, then
 * records what it did — counts per kind, never the data — in the audit log and as the last run.
 */
export async function runRetention(now: Date, deps: PrivacyDependencies, actor: AuditActor | null = null): Promise<Record<string, number>> {
  const { settings } = await getRetentionState();
  const counts: Record<string, number> = {};
  for (const kind of RETENTION_KINDS) {
    const cutoff = cutoffOf(settings[kind], now);
    if (!cutoff) continue;
    Object.assign(counts, await ERASERS[kind](cutoff, deps));
  }
  // Whatever the periods, recordings erased earlier that Twilio did not delete are asked for again.
  counts.recordingsPendingAtTwilio = (await retryPendingRecordingDeletions(deps.twilio)).pending + (counts.recordingsPendingAtTwilio ?? 0);
  await putSettingValue(LAST_RUN_ID, { at: now.toISOString(), counts });
  await recordAuditEntry({ actor, action: 'retention.run', targetKind: 'retention', details: { counts, settings }, at: now });
  return counts;
}

/** The next daily run after `now` (02:00 UTC). */
export function nextRetentionRun(now: Date): Date {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), RUN_HOUR_UTC));
  return today > now ? today : new Date(today.getTime() + DAY_MS);
}

/**
 * Schedules the daily pass. The job id names its day, so every node scheduling it at start adds
 * one job between them, and the job runner's lease runs it on one node only.
 */
export async function scheduleRetention(now: Date): Promise<void> {
  const runAt = nextRetentionRun(now);
  await scheduleJob(`${RETENTION_JOB}:${runAt.toISOString().slice(0, 10)}`, RETENTION_JOB, runAt, {});
}

/** The job: one pass, then the next day's job. */
export function createRetentionJobHandler(deps: PrivacyDependencies): JobHandler {
  return async (_job, now) => {
    await runRetention(now, deps);
    await scheduleRetention(now);
  };
}
