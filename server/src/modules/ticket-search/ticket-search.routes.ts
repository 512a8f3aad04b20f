import { createRoute } from '@hono/zod-openapi';
import { ZTicketSearchQuery, ZTicketSearchResults } from '@mowakaba/shared/schemas/ticket-search';
import { requireActor } from '../../middleware/session.js';
import { createOpenApiApp } from '../../openapi-app.js';
import { errorResponses, jsonResponse } from '../openapi-responses.js';
import { maskTicketListPhones } from '../privacy/phone-masking.js';
import { searchTickets, type TicketVersions } from './ticket-search.service.js';

const searchRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['tickets'],
  summary: 'Search tickets: subjects, descriptions, replies, notes, call notes and messages, best first, with snippets',
  request: { query: ZTicketSearchQuery },
  responses: { 200: jsonResponse('Tickets the signed-in user may see, best first', ZTicketSearchResults), 400: errorResponses[400], 401: errorResponses[401] },
});

/** GET /api/tickets/search (mounted before /api/tickets/:id); result rows come from the index when this node's ticket directory holds their version. */
export function createTicketSearchRoutes(ticketDirectory?: TicketVersions) {
  return createOpenApiApp().openapi(searchRoute, async (c) => {
    const actor = requireActor(c);
    const found = await searchTickets(c.req.valid('query'), actor, ticketDirectory);
    const masked = maskTicketListPhones({ items: found.results.map((result) => result.ticket) }, actor).items;
    return c.json({ ...found, results: found.results.map((result, index) => ({ ...result, ticket: masked[index]! })) }, 200);
  });
}
