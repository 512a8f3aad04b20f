import { DateTime } from 'luxon';
import { TIME_ZONE } from '@mowakaba/shared/constants';
import type { TDashboardMyDay } from '@mowakaba/shared/schemas/dashboard';
import { getDashboardSettings } from './dashboard.store.js';
import { accumulateCell, computeMetrics, emptyAccumulator } from './domain/compute-metrics.js';
import { readTodayByOwner } from './read-today-summaries.js';

/**
 * An agent's own day since local midnight: the contacts they handled (calls handled and tickets
 * solved), first-response median and CSAT of their tickets. Nobody else's numbers.
 */
export async function getMyDay(userId: string, now: Date): Promise<TDashboardMyDay> {
  const midnight = DateTime.fromJSDate(now, { zone: TIME_ZONE }).startOf('day');
  const [settings, byAgent] = await Promise.all([getDashboardSettings(), readTodayByOwner(now, 'agent')]);
  const accumulator = emptyAccumulator();
  // Service level is not part of an agent's day; the default rule only fills the accumulator.
  accumulateCell(accumulator, byAgent.get(userId) ?? {}, settings.serviceLevel);
  const metrics = computeMetrics(accumulator);
  return {
    at: now.toISOString(),
    date: midnight.toISODate()!,
    ticketsSolved: metrics.ticketsSolved,
    callsHandled: metrics.callsHandled,
    messagesOut: metrics.messagesOut,
    handledContacts: metrics.callsHandled + metrics.ticketsSolved,
    firstResponses: metrics.firstResponses,
    firstResponseMedianMinutes: metrics.firstResponseMedianMinutes,
    csat: metrics.csat,
    csatAnswers: metrics.csatAnswers,
  };
}
