import { createRoute, z } from '@hono/zod-openapi';
import {
  ZDashboardCsvQuery,
  ZDashboardHistory,
  ZDashboardHistoryQuery,
  ZDashboardLive,
  ZDashboardLiveQuery,
  ZDashboardMyDay,
  ZDashboardSettings,
} from '@mowakaba/shared/schemas/dashboard';
import { ZCreatedWallboardLink, ZCreateWallboardLinkRequest, ZWallboardLinkList, ZWallboardLinkParams } from '@mowakaba/shared/schemas/wallboard-links';
import { ZAlertSettings, ZDashboardAlertList } from '@mowakaba/shared/schemas/dashboard-alerts';
import { ZStaffingForecast, ZStaffingQuery } from '@mowakaba/shared/schemas/staffing';
import type { AppDependencies } from '../../app-env.js';
import { requireRole, requireUser } from '../../middleware/session.js';
import { createOpenApiApp } from '../../openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../openapi-responses.js';
import { dashboardCsvLines } from './dashboard-csv.js';
import { getAlertSettings, listActiveAlerts } from './dashboard-alerts.store.js';
import { getDashboardSettings, saveDashboardSettings } from './dashboard.store.js';
import { getDashboardHistory } from './get-dashboard-history.js';
import { getLiveSnapshot } from './get-live-snapshot.js';
import { getMyDay } from './get-my-day.js';
import { createWallboardLink, listWallboardLinks, revokeWallboardLink } from './wallboard-links.store.js';
import { getStaffingForecast } from './get-staffing-forecast.js';
import { updateAlertSettings } from './update-alert-settings.js';
import { getStorage } from '../../platform/storage/index.js';

const tags = ['dashboard'];
const guarded = { 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403] };

const liveRoute = createRoute({
  method: 'get',
  path: '/live',
  tags,
  summary: 'The center now: queues, agents, backlog, SLA and today’s figures (supervisors, admins)',
  middleware: [requireRole('supervisor', 'admin')] as const,
  request: { query: ZDashboardLiveQuery },
  responses: { 200: jsonResponse('Live figures', ZDashboardLive), ...guarded },
});

const historyRoute = createRoute({
  method: 'get',
  path: '/history',
  tags,
  summary: 'Metrics per local hour, day, week or month, with totals, breakdowns and heatmap (supervisors, admins)',
  middleware: [requireRole('supervisor', 'admin')] as const,
  request: { query: ZDashboardHistoryQuery },
  responses: { 200: jsonResponse('History', ZDashboardHistory), ...guarded },
});

const csvRoute = createRoute({
  method: 'get',
  path: '/history.csv',
  tags,
  summary: 'The same history as CSV (UTF-8 with a byte-order mark): per bucket, or per row of a breakdown',
  middleware: [requireRole('supervisor', 'admin')] as const,
  request: { query: ZDashboardCsvQuery },
  responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...guarded },
});

const myDayRoute = createRoute({
  method: 'get',
  path: '/my-day',
  tags,
  summary: 'Your own figures since local midnight',
  responses: { 200: jsonResponse('My day', ZDashboardMyDay), 401: errorResponses[401] },
});

const getSettingsRoute = createRoute({
  method: 'get',
  path: '/settings',
  tags,
  summary: 'Service-level threshold and short-abandon limit per team, SLA at-risk window (supervisors, admins)',
  middleware: [requireRole('supervisor', 'admin')] as const,
  responses: { 200: jsonResponse('Settings', ZDashboardSettings), ...guarded },
});

const putSettingsRoute = createRoute({
  method: 'put',
  path: '/settings',
  tags,
  summary: 'Replace the dashboard settings (admins); history is recomputed with them at once',
  middleware: [requireRole('admin')] as const,
  request: { body: jsonBody(ZDashboardSettings) },
  responses: { 200: jsonResponse('Saved', ZDashboardSettings), ...guarded },
});

const listWallboardLinksRoute = createRoute({
  method: 'get',
  path: '/wallboard-links',
  tags,
  summary: 'The read-only wallboard links for TVs, with who created them and when (supervisors, admins)',
  middleware: [requireRole('supervisor', 'admin')] as const,
  responses: { 200: jsonResponse('Links', ZWallboardLinkList), ...guarded },
});

const createWallboardLinkRoute = createRoute({
  method: 'post',
  path: '/wallboard-links',
  tags,
  summary: 'Create a read-only wallboard link for a TV, of one team or the whole center; its URL is shown once (supervisors, admins)',
  middleware: [requireRole('supervisor', 'admin')] as const,
  request: { body: jsonBody(ZCreateWallboardLinkRequest) },
  responses: { 201: jsonResponse('Created', ZCreatedWallboardLink), ...guarded },
});

const revokeWallboardLinkRoute = createRoute({
  method: 'delete',
  path: '/wallboard-links/{id}',
  tags,
  summary: 'Revoke a wallboard link: the TVs showing it are disconnected at once (supervisors, admins)',
  middleware: [requireRole('supervisor', 'admin')] as const,
  request: { params: ZWallboardLinkParams },
  responses: { 204: { description: 'Revoked' }, ...guarded, 404: errorResponses[404] },
});

const staffingRoute = createRoute({
  method: 'get',
  path: '/staffing',
  tags,
  summary: 'Per hour of the coming days: calls expected (mean of the same weekday-hour over 4 weeks), AHT and agents needed by Erlang C (supervisors, admins)',
  middleware: [requireRole('supervisor', 'admin')] as const,
  request: { query: ZStaffingQuery },
  responses: { 200: jsonResponse('Staffing forecast', ZStaffingForecast), ...guarded },
});

const getAlertSettingsRoute = createRoute({
  method: 'get',
  path: '/alert-settings',
  tags,
  summary: 'Alert thresholds for the center and per team, and the on-call supervisor’s phone (supervisors, admins)',
  middleware: [requireRole('supervisor', 'admin')] as const,
  responses: { 200: jsonResponse('Alert settings', ZAlertSettings), ...guarded },
});

const putAlertSettingsRoute = createRoute({
  method: 'put',
  path: '/alert-settings',
  tags,
  summary: 'Replace the alert thresholds (admins); the next live snapshot is checked against them',
  middleware: [requireRole('admin')] as const,
  request: { body: jsonBody(ZAlertSettings) },
  responses: { 200: jsonResponse('Saved', ZAlertSettings), ...guarded },
});

const alertsRoute = createRoute({
  method: 'get',
  path: '/alerts',
  tags,
  summary: 'The alerts raised and not yet cleared (supervisors, admins)',
  middleware: [requireRole('supervisor', 'admin')] as const,
  responses: { 200: jsonResponse('Active alerts', ZDashboardAlertList), ...guarded },
});

export function createDashboardRoutes({ ticketDirectory, config, sessionSettings, now = () => getStorage().clock.now() }: AppDependencies) {
  return createOpenApiApp()
    .openapi(liveRoute, async (c) => c.json(await getLiveSnapshot(ticketDirectory, now(), c.req.valid('query').team), 200))
    .openapi(historyRoute, async (c) => c.json(await getDashboardHistory(c.req.valid('query'), now()), 200))
    .openapi(csvRoute, async (c) => {
      const query = c.req.valid('query');
      const history = await getDashboardHistory(query, now());
      const lines = dashboardCsvLines(history, query.breakdown);
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode('\uFEFF'));
        },
        pull(controller) {
          const next = lines.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        },
      });
      const name = `mowakaba-${query.breakdown ?? query.interval}-${query.from}-${query.to}.csv`;
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="${name}"`);
      c.header('Cache-Control', 'private, no-store');
      return c.body(body, 200);
    })
    .openapi(myDayRoute, async (c) => c.json(await getMyDay(requireUser(c)._id.toString(), now()), 200))
    .openapi(getSettingsRoute, async (c) => c.json(await getDashboardSettings(), 200))
    .openapi(putSettingsRoute, async (c) => c.json(await saveDashboardSettings(c.req.valid('json')), 200))
    .openapi(listWallboardLinksRoute, async (c) => c.json({ items: await listWallboardLinks() }, 200))
    .openapi(createWallboardLinkRoute, async (c) => {
      const user = requireUser(c);
      return c.json(await createWallboardLink(c.req.valid('json'), { id: user._id.toString(), name: user.name }, { publicUrl: config.PUBLIC_URL, secret: sessionSettings.secret }, now()), 201);
    })
    .openapi(revokeWallboardLinkRoute, async (c) => {
      await revokeWallboardLink(c.req.valid('param').id);
      return c.body(null, 204);
    })
    .openapi(staffingRoute, async (c) => c.json(await getStaffingForecast(c.req.valid('query'), now()), 200))
    .openapi(getAlertSettingsRoute, async (c) => c.json(await getAlertSettings(), 200))
    .openapi(putAlertSettingsRoute, async (c) => c.json(await updateAlertSettings(c.req.valid('json')), 200))
    .openapi(alertsRoute, async (c) => c.json({ items: await listActiveAlerts() }, 200));
}
