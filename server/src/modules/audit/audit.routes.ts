import { createRoute, z } from '@hono/zod-openapi';
import { ZAuditLogPage, ZAuditLogQuery, ZRecordingAccessPage, ZRecordingAccessQuery } from '@mowakaba/shared/schemas/privacy';
import { requireRole, requireUser } from '../../middleware/session.js';
import { createOpenApiApp } from '../../openapi-app.js';
import { listRecordingAccesses } from '../calls/call-personal-data.service.js';
import { errorResponses, jsonResponse } from '../openapi-responses.js';
import { auditEntriesToCsv, dayRangeFilter, listAllAuditEntries, listAuditEntries, recordAuditEntry } from './audit-log.service.js';

const tags = ['audit'];
const adminOnly = requireRole('admin');
const refusals = { 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403] };

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'The audit log of staff actions, newest first (admins)',
  middleware: [adminOnly] as const,
  request: { query: ZAuditLogQuery },
  responses: { 200: jsonResponse('One page of entries', ZAuditLogPage), ...refusals },
});

const exportRoute = createRoute({
  method: 'get',
  path: '/export.csv',
  tags,
  summary: 'The filtered audit log as CSV (admins); the export is itself audited',
  middleware: [adminOnly] as const,
  request: { query: ZAuditLogQuery.omit({ limit: true, cursor: true }) },
  responses: { 200: { description: 'CSV, UTF-8', content: { 'text/csv': { schema: z.string() } } }, ...refusals },
});

const recordingsRoute = createRoute({
  method: 'get',
  path: '/recordings',
  tags,
  summary: 'Who listened to, or was refused, which call recording (admins)',
  middleware: [adminOnly] as const,
  request: { query: ZRecordingAccessQuery },
  responses: { 200: jsonResponse('One page of accesses', ZRecordingAccessPage), ...refusals },
});

export function createAuditRoutes() {
  return createOpenApiApp()
    .openapi(listRoute, async (c) => c.json(await listAuditEntries(c.req.valid('query')), 200))
    .openapi(exportRoute, async (c) => {
      const user = requireUser(c);
      const query = c.req.valid('query');
      const entries = await listAllAuditEntries(query);
      await recordAuditEntry({
        actor: { _id: user._id, name: user.name, role: user.role },
        action: 'audit.export',
        targetKind: 'audit',
        details: { entries: entries.length, filters: query },
        requestId: c.get('requestId'),
      });
      return c.body(auditEntriesToCsv(entries), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="audit-log.csv"',
        'Cache-Control': 'private, no-store',
      }) as never;
    })
    .openapi(recordingsRoute, async (c) => {
      const query = c.req.valid('query');
      return c.json(await listRecordingAccesses(query, dayRangeFilter(query.from, query.to)), 200);
    });
}
