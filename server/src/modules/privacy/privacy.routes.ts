import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ZIdParams } from '@mowakaba/shared/schemas/common';
import {
  ZContactHoldings,
  ZContactQuery,
  ZContactSearchQuery,
  ZEraseAssociationRequest,
  ZEraseContactRequest,
  ZErasureReport,
  ZRetentionSettings,
  ZRetentionState,
} from '@mowakaba/shared/schemas/privacy';
import type { AppEnv } from '../../app-env.js';
import { requireRole, requireUser } from '../../middleware/session.js';
import { createOpenApiApp } from '../../openapi-app.js';
import type { AuditActor } from '../audit/audit-log.service.js';
import { errorResponses, jsonBody, jsonResponse } from '../openapi-responses.js';
import { renderPersonalDataSummary } from './personal-data-summary.js';
import {
  assertErasureConfirmed,
  describeContactHoldings,
  erasePersonalData,
  exportPersonalData,
  selectContact,
  selectContactBySearch,
  type PersonalDataExport,
} from './personal-data.service.js';
import { getRetentionState, runRetention, saveRetentionSettings } from './retention.service.js';
import type { Modules } from '../../composition.js';
import { getStorage } from '../../platform/storage/index.js';

const tags = ['privacy'];
const adminOnly = requireRole('admin');
const refusals = { 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403] };
const ZFormat = z.object({ format: z.enum(['json', 'html']).default('json') });
const exportResponses = {
  200: {
    description: 'Everything held (JSON), or its readable summary (HTML)',
    content: { 'application/json': { schema: z.object({}).passthrough() }, 'text/html': { schema: z.string() } },
  },
  ...refusals,
  404: errorResponses[404],
};

const exportAssociationRoute = createRoute({
  method: 'get',
  path: '/associations/{id}/export',
  tags,
  summary: "Everything held about an association and its contacts (law 09-08 access right; admins); audited",
  middleware: [adminOnly] as const,
  request: { params: ZIdParams, query: ZFormat },
  responses: exportResponses,
});

const eraseAssociationRoute = createRoute({
  method: 'post',
  path: '/associations/{id}/erase',
  tags,
  summary: "Erase an association's personal data everywhere, keeping anonymised records (admins); audited",
  middleware: [adminOnly] as const,
  request: { params: ZIdParams, body: jsonBody(ZEraseAssociationRequest) },
  responses: { 200: jsonResponse('What was erased (counts)', ZErasureReport), ...refusals, 404: errorResponses[404] },
});

const searchContactRoute = createRoute({
  method: 'get',
  path: '/contacts',
  tags,
  summary:
    'How much is held about one person (counts per kind), found by a phone number in any Moroccan format or an e-mail address in `q`; 400 on `q` when it is neither (admins); audited',
  middleware: [adminOnly] as const,
  request: { query: ZContactSearchQuery },
  responses: { 200: jsonResponse('Whom the search found, and counts per kind', ZContactHoldings), ...refusals },
});

const exportContactRoute = createRoute({
  method: 'get',
  path: '/contacts/export',
  tags,
  summary: 'Everything held about one person, by phone number or e-mail address (admins); audited',
  middleware: [adminOnly] as const,
  request: { query: ZContactQuery.extend(ZFormat.shape) },
  responses: exportResponses,
});

const eraseContactRoute = createRoute({
  method: 'post',
  path: '/contacts/erase',
  tags,
  summary: "Erase one person's data by phone number or e-mail address: contact cards, tickets, calls, messages, portal requests (admins); audited",
  middleware: [adminOnly] as const,
  request: { body: jsonBody(ZEraseContactRequest) },
  responses: { 200: jsonResponse('What was erased (counts)', ZErasureReport), ...refusals },
});

const getRetentionRoute = createRoute({
  method: 'get',
  path: '/retention',
  tags,
  summary: 'Retention periods per kind of personal data, and the last pass (admins)',
  middleware: [adminOnly] as const,
  responses: { 200: jsonResponse('Periods in days (null: kept until erased on request)', ZRetentionState), 401: errorResponses[401], 403: errorResponses[403] },
});

const putRetentionRoute = createRoute({
  method: 'put',
  path: '/retention',
  tags,
  summary: 'Set the retention periods (admins); audited',
  middleware: [adminOnly] as const,
  request: { body: jsonBody(ZRetentionSettings) },
  responses: { 200: jsonResponse('Saved', ZRetentionState), ...refusals },
});

const runRetentionRoute = createRoute({
  method: 'post',
  path: '/retention/run',
  tags,
  summary: 'Run the retention pass now instead of at 02:00 UTC (admins); audited',
  middleware: [adminOnly] as const,
  responses: { 200: jsonResponse('Saved', ZRetentionState), 401: errorResponses[401], 403: errorResponses[403] },
});

function actorOf(c: Context<AppEnv>): AuditActor {
  const user = requireUser(c);
  return { _id: user._id, name: user.name, role: user.role };
}

function sendExport(c: Context<AppEnv>, data: PersonalDataExport, format: 'json' | 'html', name: string) {
  const headers = { 'Cache-Control': 'private, no-store' };
  if (format === 'html') return c.html(renderPersonalDataSummary(data), 200, headers);
  return c.json(data, 200, { ...headers, 'Content-Disposition': `attachment; filename="${name}.json"` });
}

export function createPrivacyRoutes(appDeps: Modules) {
  const { publisher, twilio } = appDeps;
  return createOpenApiApp()
    .openapi(exportAssociationRoute, async (c) => {
      const { id } = c.req.valid('param');
      const { format } = c.req.valid('query');
      const data = await exportPersonalData({ associationId: id }, actorOf(c), format, c.get('requestId'));
      return sendExport(c, data, format, `association-${id}`) as never;
    })
    .openapi(eraseAssociationRoute, async (c) => {
      const { id } = c.req.valid('param');
      await assertErasureConfirmed(id, c.req.valid('json').confirmReference);
      return c.json(await erasePersonalData({ associationId: id }, actorOf(c), { publisher, twilio }, c.get('requestId')), 200);
    })
    .openapi(searchContactRoute, async (c) => {
      const selector = await selectContactBySearch(c.req.valid('query').q);
      return c.json(await describeContactHoldings(selector, actorOf(c), c.get('requestId')), 200);
    })
    .openapi(exportContactRoute, async (c) => {
      const query = c.req.valid('query');
      const data = await exportPersonalData(await selectContact(query), actorOf(c), query.format, c.get('requestId'));
      return sendExport(c, data, query.format, 'contact') as never;
    })
    .openapi(eraseContactRoute, async (c) => {
      const selector = await selectContact(c.req.valid('json'));
      return c.json(await erasePersonalData(selector, actorOf(c), { publisher, twilio }, c.get('requestId')), 200);
    })
    .openapi(getRetentionRoute, async (c) => c.json(await getRetentionState(), 200))
    .openapi(putRetentionRoute, async (c) => c.json(await saveRetentionSettings(c.req.valid('json'), actorOf(c), c.get('requestId')), 200))
    .openapi(runRetentionRoute, async (c) => {
      await runRetention(getStorage().clock.now(), { publisher, twilio }, actorOf(c));
      return c.json(await getRetentionState(), 200);
    });
}
