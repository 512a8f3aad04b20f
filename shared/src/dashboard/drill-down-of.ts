import type { TCallCount } from '../calls/call-counts.js';
import type { TDashboardBreakdown } from '../schemas/dashboard.js';

/** The dashboard figures that drill down to the items behind them, and the list and filter of each. */
export const DRILL_DOWN_METRICS = {
  ticketsCreated: { list: 'tickets', by: 'created' },
  ticketsSolved: { list: 'tickets', by: 'solved' },
  callsOffered: { list: 'calls', counted: 'offered' },
  callsAnswered: { list: 'calls', counted: 'answered' },
  callsAbandoned: { list: 'calls', counted: 'abandoned' },
  shortAbandons: { list: 'calls', counted: 'short-abandon' },
  voicemails: { list: 'calls', counted: 'voicemail' },
  callbacksRequested: { list: 'calls', counted: 'callback-requested' },
} as const satisfies Record<string, { list: 'tickets'; by: 'created' | 'solved' } | { list: 'calls'; counted: TCallCount }>;
export type TDrillDownMetric = keyof typeof DRILL_DOWN_METRICS;

export const isDrillDownMetric = (metric: string): metric is TDrillDownMetric => Object.hasOwn(DRILL_DOWN_METRICS, metric);

/** A drill-down: the list (the ticket list or the call log) and its query, as `GET /api/tickets` and `GET /api/calls` read it. */
export interface TDrillDown {
  list: 'tickets' | 'calls';
  params: Record<string, string>;
}

/** A breakdown row's or a filter's value: an id or key, `null` (or `none`) for work without one. */
export type TDrillDownFilter = Partial<Record<TDashboardBreakdown, string | null>>;

/**
 * The list filtered to exactly the items behind a dashboard number: those it counts between `from`
 * and `to` (instants), under the dimensions of its row or filter, with the dashboards' definitions
 * (tickets by creation or by their counted solve; calls by `counted=`, at their queue entry). Null
 * when no item can be behind it (calls under a channel other than voice).
 */
export function drillDownOf(metric: TDrillDownMetric, range: { from: string; to: string }, filter: TDrillDownFilter = {}): TDrillDown | null {
  const spec = DRILL_DOWN_METRICS[metric];
  const value = (name: TDashboardBreakdown) => (filter[name] === undefined ? undefined : (filter[name] ?? 'none'));
  const params: Record<string, string> = {};
  const set = (name: string, given: string | undefined) => {
    if (given !== undefined) params[name] = given;
  };
  if (spec.list === 'tickets') {
    params[spec.by === 'created' ? 'createdFrom' : 'solvedFrom'] = range.from;
    params[spec.by === 'created' ? 'createdTo' : 'solvedTo'] = range.to;
    set('team', value('team'));
    set('topic', value('topic'));
    set('channel', value('channel'));
    set('region', value('region'));
    set('assignee', value('agent'));
    return { list: 'tickets', params };
  }
  // Every call is counted under the voice channel.
  const channel = value('channel');
  if (channel !== undefined && channel !== 'voice') return null;
  Object.assign(params, { counted: spec.counted, countedFrom: range.from, countedTo: range.to });
  set('team', value('team'));
  set('topic', value('topic'));
  set('region', value('region'));
  set('agent', value('agent'));
  return { list: 'calls', params };
}
