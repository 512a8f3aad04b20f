import { createRoute } from '@hono/zod-openapi';
import { ZHolidayList, ZHolidayQuery, ZSlaSettings } from '@mowakaba/shared/schemas/sla';
import { requireRole } from '../../middleware/session.js';
import { createOpenApiApp } from '../../openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../openapi-responses.js';
import { proposeRamadan } from './business-calendar.js';
import { getSlaContext, saveSlaSettings } from './sla.service.js';

const tags = ['sla'];

const getRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'SLA targets per priority and the business calendar',
  responses: { 200: jsonResponse('Settings', ZSlaSettings), 401: errorResponses[401] },
});

const putRoute = createRoute({
  method: 'put',
  path: '/',
  tags,
  summary: 'Replace the SLA targets and business calendar (admins); applies to changes from now on',
  description:
    'Refused with 400 when a period ends before it starts, two periods of one day overlap, a schedule range ends before it starts, a local holiday date is given twice or an Islamic holiday is answered twice for one year.',
  middleware: [requireRole('admin')] as const,
  request: { body: jsonBody(ZSlaSettings) },
  responses: { 200: jsonResponse('Saved', ZSlaSettings), 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403] },
});

const holidaysRoute = createRoute({
  method: 'get',
  path: '/holidays',
  tags,
  summary: "A year's holidays (fixed, local, and the Islamic ones proposed from the Hijri calendar as admins answered them) and the Hijri dates of Ramadan",
  request: { query: ZHolidayQuery },
  responses: { 200: jsonResponse('Holidays', ZHolidayList), 400: errorResponses[400], 401: errorResponses[401] },
});

export function createSlaRoutes() {
  return createOpenApiApp()
    .openapi(getRoute, async (c) => c.json((await getSlaContext()).settings, 200))
    .openapi(putRoute, async (c) => c.json(await saveSlaSettings(c.req.valid('json')), 200))
    .openapi(holidaysRoute, async (c) => {
      const { year } = c.req.valid('query');
      return c.json({ year, holidays: (await getSlaContext()).calendar.holidays(year), ramadan: proposeRamadan(year) }, 200);
    });
}
