import { DateTime } from 'luxon';
import { TIME_ZONE } from '../../../../shared/src/constants.js';
import type { TDashboardMyDay } from '../../../../shared/src/schemas/dashboard.js';
import { getDashboardSettings } from './dashboard.store.js';
import { accumulateCell, computeMetrics, emptyAccumulator } from './domain/compute-metrics.js';
import { readMatchingCells, serviceLevelRuleOf } from './get-dashboard-history.js';

/**
 * An agent's own day since local midnight: the contacts they handled (calls handled and tickets
 * solved), first-response median and CSAT of their tickets. Nobody else's numbers.
 */
export async function getMyDay(userId: string, now: Date): Promise<TDashboardMyDay> {
  const midnight = DateTime.fromJSDate(now, { zone: TIME_ZONE }).startOf('day');
  const [settings, cells] = await Promise.all([getDashboardSettings(), readMatchingCells(midnight, DateTime.fromJSDate(now).plus({ hours: 1 }), { agent: userId })]);
  const accumulator = emptyAccumulator();
  for (const parsed of cells) accumulateCell(accumulator, parsed.cell.values, serviceLevelRuleOf(settings, parsed.team));
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
