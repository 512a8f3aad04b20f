import { createRoute } from '@hono/zod-openapi';
import { ZIdParams } from '@mowakaba/shared/schemas/common';
import {
  ZCreateTicketEntryRequest,
  ZCreateTicketRequest,
  ZMergeTicketRequest,
  ZMergeTicketResult,
  ZTicket,
  ZTicketAudit,
  ZTicketEntry,
  ZTicketList,
  ZTicketListQuery,
  ZTicketTimeline,
  ZTicketTimelineQuery,
  ZUpdateTicketRequest,
} from '@mowakaba/shared/schemas/tickets';
import type { AppDependencies } from '../../app-env.js';
import type { Modules } from '../../composition.js';
import { requireActor } from '../../middleware/session.js';
import { currentCallRecordings, moveTicketCalls } from '../calls/calls.service.js';
import { createTicketMessaging, moveTicketMessages } from '../messages/messages.service.js';
import { createOpenApiApp } from '../../openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../openapi-responses.js';
import { maskTicketListPhones } from '../privacy/phone-masking.js';
import { getTicketContact, revealTicketContact } from '../privacy/ticket-contact.service.js';
import { ZRevealedContact } from '@mowakaba/shared/schemas/privacy';
import {
  addTicketEntry,
  createTicket,
  getTicketById,
  listTicketAudit,
  listTicketTimeline,
  listTickets,
  takeNextTicket,
  updateTicket,
} from './tickets.service.js';
import { mergeTicket, type TicketLinks } from './ticket-merge.service.js';

const tags = ['tickets'];

/** Calls, callback tasks and messages follow a merged duplicate to its target. */
const mergeLinks = (publisher: AppDependencies['publisher']): TicketLinks => ({
  async moveTicketLinks(sourceId, targetId) {
    await moveTicketCalls(sourceId, targetId, publisher);
    await moveTicketMessages(sourceId, targetId);
  },
});
const readErrors = { 400: errorResponses[400], 401: errorResponses[401], 404: errorResponses[404] };

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Tickets, filtered and sorted on the server, one page at a time',
  request: { query: ZTicketListQuery },
  responses: { 200: jsonResponse('A page of tickets', ZTicketList), 400: errorResponses[400], 401: errorResponses[401] },
});

const createTicketRoute = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Open a ticket',
  request: { body: jsonBody(ZCreateTicketRequest) },
  responses: { 201: jsonResponse('Created', ZTicket), ...readErrors, 409: errorResponses[409] },
});

const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'One ticket',
  request: { params: ZIdParams },
  responses: { 200: jsonResponse('The ticket', ZTicket), ...readErrors },
});

const updateRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Change a ticket; send the version you saw (409 with the current ticket when it is stale)',
  request: { params: ZIdParams, body: jsonBody(ZUpdateTicketRequest) },
  responses: { 200: jsonResponse('Updated', ZTicket), ...readErrors, 409: errorResponses[409] },
});

const timelineRoute = createRoute({
  method: 'get',
  path: '/{id}/timeline',
  tags,
  summary: 'Replies, notes, status changes, assignments, calls and messages, oldest first (or newest first)',
  request: { params: ZIdParams, query: ZTicketTimelineQuery },
  responses: { 200: jsonResponse('A page of the timeline', ZTicketTimeline), ...readErrors },
});

const addEntryRoute = createRoute({
  method: 'post',
  path: '/{id}/entries',
  tags,
  summary: 'Add a public reply or an internal note',
  request: { params: ZIdParams, body: jsonBody(ZCreateTicketEntryRequest) },
  responses: { 201: jsonResponse('Added', ZTicketEntry), ...readErrors, 409: errorResponses[409] },
});

const takeNextRoute = createRoute({
  method: 'post',
  path: '/take-next',
  tags,
  summary: 'Take the most urgent, oldest unassigned ticket you are skilled for',
  responses: { 200: jsonResponse('The ticket, now yours', ZTicket), 401: errorResponses[401], 404: errorResponses[404] },
});

const auditRoute = createRoute({
  method: 'get',
  path: '/{id}/audit',
  tags,
  summary: 'Who changed what and when',
  request: { params: ZIdParams },
  responses: { 200: jsonResponse('The audit trail', ZTicketAudit), ...readErrors },
});

const mergeRoute = createRoute({
  method: 'post',
  path: '/{id}/merge',
  tags,
  summary:
    'Merge this ticket (a duplicate, at the version you saw) into another: its history, calls and messages move there and it closes pointing at it. 409 when stale, into itself, or either ticket was merged or closed',
  request: { params: ZIdParams, body: jsonBody(ZMergeTicketRequest) },
  responses: { 200: jsonResponse('Both tickets after the merge', ZMergeTicketResult), ...readErrors, 403: errorResponses[403], 409: errorResponses[409] },
});

const contactRoute = createRoute({
  method: 'get',
  path: '/{id}/contact',
  tags,
  summary: "The requester's phone number and portal e-mail address: whole for supervisors and admins (audited as a reveal), masked for agents",
  request: { params: ZIdParams },
  responses: { 200: jsonResponse('The contact details (null when not given)', ZRevealedContact), ...readErrors, 403: errorResponses[403] },
});

const revealContactRoute = createRoute({
  method: 'post',
  path: '/{id}/contact/reveal',
  tags,
  summary: "The requester's whole phone number and e-mail address, for staff with access to the ticket; audited (who, which ticket, when; never the details)",
  request: { params: ZIdParams },
  responses: { 200: jsonResponse('The whole contact details (null when not given)', ZRevealedContact), ...readErrors, 403: errorResponses[403] },
});

export function createTicketsRoutes(appDeps: Modules) {
  const { publisher, ticketDirectory, ticketSearch } = appDeps;
  const deps = {
    publisher,
    tickets: ticketDirectory,
    logger: appDeps.logger,
    messaging: createTicketMessaging({
      publisher,
      twilio: appDeps.twilio,
      mail: appDeps.mail,
      logger: appDeps.logger,
      publicUrl: appDeps.config.PUBLIC_URL,
    }),
  };
  return createOpenApiApp()
    .openapi(listRoute, async (c) => {
      const actor = requireActor(c);
      return c.json(maskTicketListPhones(await listTickets(c.req.valid('query'), actor, ticketDirectory, ticketSearch), actor), 200);
    })
    .openapi(takeNextRoute, async (c) => c.json(await takeNextTicket(requireActor(c), deps, ticketDirectory), 200))
    .openapi(createTicketRoute, async (c) => c.json(await createTicket(c.req.valid('json'), requireActor(c), deps), 201))
    .openapi(getRoute, async (c) => c.json(await getTicketById(c.req.valid('param').id, requireActor(c)), 200))
    .openapi(updateRoute, async (c) =>
      c.json(await updateTicket(c.req.valid('param').id, c.req.valid('json'), requireActor(c), deps), 200),
    )
    .openapi(timelineRoute, async (c) =>
      c.json(
        await listTicketTimeline(c.req.valid('param').id, c.req.valid('query'), requireActor(c), deps.messaging, { currentCallRecordings }),
        200,
      ),
    )
    .openapi(addEntryRoute, async (c) =>
      c.json(await addTicketEntry(c.req.valid('param').id, c.req.valid('json'), requireActor(c), deps), 201),
    )
    .openapi(auditRoute, async (c) => c.json(await listTicketAudit(c.req.valid('param').id, requireActor(c)), 200))
    .openapi(contactRoute, async (c) => c.json(await getTicketContact(c.req.valid('param').id, requireActor(c)), 200))
    .openapi(revealContactRoute, async (c) => c.json(await revealTicketContact(c.req.valid('param').id, requireActor(c)), 200))
    .openapi(mergeRoute, async (c) =>
      c.json(await mergeTicket(c.req.valid('param').id, c.req.valid('json'), requireActor(c), { ...deps, links: mergeLinks(publisher) }), 200),
    );
}

