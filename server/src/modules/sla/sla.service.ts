import type { TTicketPriority, TTicketStatus } from '../../../../shared/src/constants.js';
import { rooms } from '../../../../shared/src/events.js';
import { ZSlaSettings, type TSlaSettings } from '../../../../shared/src/schemas/sla.js';
import { ACTIVE_TICKET_STATUSES } from '../../../../shared/src/schemas/tickets.js';
import { withLock } from '../../database/with-lock.js';
import { cancelJob, scheduleJob, type JobHandler } from '../../jobs/job-runner.js';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { SettingModel } from '../settings/setting.model.js';
import { TicketModel, type TicketDocument } from '../tickets/ticket.model.js';
import { BusinessCalendar } from './business-calendar.js';
import { DEFAULT_SLA_SETTINGS } from './default-sla-settings.js';

const SETTINGS_ID = 'sla-settings';
export const SLA_CHECK_JOB = 'sla-check';
const SLA_TARGETS = ['first-response', 'resolution'] as const;
type SlaTarget = (typeof SLA_TARGETS)[number];

let cached: { key: string; settings: TSlaSettings; calendar: BusinessCalendar } | undefined;

/** The SLA policy and calendar, with the calendar's holiday computations kept while they do not change. */
export async function getSlaContext(): Promise<{ settings: TSlaSettings; calendar: BusinessCalendar }> {
  const stored = await SettingModel.findById(SETTINGS_ID).lean();
  const settings = stored ? ZSlaSettings.parse(stored.value) : DEFAULT_SLA_SETTINGS;
  const key = JSON.stringify(settings);
  if (cached?.key !== key) cached = { key, settings, calendar: new BusinessCalendar(settings.calendar) };
  return cached;
}

export async function saveSlaSettings(settings: TSlaSettings): Promise<TSlaSettings> {
  await SettingModel.updateOne({ _id: SETTINGS_ID }, { $set: { value: settings } }, { upsert: true });
  return settings;
}

const isPausedStatus = (status: TTicketStatus) => status === 'pending' || status === 'on-hold';

export interface SlaState {
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  firstRespondedAt: Date | null;
  pausedAt: Date | null;
  pausedMinutes: number;
  firstResponseBreached: boolean;
  resolutionBreached: boolean;
}

/**
 * Due times for a ticket after a change: counted in business minutes from its creation, pushed back by
 * the business time it spent pending or on hold, and unset while it is paused.
 */
export function computeSla(
  ticket: { createdAt: Date; priority: TTicketPriority; status: TTicketStatus; sla: Partial<SlaState> | null | undefined },
  context: { settings: TSlaSettings; calendar: BusinessCalendar },
  now: Date,
): SlaState {
  const sla = ticket.sla ?? {};
  let pausedAt = sla.pausedAt ?? null;
  let pausedMinutes = sla.pausedMinutes ?? 0;
  const pausedNow = isPausedStatus(ticket.status);
  if (pausedNow && !pausedAt) pausedAt = now;
  if (!pausedNow && pausedAt) {
    pausedMinutes += context.calendar.businessMinutesBetween(pausedAt, now);
    pausedAt = null;
  }
  const target = context.settings.policy.targets[ticket.priority];
  const due = (minutes: number) => (pausedAt ? null : context.calendar.addBusinessMinutes(ticket.createdAt, minutes + pausedMinutes));
  return {
    firstResponseDueAt: due(target.firstResponseMinutes),
    resolutionDueAt: due(target.resolutionMinutes),
    firstRespondedAt: sla.firstRespondedAt ?? null,
    pausedAt,
    pausedMinutes,
    firstResponseBreached: sla.firstResponseBreached ?? false,
    resolutionBreached: sla.resolutionBreached ?? false,
  };
}

const jobId = (ticketId: string, target: SlaTarget, phase: 'warning' | 'breach') => `sla:${ticketId}:${target}:${phase}`;

/** Sets the warning and breach timers of each target still running, and removes the others. */
export async function scheduleSlaJobs(ticket: TicketDocument, warningMinutes: number): Promise<void> {
  const ticketId = ticket._id.toString();
  const active = (ACTIVE_TICKET_STATUSES as readonly string[]).includes(ticket.status);
  const dueByTarget: Record<SlaTarget, Date | null> = {
    'first-response': active && !ticket.sla?.firstRespondedAt && !ticket.sla?.firstResponseBreached ? (ticket.sla?.firstResponseDueAt ?? null) : null,
    resolution: active && !ticket.sla?.resolutionBreached ? (ticket.sla?.resolutionDueAt ?? null) : null,
  };
  await Promise.all(
    SLA_TARGETS.flatMap((target) => {
      const dueAt = dueByTarget[target];
      if (!dueAt) return [cancelJob(jobId(ticketId, target, 'warning')), cancelJob(jobId(ticketId, target, 'breach'))];
      const payload = { ticketId, target, dueAt: dueAt.toISOString() };
      return [
        scheduleJob(jobId(ticketId, target, 'warning'), SLA_CHECK_JOB, new Date(dueAt.getTime() - warningMinutes * 60_000), payload),
        scheduleJob(jobId(ticketId, target, 'breach'), SLA_CHECK_JOB, dueAt, payload),
      ];
    }),
  );
}

/** The job that raises `sla.warning` before a breach and marks the breach when the due time passes. */
export function createSlaCheckHandler(publisher: EventPublisher): JobHandler {
  return async (job, now) => {
    const { ticketId, target, dueAt } = job.payload as { ticketId: string; target: SlaTarget; dueAt: string };
    const outcome = await withLock(`ticket:${ticketId}`, async () => {
      const ticket = await TicketModel.findById(ticketId).lean<TicketDocument>();
      if (!ticket || !(ACTIVE_TICKET_STATUSES as readonly string[]).includes(ticket.status)) return undefined;
      const currentDue = target === 'first-response' ? ticket.sla?.firstResponseDueAt : ticket.sla?.resolutionDueAt;
      // A due time that moved since the job was set belongs to another job.
      if (!currentDue || currentDue.toISOString() !== dueAt) return undefined;
      if (target === 'first-response' && ticket.sla?.firstRespondedAt) return undefined;
      const breached = now >= currentDue;
      if (breached) {
        const field = target === 'first-response' ? 'sla.firstResponseBreached' : 'sla.resolutionBreached';
        await TicketModel.updateOne({ _id: ticket._id }, { $set: { [field]: true, version: ticket.version + 1 } });
      }
      return { ticket, breached };
    });
    if (!outcome) return;
    const { ticket, breached } = outcome;
    const targetRooms = [rooms.role('supervisor'), rooms.role('admin')];
    if (ticket.assigneeId) targetRooms.push(rooms.user(ticket.assigneeId.toString()));
    if (ticket.teamId) targetRooms.push(rooms.team(ticket.teamId.toString()));
    await publisher.publish('sla.warning', { ticketId, reference: ticket.reference, target, dueAt, breached }, targetRooms);
  };
}
