import { ZDashboardMetrics, type TDashboardBreakdown, type TDashboardHistory, type TDashboardMetrics } from '@mowakaba/shared/schemas/dashboard';

const METRIC_COLUMNS = Object.keys(ZDashboardMetrics.shape) as Array<keyof TDashboardMetrics>;

/** A CSV field: quoted when needed; text that a spreadsheet would run as a formula is defused with a leading quote. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const csvLine = (fields: Array<string | number | null>) => `${fields.map(csvField).join(',')}\r\n`;

/**
 * The lines of a history table as CSV: one per bucket (then the totals), or one per row of a
 * breakdown. The caller sends a UTF-8 byte-order mark first, so Excel reads Arabic names right.
 */
export function* dashboardCsvLines(history: TDashboardHistory, breakdown?: TDashboardBreakdown): Generator<string> {
  const metrics = (row: TDashboardMetrics) => METRIC_COLUMNS.map((column) => row[column]);
  if (breakdown) {
    yield csvLine([breakdown, 'label', ...METRIC_COLUMNS]);
    for (const row of history.breakdowns[breakdown]) yield csvLine([row.key ?? '', row.label, ...metrics(row)]);
  } else {
    yield csvLine(['start', ...METRIC_COLUMNS]);
    for (const bucket of history.buckets) yield csvLine([bucket.start, ...metrics(bucket)]);
  }
  yield csvLine(['total', ...(breakdown ? [''] : []), ...metrics(history.totals)]);
}
