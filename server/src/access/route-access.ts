/**
 * Who may call each API route, declared for every route in the route table (the role × team × route
 * matrix test walks the app and fails on a route missing here):
 * - `public`: anyone, signed in or not (rate-limited where it matters);
 * - `signed-in`: any member of staff;
 * - `team`: the item's team, its assignee or agent, supervisors and admins; other agents get 403;
 * - `own`: only the agent working it (the agent on a call), supervisors and admins;
 * - `supervisor`: supervisors and admins;
 * - `admin`: admins only;
 * - `wallboard-link`: only the token of a wallboard link (a TV), no session; everyone else gets 401.
 */
export type TRouteAccess = 'public' | 'signed-in' | 'team' | 'own' | 'supervisor' | 'admin' | 'wallboard-link';

export const ROUTE_ACCESS: Readonly<Record<string, TRouteAccess>> = {
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'signed-in',
  'GET /api/auth/me': 'signed-in',
  'PATCH /api/auth/me': 'signed-in',
  'POST /api/auth/password': 'signed-in',

  'GET /api/users': 'supervisor',
  'GET /api/users/colleagues': 'signed-in',
  'GET /api/users/:id': 'supervisor',
  'POST /api/users': 'admin',
  'PATCH /api/users/:id': 'admin',
  'DELETE /api/users/:id/sign-in-failures': 'admin',

  'GET /api/associations': 'signed-in',
  'GET /api/associations/lookup': 'signed-in',
  'POST /api/associations': 'signed-in',
  'GET /api/associations/:id': 'signed-in',
  'PATCH /api/associations/:id': 'signed-in',
  'GET /api/associations/:id/timeline': 'signed-in',
  'POST /api/associations/:id/merge': 'supervisor',

  'GET /api/tickets': 'signed-in',
  'GET /api/tickets/search': 'signed-in',
  'POST /api/tickets/take-next': 'signed-in',
  'POST /api/tickets': 'signed-in',
  'GET /api/tickets/:id': 'team',
  'PATCH /api/tickets/:id': 'team',
  'GET /api/tickets/:id/timeline': 'team',
  'POST /api/tickets/:id/entries': 'team',
  'GET /api/tickets/:id/audit': 'team',
  'GET /api/tickets/:id/contact': 'team',
  'POST /api/tickets/:id/contact/reveal': 'team',
  'POST /api/tickets/:id/merge': 'team',

  'GET /api/presence/me': 'signed-in',
  'PUT /api/presence/me': 'signed-in',
  'GET /api/presence': 'supervisor',
  'PUT /api/presence/:userId': 'supervisor',

  'GET /api/sla': 'signed-in',
  'PUT /api/sla': 'admin',
  'GET /api/sla/holidays': 'signed-in',

  'GET /api/teams': 'signed-in',
  'POST /api/teams': 'admin',
  'PATCH /api/teams/:id': 'admin',

  'GET /api/canned-replies': 'signed-in',
  'POST /api/canned-replies': 'supervisor',
  'PATCH /api/canned-replies/:id': 'supervisor',
  'DELETE /api/canned-replies/:id': 'supervisor',

  'GET /api/kb/search': 'public',
  'GET /api/kb/typeahead': 'public',
  'POST /api/kb/suggestions': 'signed-in',
  'GET /api/kb/gaps': 'supervisor',
  'GET /api/kb/articles': 'signed-in',
  'POST /api/kb/articles': 'supervisor',
  'GET /api/kb/articles/:id': 'public',
  'PATCH /api/kb/articles/:id': 'supervisor',
  'GET /api/kb/articles/:id/versions': 'signed-in',
  'GET /api/kb/articles/:id/versions/:version': 'signed-in',
  'GET /api/kb/articles/:id/diff': 'signed-in',
  'POST /api/kb/articles/:id/versions/:version/restore': 'supervisor',
  'POST /api/kb/articles/:id/feedback': 'public',
  'POST /api/kb/articles/:id/edit-suggestions': 'signed-in',
  'GET /api/kb/articles/:id/edit-suggestions': 'signed-in',
  'PATCH /api/kb/articles/:id/edit-suggestions/:suggestionId': 'supervisor',

  'POST /api/portal/requests': 'public',
  'POST /api/portal/requests/lookup': 'public',
  'POST /api/portal/requests/reply': 'public',
  'POST /api/portal/requests/resend-code': 'public',

  'GET /api/docs': 'signed-in',
  'GET /api/docs/init.js': 'signed-in',
  'GET /api/docs/:asset': 'signed-in',
  'GET /api/openapi.json': 'signed-in',

  'GET /api/calls': 'signed-in',
  'GET /api/calls/callbacks': 'signed-in',
  'PATCH /api/calls/callbacks/:callbackId': 'team',
  'POST /api/calls': 'team',
  'GET /api/calls/:callSid': 'team',
  'GET /api/calls/:callSid/recording': 'team',
  'POST /api/calls/:callSid/accept': 'team',
  'POST /api/calls/:callSid/decline': 'team',
  'POST /api/calls/:callSid/control': 'own',
  'PATCH /api/calls/:callSid': 'team',

  'GET /api/dashboard/live': 'supervisor',
  'GET /api/dashboard/history': 'supervisor',
  'GET /api/dashboard/history.csv': 'supervisor',
  'GET /api/dashboard/my-day': 'signed-in',
  'GET /api/dashboard/settings': 'supervisor',
  'PUT /api/dashboard/settings': 'admin',
  'GET /api/dashboard/wallboard-links': 'supervisor',
  'POST /api/dashboard/wallboard-links': 'supervisor',
  'DELETE /api/dashboard/wallboard-links/:id': 'supervisor',
  'GET /api/wallboard/live': 'wallboard-link',
  'GET /api/dashboard/staffing': 'supervisor',
  'GET /api/dashboard/alert-settings': 'supervisor',
  'PUT /api/dashboard/alert-settings': 'admin',
  'GET /api/dashboard/alerts': 'supervisor',

  'GET /api/voice/token': 'signed-in',
  'GET /api/voice/settings': 'supervisor',
  'PUT /api/voice/settings': 'admin',

  'GET /api/audit-log': 'admin',
  'GET /api/audit-log/export.csv': 'admin',
  'GET /api/audit-log/recordings': 'admin',

  'GET /api/privacy/associations/:id/export': 'admin',
  'POST /api/privacy/associations/:id/erase': 'admin',
  'GET /api/privacy/contacts': 'admin',
  'GET /api/privacy/contacts/export': 'admin',
  'POST /api/privacy/contacts/erase': 'admin',
  'GET /api/privacy/retention': 'admin',
  'PUT /api/privacy/retention': 'admin',
  'POST /api/privacy/retention/run': 'admin',

  'GET /api/admin/demo-data': 'admin',
  'DELETE /api/admin/demo-data': 'admin',
};
