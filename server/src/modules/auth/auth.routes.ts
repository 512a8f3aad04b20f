import { createRoute } from '@hono/zod-openapi';
import {
  ZChangePasswordRequest,
  ZLoginRequest,
  ZSessionResponse,
  ZUpdateMeRequest,
} from '@mowakaba/shared/schemas/auth';
import type { AppDependencies } from '../../app-env.js';
import { getClientIp } from '../../middleware/client-ip.js';
import { clearSessionCookie, readDeviceCookie, requireUser, setDeviceCookie, setSessionCookie } from '../../middleware/session.js';
import { createOpenApiApp } from '../../openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../openapi-responses.js';
import { markOffline } from '../presence/presence.service.js';
import { toUserDtoWithTeams, updateUser } from '../users/users.service.js';
import { changeOwnPassword, logIn } from './auth.service.js';
import { deleteSession } from './sessions.service.js';

const loginRoute = createRoute({
  method: 'post',
  path: '/login',
  tags: ['auth'],
  summary: 'Sign in; sets an httpOnly session cookie, and a device cookie that keeps this browser out of its address\'s sign-in limit for this account',
  request: { body: jsonBody(ZLoginRequest) },
  responses: {
    200: jsonResponse('Signed in', ZSessionResponse),
    400: errorResponses[400],
    401: errorResponses[401],
    429: errorResponses[429],
  },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/logout',
  tags: ['auth'],
  summary: 'Sign out this session',
  responses: { 204: { description: 'Signed out' }, 401: errorResponses[401] },
});

const meRoute = createRoute({
  method: 'get',
  path: '/me',
  tags: ['auth'],
  summary: 'The signed-in user',
  responses: { 200: jsonResponse('The user', ZSessionResponse), 401: errorResponses[401] },
});

const updateMeRoute = createRoute({
  method: 'patch',
  path: '/me',
  tags: ['auth'],
  summary: "Change the signed-in user's preferences (interface language)",
  request: { body: jsonBody(ZUpdateMeRequest) },
  responses: { 200: jsonResponse('The user', ZSessionResponse), 400: errorResponses[400], 401: errorResponses[401] },
});

const changePasswordRoute = createRoute({
  method: 'post',
  path: '/password',
  tags: ['auth'],
  summary: 'Change your password; signs out your other sessions',
  request: { body: jsonBody(ZChangePasswordRequest) },
  responses: {
    204: { description: 'Changed' },
    400: errorResponses[400],
    401: errorResponses[401],
    429: errorResponses[429],
  },
});

export function createAuthRoutes({ config, sessionSettings, publisher }: AppDependencies) {
  const secureCookie = new URL(config.PUBLIC_URL).protocol === 'https:';
  return createOpenApiApp()
    .openapi(loginRoute, async (c) => {
      const { email, password } = c.req.valid('json');
      const { user, token, deviceToken } = await logIn(
        { email, password, ip: getClientIp(c, config.TRUST_PROXY), userAgent: c.req.header('user-agent'), deviceToken: readDeviceCookie(c) },
        sessionSettings,
      );
      setSessionCookie(c, token, sessionSettings, secureCookie);
      setDeviceCookie(c, deviceToken, secureCookie);
      c.get('logger').info({ userId: user._id.toString() }, 'signed in');
      return c.json({ user: await toUserDtoWithTeams(user) }, 200);
    })
    .openapi(logoutRoute, async (c) => {
      const user = requireUser(c);
      const token = c.get('sessionToken');
      if (token) await deleteSession(token, sessionSettings);
      // Signed out, the agent is offline at once; their chosen state waits for their next sign-in.
      await markOffline(user._id.toString(), publisher);
      clearSessionCookie(c);
      return c.body(null, 204);
    })
    .openapi(meRoute, async (c) => c.json({ user: await toUserDtoWithTeams(requireUser(c)) }, 200))
    .openapi(updateMeRoute, async (c) => {
      const user = requireUser(c);
      const updated = await updateUser(user._id.toString(), c.req.valid('json'), user._id.toString());
      return c.json({ user: updated }, 200);
    })
    .openapi(changePasswordRoute, async (c) => {
      const user = requireUser(c);
      await changeOwnPassword(user, c.req.valid('json'), { token: c.get('sessionToken') ?? '', settings: sessionSettings });
      return c.body(null, 204);
    });
}
