import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { ROUTE_ACCESS, type TRouteAccess } from '../../server/src/access/route-access.js';
import { CallbackTaskModel } from '../../server/src/modules/calls/callback-task.model.js';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { createSignedInUser, jsonRequest, signIn } from '../helpers/factories.js';
import { postAssociation, postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { callParams, createTwilioTestApp, newCallSid, OPEN_HOURS, postSigned, queueCall, type TwilioTestApp } from '../helpers/twilio.js';

useTestDatabase();

type Persona = 'anonymous' | 'agent of the team' | 'agent of another team' | 'supervisor' | 'admin';
const PERSONAS: Persona[] = ['anonymous', 'agent of another team', 'agent of the team', 'supervisor', 'admin'];

/** What each persona must get from a route of each access class: refused (401 or 403) or let through (anything else). */
const EXPECTED: Record<TRouteAccess, Record<Persona, 401 | 403 | 'allowed'>> = {
  public: { anonymous: 'allowed', 'agent of the team': 'allowed', 'agent of another team': 'allowed', supervisor: 'allowed', admin: 'allowed' },
  'signed-in': { anonymous: 401, 'agent of the team': 'allowed', 'agent of another team': 'allowed', supervisor: 'allowed', admin: 'allowed' },
  team: { anonymous: 401, 'agent of the team': 'allowed', 'agent of another team': 403, supervisor: 'allowed', admin: 'allowed' },
  own: { anonymous: 401, 'agent of the team': 403, 'agent of another team': 403, supervisor: 'allowed', admin: 'allowed' },
  supervisor: { anonymous: 401, 'agent of the team': 403, 'agent of another team': 403, supervisor: 'allowed', admin: 'allowed' },
  admin: { anonymous: 401, 'agent of the team': 403, 'agent of another team': 403, supervisor: 403, admin: 'allowed' },
  'wallboard-link': { anonymous: 401, 'agent of the team': 401, 'agent of another team': 401, supervisor: 401, admin: 401 },
};

/** Every concrete API route of the app, as the route table declares it. */
function apiRoutes(app: TwilioTestApp) {
  const keys = app.routes
    .filter((route) => route.path.startsWith('/api/') && route.method !== 'ALL' && !route.path.includes('*'))
    .map((route) => `${route.method} ${route.path}`);
  return [...new Set(keys)];
}

/**
 * A team (Arabic, founding) with one agent, another team with another agent, and the team's work: a
 * ticket, a waiting call, a callback task; an association for everyone.
 */
async function seedTeamWork(app: TwilioTestApp) {
  const member = await createSignedInUser(app);
  const outsider = await createSignedInUser(app);
  const supervisor = await createSignedInUser(app, 'supervisor');
  const admin = await createSignedInUser(app, 'admin');
  await TeamModel.create({
    key: 'matrix-team',
    name: { ar: 'الفريق', fr: 'Équipe', en: 'Team' },
    skills: { languages: ['ar'], topics: ['founding'] },
    memberIds: [new mongoose.Types.ObjectId(member.user.id)],
  });
  await TeamModel.create({ key: 'matrix-other', name: { ar: 'أخرى', fr: 'Autre', en: 'Other' }, memberIds: [new mongoose.Types.ObjectId(outsider.user.id)] });
  const ticket = await postTicket(app, supervisor.cookie, { language: 'ar', topic: 'founding' });
  const association = await postAssociation(app, supervisor.cookie);
  const callSid = newCallSid();
  await queueCall(app, callSid, '+212661100200');
  // Another waiting call, which no one accepts: the agent of the team is not on it.
  const unansweredCallSid = newCallSid();
  await queueCall(app, unansweredCallSid, '+212661100250');
  const callbackSid = newCallSid();
  await queueCall(app, callbackSid, '+212661100300');
  await postSigned(app, '/webhooks/twilio/voice/wait-key?lang=ar', callParams(callbackSid, '+212661100300', { Digits: '1' }));
  await postSigned(app, '/webhooks/twilio/voice/queue-result?lang=ar', callParams(callbackSid, '+212661100300', { QueueResult: 'leave', QueueTime: '30' }));
  const task = await CallbackTaskModel.findById(`callback:${callbackSid}`).lean();
  expect(task?.teamId?.toString()).toBe(ticket.teamId);
  return { member, outsider, supervisor, admin, ticket, association, callSid, unansweredCallSid, callbackId: task!._id };
}

type Seed = Awaited<ReturnType<typeof seedTeamWork>>;

/** The path with its parameters filled: the team's items where the route works on one. */
function concretePath(path: string, seed: Seed): string {
  const byPrefix: Array<[RegExp, string]> = [
    [/^\/api\/calls\/:callSid\/control$/, `/api/calls/${seed.unansweredCallSid}/control`],
    [/^\/api\/tickets\/:id/, `/api/tickets/${seed.ticket.id}`],
    [/^\/api\/associations\/:id/, `/api/associations/${seed.association.id}`],
    [/^\/api\/users\/:id/, `/api/users/${seed.member.user.id}`],
    [/^\/api\/calls\/callbacks\/:callbackId/, `/api/calls/callbacks/${seed.callbackId}`],
    [/^\/api\/calls\/:callSid/, `/api/calls/${seed.callSid}`],
  ];
  const filled = byPrefix.reduce((concrete, [pattern, value]) => concrete.replace(pattern, value), path);
  // Ids of the team's items may hold a colon (callback:CA…): only the segments still unnamed get a filler.
  return filled
    .split('/')
    .map((segment) => (segment === ':version' ? '1' : segment.startsWith(':') ? '0123456789abcdef01234567' : segment))
    .join('/');
}

/** A valid body for the routes whose access depends on the item: so the access decision, not validation, answers. */
function sampleBody(route: string, seed: Seed): unknown {
  const bodies: Record<string, unknown> = {
    'PATCH /api/tickets/:id': { version: seed.ticket.version, priority: 'high' },
    'POST /api/tickets/:id/entries': { kind: 'internal-note', body: 'ملاحظة داخلية' },
    // Into itself: the access decision answers first, then 409, so the ticket stays for the routes after.
    'POST /api/tickets/:id/merge': { targetTicketId: seed.ticket.id, version: seed.ticket.version },
    'POST /api/tickets/:id/contact/reveal': {},
    'PATCH /api/calls/callbacks/:callbackId': { resolution: 'dismissed' },
    'POST /api/calls': { ticketId: seed.ticket.id },
    'POST /api/calls/:callSid/accept': {},
    'POST /api/calls/:callSid/decline': {},
    'POST /api/calls/:callSid/control': { action: 'hold' },
    'PATCH /api/calls/:callSid': { notes: 'rappelé' },
  };
  if (ROUTE_ACCESS[route] === 'team' || ROUTE_ACCESS[route] === 'own') {
    expect(bodies, `declare a valid sample body for ${route}`).toHaveProperty([route]);
  }
  return bodies[route] ?? {};
}

describe('the role × team × route matrix', () => {
  it('declares an access decision for every API route', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated', now: OPEN_HOURS });
    const routes = apiRoutes(app);
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.filter((route) => !(route in ROUTE_ACCESS))).toEqual([]);
    expect(Object.keys(ROUTE_ACCESS).filter((route) => !routes.includes(route))).toEqual([]);
  });

  it('gives every route, as each persona, what its access class declares', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated', now: OPEN_HOURS });
    const seed = await seedTeamWork(app);
    const cookies: Record<Persona, string | undefined> = {
      anonymous: undefined,
      'agent of the team': seed.member.cookie,
      'agent of another team': seed.outsider.cookie,
      supervisor: seed.supervisor.cookie,
      admin: seed.admin.cookie,
    };
    const users = { 'agent of the team': seed.member.user, 'agent of another team': seed.outsider.user, supervisor: seed.supervisor.user, admin: seed.admin.user };
    const mismatches: string[] = [];
    for (const route of apiRoutes(app)) {
      const [method, path] = route.split(' ') as [string, string];
      const access = ROUTE_ACCESS[route]!;
      for (const persona of PERSONAS) {
        const cookie = cookies[persona];
        const body = method === 'GET' || method === 'HEAD' ? undefined : JSON.stringify(sampleBody(route, seed));
        const response = await app.request(concretePath(path, seed), {
          method,
          headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
          body,
        });
        const expected = EXPECTED[access][persona];
        const refused = response.status === 401 || response.status === 403;
        const matches = expected === 'allowed' ? !refused && response.status < 500 : response.status === expected;
        if (!matches) mismatches.push(`${route} as ${persona}: ${response.status}, expected ${expected} (${access})`);
        if (expected !== 'allowed' && response.status === expected) {
          expect((await json(response)).error.code).toBe(expected === 401 ? 'unauthenticated' : 'forbidden');
        }
        // Signing out ends the persona's session: sign in again for the routes that follow.
        if (route === 'POST /api/auth/logout' && persona !== 'anonymous') {
          cookies[persona] = await signIn(app, users[persona].email, users[persona].password);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses a forged or expired session cookie', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const response = await app.request('/api/auth/me', { headers: { Cookie: 'mowakaba_session=forged-value' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toMatch(/mowakaba_session=;/);
  });
});

describe('roles', () => {
  it('keeps admin routes from agents and supervisors with 403, and changes nothing', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    for (const role of ['agent', 'supervisor'] as const) {
      const { cookie } = await createSignedInUser(app, role);
      const create = await app.request('/api/users', jsonRequest('POST', { email: 'x@mowakaba.test', name: 'X', password: 'long enough pass', role: 'admin' }, cookie));
      expect(create.status).toBe(403);
      expect((await json(create)).error.code).toBe('forbidden');
    }
    const admin = await createSignedInUser(app, 'admin');
    const users = await json(await app.request('/api/users', { headers: { Cookie: admin.cookie } }));
    expect(users.items.map((user: { email: string }) => user.email)).not.toContain('x@mowakaba.test');
  });
});
