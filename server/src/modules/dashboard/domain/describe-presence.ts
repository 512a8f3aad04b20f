import type { TPresenceState } from '@mowakaba/shared/constants';
import type { TPresenceInterval } from '@mowakaba/shared/schemas/presence';
import type { TContribution } from './describe-contributions.js';
import { cellIdOf, type TCell } from './rollup-cell.js';

/** The rollup counter of seconds spent in each presence state. */
export const PRESENCE_COUNTERS = {
  available: 'presAvailable',
  busy: 'presBusy',
  'wrap-up': 'presWrapUp',
  away: 'presAway',
  offline: 'presOffline',
} as const satisfies Record<TPresenceState, string>;

/**
 * How far back a state that lasted longer is counted: an agent back after months offline would
 * otherwise write a cell for every hour of them in one go.
 */
export const PRESENCE_LOOKBACK_MS = 31 * 86_400_000;

const HOUR_MS = 3_600_000;

/**
 * What a state an agent left adds to the rollups: its seconds in each UTC hour it covers (whole
 * seconds, so the hours add up to the interval exactly), under the agent and their team (no topic,
 * channel or region). Keyed by the change that ended it: the interval never changes, so a duplicate
 * or late delivery changes nothing.
 */
export function describePresenceInterval(interval: TPresenceInterval): TContribution {
  const to = Math.floor(Date.parse(interval.to) / 1000) * 1000;
  const from = Math.max(Math.floor(Date.parse(interval.from) / 1000) * 1000, to - PRESENCE_LOOKBACK_MS);
  const counter = PRESENCE_COUNTERS[interval.state];
  const dimensions = { team: interval.teamId, topic: null, channel: null, region: null, agent: interval.userId };
  const cells: TCell[] = [];
  for (let start = from; start < to; start = Math.floor(start / HOUR_MS) * HOUR_MS + HOUR_MS) {
    const end = Math.min(to, Math.floor(start / HOUR_MS) * HOUR_MS + HOUR_MS);
    cells.push({ id: cellIdOf(start, dimensions), values: { [counter]: (end - start) / 1000 } });
  }
  return { key: `presence:${interval.userId}:${interval.version}`, version: interval.version, cells };
}
