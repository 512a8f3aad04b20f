import { createRoute, z } from '@hono/zod-openapi';
import {
  ZCall,
  ZCallList,
  ZCallListQuery,
  ZCallControlRequest,
  ZCallSidParams,
  ZCallbackList,
  ZCallbackListQuery,
  ZCallbackTask,
  ZCallbackTaskParams,
  ZUpdateCallbackTaskRequest,
  ZPlaceCallRequest,
  ZUpdateCallRequest,
  ZVoiceSettings,
  ZVoiceToken,
} from '@mowakaba/shared/schemas/calls';
import type { Modules } from '../../composition.js';
import { requireActor, requireRole, requireUser } from '../../middleware/session.js';
import { createOpenApiApp } from '../../openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../openapi-responses.js';
import {
  acceptQueuedCall,
  closeCallbackTask,
  controlCall,
  getCallBySid,
  listCallbackTasks,
  placeOutboundCall,
  updateCallDetails,
} from './calls.service.js';
import { openCallRecording } from './call-recording.service.js';
import { listCallLog } from './list-call-log.js';
import { recordAfterCallWorkOfAgents } from './call-lifecycle.service.js';
import { declineCallOffer, routeCallsToAvailableAgents } from './call-routing.service.js';
import { getVoiceSettings, saveVoiceSettings } from './voice-settings.service.js';
import { maskCallbackListPhones, maskCallListPhones } from '../privacy/phone-masking.js';

const tags = ['calls'];
const readErrors = { 400: errorResponses[400], 401: errorResponses[401], 404: errorResponses[404] };

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Calls, newest first, filtered by call SID, association, result and start time',
  request: { query: ZCallListQuery },
  responses: { 200: jsonResponse('A page of calls', ZCallList), 400: errorResponses[400], 401: errorResponses[401] },
});

const callbacksRoute = createRoute({
  method: 'get',
  path: '/callbacks',
  tags,
  summary: 'Callers to ring back, in the order they first joined the queue',
  request: { query: ZCallbackListQuery },
  responses: { 200: jsonResponse('A page of callback tasks', ZCallbackList), 400: errorResponses[400], 401: errorResponses[401] },
});

const getRoute = createRoute({
  method: 'get',
  path: '/{callSid}',
  tags,
  summary: 'One call with its status history',
  request: { params: ZCallSidParams },
  responses: { 200: jsonResponse('The call', ZCall), ...readErrors },
});

const audio = { schema: z.string().openapi({ format: 'binary' }) };
const recordingRoute = createRoute({
  method: 'get',
  path: '/{callSid}/recording',
  tags,
  summary: "The call's recording, through the server (staff whose call, ticket or team it is; supervisors); every access is traced",
  request: { params: ZCallSidParams },
  responses: {
    200: { description: 'The audio (MP3; WAV for a simulated call)', content: { 'audio/mpeg': audio, 'audio/wav': audio } },
    206: { description: 'The part asked for with Range', content: { 'audio/mpeg': audio, 'audio/wav': audio } },
    ...readErrors,
    403: errorResponses[403],
    503: errorResponses[503],
  },
});

const acceptRoute = createRoute({
  method: 'post',
  path: '/{callSid}/accept',
  tags,
  summary: 'Take a waiting caller: Twilio connects exactly that caller to your softphone',
  request: { params: ZCallSidParams },
  responses: { 200: jsonResponse('The call, now yours', ZCall), ...readErrors, 409: errorResponses[409], 503: errorResponses[503] },
});

const declineRoute = createRoute({
  method: 'post',
  path: '/{callSid}/decline',
  tags,
  summary: 'Decline the caller ringing at your console: the next available agent is offered the call, never you again',
  request: { params: ZCallSidParams },
  responses: { 200: jsonResponse('The call, offered on', ZCall), ...readErrors, 403: errorResponses[403], 409: errorResponses[409] },
});

const controlRoute = createRoute({
  method: 'post',
  path: '/{callSid}/control',
  tags,
  summary: 'Hold, resume, transfer to a team or hang up your call (supervisors: any call); Twilio carries it out',
  description:
    'A 409 names why in `details.reason` (ZCallConflictDetails): `call-requeued`, `call-taken` or `call-ended` when the call has left you, `wrong-state` when it is not in a state for the action.',
  request: { params: ZCallSidParams, body: jsonBody(ZCallControlRequest) },
  responses: {
    200: jsonResponse('The call, changed', ZCall),
    ...readErrors,
    403: errorResponses[403],
    409: errorResponses[409],
    503: errorResponses[503],
  },
});

const closeCallbackRoute = createRoute({
  method: 'patch',
  path: '/callbacks/{callbackId}',
  tags,
  summary: 'Close a callback task by hand: called back another way, or dismissed',
  request: { params: ZCallbackTaskParams, body: jsonBody(ZUpdateCallbackTaskRequest) },
  responses: { 200: jsonResponse('The callback task, closed', ZCallbackTask), ...readErrors, 409: errorResponses[409] },
});

const updateRoute = createRoute({
  method: 'patch',
  path: '/{callSid}',
  tags,
  summary: 'Link the call to a ticket, set its disposition and notes',
  request: { params: ZCallSidParams, body: jsonBody(ZUpdateCallRequest) },
  responses: { 200: jsonResponse('The call', ZCall), ...readErrors },
});

const placeRoute = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: "Call an association back from a ticket or a callback task, from the center's number",
  request: { body: jsonBody(ZPlaceCallRequest) },
  responses: { 201: jsonResponse('The call, ringing', ZCall), ...readErrors, 409: errorResponses[409], 503: errorResponses[503] },
});

const tokenRoute = createRoute({
  method: 'get',
  path: '/token',
  tags,
  summary: 'An access token for the Twilio Voice JS SDK: identity = your user id, short expiry',
  responses: { 200: jsonResponse('The token (null in simulation mode)', ZVoiceToken), 401: errorResponses[401], 503: errorResponses[503] },
});

const getSettingsRoute = createRoute({
  method: 'get',
  path: '/settings',
  tags,
  summary: 'Recorded prompts per language, the topic menu, hold music, ring and wrap-up times',
  middleware: [requireRole('supervisor', 'admin')] as const,
  responses: { 200: jsonResponse('Settings', ZVoiceSettings), 401: errorResponses[401], 403: errorResponses[403] },
});

const putSettingsRoute = createRoute({
  method: 'put',
  path: '/settings',
  tags,
  summary: 'Replace the recorded prompts, the topic menu, hold music, ring and wrap-up times (admins)',
  description:
    'Refused with 400 when a menu key is given twice or leads to a team that does not exist, when a prompt text holds markup or (for Tamazight) Tifinagh, or when a prompt has both a recording and a text. Prompt texts are spoken from the next call on.',
  middleware: [requireRole('admin')] as const,
  request: { body: jsonBody(ZVoiceSettings) },
  responses: { 200: jsonResponse('Saved', ZVoiceSettings), 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403] },
});


/** `/api/calls`: the call log, accepting queued callers, the softphone's controls, outbound callbacks, callback tasks. */
export function createCallsRoutes(appDeps: Modules) {
  const deps = { publisher: appDeps.publisher, twilio: appDeps.twilio };
  if (appDeps.changeFeed) {
    routeCallsToAvailableAgents(appDeps.changeFeed, deps);
    recordAfterCallWorkOfAgents(appDeps.changeFeed, deps);
  }
  return createOpenApiApp()
    .openapi(listRoute, async (c) => c.json(maskCallListPhones(await listCallLog(c.req.valid('query'), requireActor(c)), requireActor(c)), 200))
    .openapi(callbacksRoute, async (c) => c.json(maskCallbackListPhones(await listCallbackTasks(c.req.valid('query'), requireActor(c)), requireActor(c)), 200))
    .openapi(closeCallbackRoute, async (c) =>
      c.json(await closeCallbackTask(c.req.valid('param').callbackId, c.req.valid('json'), requireActor(c), deps), 200),
    )
    .openapi(placeRoute, async (c) => c.json(await placeOutboundCall(c.req.valid('json'), requireActor(c), deps), 201))
    .openapi(getRoute, async (c) => c.json(await getCallBySid(c.req.valid('param').callSid, requireActor(c)), 200))
    .openapi(recordingRoute, async (c) => {
      const actor = requireActor(c);
      const { callSid } = c.req.valid('param');
      const rangeHeader = c.req.header('range') ?? null;
      const media = await openCallRecording(callSid, actor, deps.twilio, rangeHeader);
      c.get('logger').info({ callSid, userId: actor.id, simulated: media.simulated }, 'call recording served');
      const headers: Record<string, string> = {
        'Content-Type': media.contentType,
        'Accept-Ranges': 'bytes',
        // Personal data: no shared or disk cache keeps a copy.
        'Cache-Control': 'private, no-store',
        'Content-Disposition': 'inline',
        'X-Recording-Simulated': String(media.simulated),
        ...(media.contentRange ? { 'Content-Range': media.contentRange } : {}),
      };
      if (media.status === 416) return c.body(null, 416, headers) as never;
      return c.body(media.body, media.status, { ...headers, 'Content-Length': String(media.body.byteLength) }) as never;
    })
    .openapi(acceptRoute, async (c) => c.json(await acceptQueuedCall(c.req.valid('param').callSid, requireActor(c), deps, appDeps.ticketDirectory), 200))
    .openapi(declineRoute, async (c) => c.json(await declineCallOffer(c.req.valid('param').callSid, requireActor(c), deps), 200))
    .openapi(controlRoute, async (c) => c.json(await controlCall(c.req.valid('param').callSid, c.req.valid('json'), requireActor(c), deps), 200))
    .openapi(updateRoute, async (c) =>
      c.json(await updateCallDetails(c.req.valid('param').callSid, c.req.valid('json'), requireActor(c), deps), 200),
    );
}

/** `/api/voice`: the softphone's token and the phone menu's recorded prompts. */
export function createVoiceRoutes(appDeps: Modules) {
  const { twilio } = appDeps;
  return createOpenApiApp()
    .openapi(tokenRoute, (c) => {
      const identity = requireUser(c)._id.toString();
      const { token, expiresAt } = twilio.createVoiceToken(identity);
      return c.json({ token, identity, expiresAt: expiresAt.toISOString(), simulated: twilio.simulated }, 200);
    })
    .openapi(getSettingsRoute, async (c) => c.json(await getVoiceSettings(), 200))
    .openapi(putSettingsRoute, async (c) => c.json(await saveVoiceSettings(c.req.valid('json')), 200));
}
