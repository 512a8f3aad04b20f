import type { DateTime } from 'luxon';
import type { TStaffingHour } from '@mowakaba/shared/schemas/staffing';
import { agentsNeededFor } from './erlang-c.js';
import { hourFactsOf } from './history-summary.js';
import type { TCellValues } from './rollup-cell.js';

/** Calls offered and handled in one local weekday-hour (`<weekday>:<hour>`, 1 = Monday), summed over the weeks observed. */
export interface TSlotHistory {
  callsOffered: number;
  callsHandled: number;
  handleSum: number;
}

const emptySlot = (): TSlotHistory => ({ callsOffered: 0, callsHandled: 0, handleSum: 0 });

/** Sums hourly series (UTC hour key → counters, as day summaries keep them) by local weekday-hour. */
export function slotHistoryOf(series: Iterable<[string, TCellValues]>): Map<string, TSlotHistory> {
  const slots = new Map<string, TSlotHistory>();
  for (const [hourKey, values] of series) {
    const { slot } = hourFactsOf(hourKey);
    const held = slots.get(slot) ?? slots.set(slot, emptySlot()).get(slot)!;
    held.callsOffered += values.callsOffered ?? 0;
    held.callsHandled += values.callsHandled ?? 0;
    held.handleSum += values.handleSum ?? 0;
  }
  return slots;
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;

/**
 * Per coming local hour: the mean of calls offered in the same weekday-hour over `weeks` weeks, their
 * AHT (the whole period's when the slot handled none) and the agents Erlang C needs to answer
 * `targetPercent` of callers within `thresholdSeconds`.
 */
export function forecastStaffing(options: {
  hourStarts: DateTime[];
  history: Map<string, TSlotHistory>;
  weeks: number;
  thresholdSeconds: number;
  targetPercent: number;
}): TStaffingHour[] {
  const overall = [...options.history.values()].reduce((sum, slot) => ({ callsOffered: 0, callsHandled: sum.callsHandled + slot.callsHandled, handleSum: sum.handleSum + slot.handleSum }), emptySlot());
  const ahtOf = (slot: TSlotHistory) => (slot.callsHandled > 0 ? slot.handleSum / slot.callsHandled : null);
  return options.hourStarts.map((start) => {
    const slot = options.history.get(`${start.weekday}:${start.hour}`) ?? emptySlot();
    const callsExpected = slot.callsOffered / options.weeks;
    const aht = ahtOf(slot) ?? ahtOf(overall);
    const agentsNeeded =
      callsExpected === 0 ? 0 : aht === null || aht === 0 ? null : agentsNeededFor({ calls: callsExpected, periodSeconds: 3600, ahtSeconds: aht }, options.thresholdSeconds, options.targetPercent);
    return { start: start.toISO()!, date: start.toISODate()!, hour: start.hour, callsExpected: oneDecimal(callsExpected), ahtSeconds: aht === null ? null : Math.round(aht), agentsNeeded };
  });
}
