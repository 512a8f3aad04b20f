import { DateTime } from 'luxon';
import { TIME_ZONE } from '@mowakaba/shared/constants';
import type { TDashboardSettings } from '@mowakaba/shared/schemas/dashboard';
import { DEFAULT_STAFFING_TARGET_PERCENT, STAFFING_WEEKS_OBSERVED, type TStaffingForecast, type TStaffingQuery } from '@mowakaba/shared/schemas/staffing';
import { listAgentPresences } from '../presence/presence.service.js';
import { getTeams } from '../teams/teams.service.js';
import { getDashboardSettings, readSummaries } from './dashboard.store.js';
import { forecastStaffing, slotHistoryOf } from './domain/staffing-forecast.js';
import { summaryIdOf } from './domain/history-summary.js';
import { serviceLevelRuleOf } from './get-dashboard-history.js';

/** The service-level target a team's staffing aims at: its own, else the center's, else 80 %. */
export function staffingTargetOf(settings: TDashboardSettings, teamId: string | null): number {
  return (teamId ? settings.teams[teamId]?.staffingTargetPercent : undefined) ?? settings.serviceLevel.staffingTargetPercent ?? DEFAULT_STAFFING_TARGET_PERCENT;
}

/**
 * Staffing of the coming local days, hour by hour, from the day summaries of the last four weeks
 * (28 reads by exact `_id`, whatever the number of calls) and the team's service-level threshold.
 * Beside it, the agents online now: presence history is not kept.
 */
export async function getStaffingForecast(query: TStaffingQuery, now: Date): Promise<TStaffingForecast> {
  const today = DateTime.fromJSDate(now, { zone: TIME_ZONE }).startOf('day');
  const pastDays = Array.from({ length: STAFFING_WEEKS_OBSERVED * 7 }, (_, index) => today.minus({ days: index + 1 }).toISODate()!);
  const filter = query.team ? { team: query.team } : {};
  const [settings, summaries, statuses, teams] = await Promise.all([
    getDashboardSettings(),
    readSummaries(pastDays.map((day) => summaryIdOf('D', day, filter))),
    listAgentPresences(),
    query.team ? getTeams() : Promise.resolve([]),
  ]);
  const members = query.team ? new Set(teams.find((team) => team._id.toString() === query.team)?.memberIds.map((id) => id.toString()) ?? []) : null;
  const end = today.plus({ days: query.days });
  const hourStarts: DateTime[] = [];
  // Elapsed hours (luxon adds hours as such): 23 or 25 of them on a day Morocco changes its clock.
  for (let hour = today; hour < end; hour = hour.plus({ hours: 1 })) hourStarts.push(hour);
  const thresholdSeconds = serviceLevelRuleOf(settings, query.team ?? null).thresholdSeconds;
  const targetPercent = query.target ?? staffingTargetOf(settings, query.team ?? null);
  return {
    timezone: TIME_ZONE,
    teamId: query.team ?? null,
    from: today.toISODate()!,
    days: query.days,
    weeksObserved: STAFFING_WEEKS_OBSERVED,
    thresholdSeconds,
    targetPercent,
    agentsOnlineNow: statuses.filter((status) => status.state !== 'offline' && (members === null || members.has(status.userId))).length,
    hours: forecastStaffing({
      hourStarts,
      history: slotHistoryOf(summaries.flatMap((summary) => Object.entries(summary.series))),
      weeks: STAFFING_WEEKS_OBSERVED,
      thresholdSeconds,
      targetPercent,
    }),
  };
}
