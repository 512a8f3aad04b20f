import type { TTicketPriority, TTicketStatus } from '@mowakaba/shared/constants';
import { rooms } from '@mowakaba/shared/events';
import type { TSlaSettings } from '@mowakaba/shared/schemas/sla';
import { ACTIVE_TICKET_STATUSES } from '@mowakaba/shared/schemas/tickets';
import { createReadThroughCache } from '../../database/read-through-cache.js';
import { defineAppState } from '../../platform/app-state.js';
import { AppError } from '../../errors.js';
import { scheduleJob, type JobHandler } from '../../jobs/job-runner.js';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { getSettingValue, putSettingValue } from '../settings/settings.service.js';
import type { TicketDocument } from '../tickets/ticket.model.js';
import { applyTicketChange } from '../tickets/ticket.store.js';
import { BusinessCalendar } from './business-calendar.js';
import { DEFAULT_SLA_SETTINGS } from './default-sla-settings.js';
import { parseStoredSlaSettings } from './stored-sla-settings.js';

const SETTINGS_ID = 'sla-settings';
export const SLA_CHECK_JOB = 'sla-check';
const SLA_TARGETS = ['first-response', 'resolution'] as const;
type SlaTarget = (typeof SLA_TARGETS)[number];

let cached: { key: string; settings: TSlaSettings; calendar: BusinessCalendar } | undefined;

// Read on every ticket creation and incoming call: kept a few seconds; a save on this node applies at once.
const slaContextCache = defineAppState((clock) => createReadThroughCache(5_000, readSlaContext, clock));

/** The SLA policy and calendar (read at most every few seconds), the calendar's holidays computed once per change. */
export function getSlaContext(): Promise<{ settings: TSlaSettings; calendar: BusinessCalendar }> {
  return slaContextCache().get();
}

async function readSlaContext(): Promise<{ settings: TSlaSettings; calendar: BusinessCalendar }> {
  const stored = await getSettingValue(SETTINGS_ID);
  const settings = stored === undefined ? DEFAULT_SLA_SETTINGS : parseStoredSlaSettings(stored);
  const key = JSON.stringify(settings);
  if (cached?.key !== key) cached = { key, settings, calendar: new BusinessCalendar(settings.calendar) };
  return cached;
}

export async function saveSlaSettings(settings: TSlaSettings): Promise<TSlaSettings> {
  await putSettingValue(SETTINGS_ID, settings);
  slaContextCache.forEach((cache) => cache.forget());
  return settings;
}

const isPausedStatus = (status: TTicketStatus) => status === 'pending' || status === 'on-hold';

export interface SlaState {
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  firstRespondedAt: Date | null;
  pausedAt: Date | null;
  pausedMinutes: number;
  firstResponseWarned: boolean;
  resolutionWarned: boolean;
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
  const firstResponseDueAt = due(target.firstResponseMinutes);
  const resolutionDueAt = due(target.resolutionMinutes);
  const sameTime = (a: Date | null | undefined, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
  return {
    firstResponseDueAt,
    resolutionDueAt,
    firstRespondedAt: sla.firstRespondedAt ?? null,
    pausedAt,
    pausedMinutes,
    // A moved due time deserves a new warning; a breach, once it happened, stays on record.
    firstResponseWarned: sameTime(sla.firstResponseDueAt, firstResponseDueAt) ? (sla.firstResponseWarned ?? false) : false,
    resolutionWarned: sameTime(sla.resolutionDueAt, resolutionDueAt) ? (sla.resolutionWarned ?? false) : false,
    firstResponseBreached: sla.firstResponseBreached ?? false,
    resolutionBreached: sla.resolutionBreached ?? false,
  };
}

const TARGET_FIELDS = {
  'first-response': { due: 'firstResponseDueAt', warned: 'firstResponseWarned', breached: 'firstResponseBreached' },
  resolution: { due: 'resolutionDueAt', warned: 'resolutionWarned', breached: 'resolutionBreached' },
} as const;

function isRunning(ticket: TicketDocument, target: SlaTarget): boolean {
  const sla = ticket.sla;
  if (!sla || !(ACTIVE_TICKET_STATUSES as readonly string[]).includes(ticket.status)) return false;
  if (target === 'first-response' && sla.firstRespondedAt) return false;
  return Boolean(sla[TARGET_FIELDS[target].due]) && !sla[TARGET_FIELDS[target].breached];
}

/** The next moment the ticket's SLA needs a look: a warning still to give, or a due time to check. */
function nextCheckpoint(ticket: TicketDocument, warningMinutes: number): Date | undefined {
  const moments = SLA_TARGETS.filter((target) => isRunning(ticket, target)).map((target) => {
    const due = ticket.sla![TARGET_FIELDS[target].due]!;
    return ticket.sla![TARGET_FIELDS[target].warned] ? due : new Date(due.getTime() - warningMinutes * 60_000);
  });
  return moments.length > 0 ? new Date(Math.min(...moments.map((moment) => moment.getTime()))) : undefined;
}

/** Sets a timer for the ticket's next SLA checkpoint, if it has one; outdated timers find nothing to do. */
export async function scheduleSlaCheck(ticket: TicketDocument, warningMinutes: number): Promise<void> {
  const checkpoint = nextCheckpoint(ticket, warningMinutes);
  if (!checkpoint) return;
  const ticketId = ticket._id.toString();
  await scheduleJob(`sla:${ticketId}:${checkpoint.getTime()}`, SLA_CHECK_JOB, checkpoint, { ticketId });
}

/**
 * The job that raises `sla.warning` before a breach and marks the breach when the due time passes,
 * once each (flags on the ticket), then sets the timer for the next checkpoint.
 */
export function createSlaCheckHandler(publisher: EventPublisher): JobHandler {
  return async (job, now, { fence }) => {
    const { ticketId } = job.payload as { ticketId: string };
    const { settings } = await getSlaContext();
    const notices: Array<{ target: SlaTarget; dueAt: Date; breached: boolean }> = [];
    let outcome: Awaited<ReturnType<typeof applyTicketChange>>;
    try {
      outcome = await applyTicketChange(
        ticketId,
        'latest',
        (ticket) => {
          notices.length = 0;
          const set: Record<string, unknown> = {};
          const changes: Array<{ field: string; from: unknown; to: unknown }> = [];
          for (const target of SLA_TARGETS) {
            if (!isRunning(ticket, target)) continue;
            const fields = TARGET_FIELDS[target];
            const dueAt = ticket.sla![fields.due]!;
            const flag = now >= dueAt ? fields.breached : !ticket.sla![fields.warned] && now.getTime() >= dueAt.getTime() - settings.policy.warningMinutes * 60_000 ? fields.warned : undefined;
            if (!flag) continue;
            set[`sla.${flag}`] = true;
            changes.push({ field: `sla.${flag}`, from: false, to: true });
            notices.push({ target, dueAt, breached: flag === fields.breached });
          }
          return changes.length > 0 ? { set, changes } : null;
        },
        // Fenced: a node whose lease lapsed sets no flag, so the warning goes out once, from the node that took over.
        { actor: null, reason: 'sla-check', publisher, fence, conflictsWithSaves: false },
      );
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found') return;
      throw error;
    }
    const ticket = outcome.after;
    const targetRooms = [rooms.role('supervisor')];
    if (ticket.assigneeId) targetRooms.push(rooms.user(ticket.assigneeId.toString()));
    if (ticket.teamId) targetRooms.push(rooms.team(ticket.teamId.toString()));
    for (const notice of notices) {
      await publisher.publish(
        'sla.warning',
        { ticketId, reference: ticket.reference, target: notice.target, dueAt: notice.dueAt.toISOString(), breached: notice.breached },
        targetRooms,
      );
    }
    await scheduleSlaCheck(ticket, settings.policy.warningMinutes);
  };
}
