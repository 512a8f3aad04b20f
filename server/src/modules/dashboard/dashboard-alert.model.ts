import mongoose from 'mongoose';

/**
 * The alerts raised and not yet cleared, one per key (`_id`): inserting it is what raises an alert, so
 * one node raises it once however many watch, and a restart does not raise it again.
 */
const dashboardAlertSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    teamId: { type: String, default: null },
    teamName: { type: String, default: null },
    metric: { type: String, required: true },
    threshold: { type: Number, required: true },
    value: { type: Number, required: true },
    raisedAt: { type: Date, required: true },
    raisedAtLocalTime: { type: String, required: true },
    sms: { type: String, required: true },
  },
  { versionKey: false },
);
export const DashboardAlertModel = mongoose.model('DashboardAlert', dashboardAlertSchema, 'dashboard_alerts');
