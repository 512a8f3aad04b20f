import { createRoute } from '@hono/zod-openapi';
import { ZIdParams } from '@mowakaba/shared/schemas/common';
import { ZColleagueList, ZCreateUserRequest, ZUpdateUserRequest, ZUser, ZUserList } from '@mowakaba/shared/schemas/users';
import { requireRole, requireUser } from '../../middleware/session.js';
import { createOpenApiApp } from '../../openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../openapi-responses.js';
import { clearSignInFailures } from '../auth/auth.service.js';
import { createUser, getUserById, listColleagues, listUsers, updateUser } from './users.service.js';

const staffRoles = requireRole('supervisor', 'admin');
const adminOnly = requireRole('admin');

const listUsersRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['users'],
  summary: 'All users (supervisors and admins)',
  middleware: [staffRoles] as const,
  responses: { 200: jsonResponse('Users', ZUserList), 401: errorResponses[401], 403: errorResponses[403] },
});

const colleaguesRoute = createRoute({
  method: 'get',
  path: '/colleagues',
  tags: ['users'],
  summary: 'Enabled staff with their teams: whom a ticket can be assigned to (any signed-in staff)',
  responses: { 200: jsonResponse('Colleagues', ZColleagueList), 401: errorResponses[401] },
});

const getUserRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['users'],
  summary: 'One user (supervisors and admins)',
  middleware: [staffRoles] as const,
  request: { params: ZIdParams },
  responses: {
    200: jsonResponse('The user', ZUser),
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    404: errorResponses[404],
  },
});

const createUserRoute = createRoute({
  method: 'post',
  path: '/',
  tags: ['users'],
  summary: 'Create a user (admins)',
  middleware: [adminOnly] as const,
  request: { body: jsonBody(ZCreateUserRequest) },
  responses: {
    201: jsonResponse('Created', ZUser),
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    409: errorResponses[409],
  },
});

const updateUserRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['users'],
  summary: 'Rename, change role, disable or reset the password of a user (admins)',
  middleware: [adminOnly] as const,
  request: { params: ZIdParams, body: jsonBody(ZUpdateUserRequest) },
  responses: {
    200: jsonResponse('Updated', ZUser),
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    404: errorResponses[404],
    409: errorResponses[409],
  },
});

const clearSignInFailuresRoute = createRoute({
  method: 'delete',
  path: '/{id}/sign-in-failures',
  tags: ['users'],
  summary: "Lift the waits that failed sign-ins put on a user's account, from every address (admins)",
  middleware: [adminOnly] as const,
  request: { params: ZIdParams },
  responses: { 204: { description: 'Cleared' }, 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404] },
});

export function createUsersRoutes() {
  return createOpenApiApp()
    .openapi(listUsersRoute, async (c) => c.json({ items: await listUsers() }, 200))
    .openapi(colleaguesRoute, async (c) => c.json({ items: await listColleagues() }, 200))
    .openapi(getUserRoute, async (c) => c.json(await getUserById(c.req.valid('param').id), 200))
    .openapi(createUserRoute, async (c) => c.json(await createUser(c.req.valid('json')), 201))
    .openapi(updateUserRoute, async (c) => {
      const actingUser = requireUser(c);
      const updated = await updateUser(c.req.valid('param').id, c.req.valid('json'), actingUser._id.toString());
      return c.json(updated, 200);
    })
    .openapi(clearSignInFailuresRoute, async (c) => {
      await clearSignInFailures((await getUserById(c.req.valid('param').id)).email);
      return c.body(null, 204);
    });
}
