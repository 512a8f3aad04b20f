import mongoose from 'mongoose';

/**
 * One rollup cell per UTC hour × team × topic × channel × region × agent; the `_id` says which
 * (see domain/rollup-cell.ts), so history reads a range of `_id`s and nothing else. The counters are
 * top-level fields (`ticketsCreated`, `ansWait:12`…) written with `$inc`, only under the rollup lock.
 */
const dashboardRollupSchema = new mongoose.Schema({ _id: { type: String, required: true } }, { strict: false, versionKey: false });
export const DashboardRollupModel = mongoose.model('DashboardRollup', dashboardRollupSchema, 'dashboard_rollups');

/**
 * History summaries (domain/history-summary.ts), one per local day or month and filter, read by exact
 * `_id`. The content is one deflated JSON value in `data` (numbered format: domain/packed-summary.ts):
 * FerretDB's cost grows with every field of a document (a thousand fields took 13 ms to read), while
 * one binary value of the same counters reads in about a millisecond.
 */
const dashboardSummarySchema = new mongoose.Schema({ _id: { type: String, required: true }, data: { type: Buffer, required: true } }, { versionKey: false });
export const DashboardSummaryModel = mongoose.model('DashboardSummary', dashboardSummarySchema, 'dashboard_summaries');

/**
 * What one record (`ticket:<id>`, `call:<sid>`, `message:<sid>`) contributes to the rollups, at the
 * version last applied: the next version replaces exactly this, and an older or equal one is ignored.
 */
const dashboardContributionSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    cells: { type: [new mongoose.Schema({ id: String, values: mongoose.Schema.Types.Mixed }, { _id: false })], default: [] },
  },
  { versionKey: false },
);
export const DashboardContributionModel = mongoose.model('DashboardContribution', dashboardContributionSchema, 'dashboard_contributions');

/** The dashboards' settings (service-level threshold and short-abandon limit per team, SLA at-risk window): one document. */
const dashboardSettingSchema = new mongoose.Schema({ _id: { type: String, required: true }, value: { type: mongoose.Schema.Types.Mixed, required: true } }, { versionKey: false });
export const DashboardSettingModel = mongoose.model('DashboardSetting', dashboardSettingSchema, 'dashboard_settings');
