import { createRoute } from '@hono/zod-openapi';
import { ZAgentPresenceParams, ZAgentStatus, ZAgentStatusList, ZSetAgentPresenceRequest, ZSetPresenceRequest, type TAgentPresence, type TAgentStatus } from '@mowakaba/shared/schemas/presence';
import type { AppDependencies } from '../../app-env.js';
import { requireRole, requireUser } from '../../middleware/session.js';
import { createOpenApiApp } from '../../openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../openapi-responses.js';
import { getUserById } from '../users/users.service.js';
import { getAgentPresence, listAgentPresences, setPresence, setPresenceForAgent } from './presence.service.js';

const tags = ['presence'];

const getMineRoute = createRoute({
  method: 'get',
  path: '/me',
  tags,
  summary: 'Your presence and current load',
  responses: { 200: jsonResponse('Your status', ZAgentStatus), 401: errorResponses[401] },
});

const setMineRoute = createRoute({
  method: 'put',
  path: '/me',
  tags,
  summary: 'Set your presence: available, busy, wrap-up or away',
  request: { body: jsonBody(ZSetPresenceRequest) },
  responses: { 200: jsonResponse('Your status', ZAgentStatus), 400: errorResponses[400], 401: errorResponses[401] },
});

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Every agent’s presence and load (supervisors and admins)',
  middleware: [requireRole('supervisor', 'admin')] as const,
  responses: { 200: jsonResponse('Statuses', ZAgentStatusList), 401: errorResponses[401], 403: errorResponses[403] },
});

const setAgentRoute = createRoute({
  method: 'put',
  path: '/{userId}',
  tags,
  summary: "Set an agent's presence: away, offline or available (supervisors and admins; audited, the agent's console shows who did it)",
  middleware: [requireRole('supervisor', 'admin')] as const,
  request: { params: ZAgentPresenceParams, body: jsonBody(ZSetAgentPresenceRequest) },
  responses: { 200: jsonResponse("The agent's status", ZAgentStatus), 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404] },
});

export function createPresenceRoutes({ publisher, ticketDirectory }: AppDependencies) {
  // Each presence is answered with the person's load, counted from the tickets by this node's directory.
  const withLoads = async (presences: TAgentPresence[]): Promise<TAgentStatus[]> => {
    const loads = await ticketDirectory.agentLoads(presences.map((presence) => presence.userId), { settled: true });
    return presences.map((presence) => ({ ...presence, activeTickets: loads.get(presence.userId)!.activeTickets }));
  };
  const withLoad = async (presence: TAgentPresence): Promise<TAgentStatus> => (await withLoads([presence]))[0]!;
  return createOpenApiApp()
    .openapi(getMineRoute, async (c) => c.json(await withLoad(await getAgentPresence(requireUser(c)._id.toString())), 200))
    .openapi(setMineRoute, async (c) => c.json(await withLoad(await setPresence(requireUser(c)._id.toString(), c.req.valid('json').state, publisher)), 200))
    .openapi(listRoute, async (c) => c.json({ items: await withLoads(await listAgentPresences()) }, 200))
    .openapi(setAgentRoute, async (c) => {
      const supervisor = requireUser(c);
      const agent = await getUserById(c.req.valid('param').userId);
      const setBy = { id: supervisor._id.toString(), name: supervisor.name };
      return c.json(await withLoad(await setPresenceForAgent(agent.id, c.req.valid('json').state, publisher, setBy)), 200);
    });
}
