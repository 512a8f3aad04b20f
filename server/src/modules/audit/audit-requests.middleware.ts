import type { Context, MiddlewareHandler } from 'hono';
import type { TAuditAction, TAuditEntry } from '@mowakaba/shared/schemas/privacy';
import type { AppEnv } from '../../app-env.js';
import { recordAuditEntry } from './audit-log.service.js';

interface AuditedRoute {
  method: string;
  /** Path under /api; `:target` is the audited record's id. */
  pattern: RegExp;
  action: TAuditAction;
  targetKind: TAuditEntry['targetKind'];
  /** Names of the body fields worth keeping (never their values unless listed in `keepValues`). */
  keepValues?: readonly string[];
  /** Leaves out requests that are part of one user action (a player's later byte ranges). */
  skip?: (c: Context<AppEnv>) => boolean;
}

const ID = '([^/]+)';

/**
 * The staff actions that reach personal data, roles or settings, recorded after they are answered
 * (with the status: a 403 is a refused attempt). Export, erasure and retention record themselves,
 * with what they did.
 */
export const AUDITED_ROUTES: readonly AuditedRoute[] = [
  { method: 'GET', pattern: new RegExp(`^/api/tickets/${ID}$`), action: 'ticket.read', targetKind: 'ticket' },
  { method: 'GET', pattern: new RegExp(`^/api/tickets/${ID}/(?:timeline|audit)$`), action: 'ticket.read', targetKind: 'ticket' },
  { method: 'POST', pattern: new RegExp(`^/api/tickets/${ID}/contact/reveal$`), action: 'contact.reveal', targetKind: 'ticket' },
  // Agents get masked details here (nothing revealed); supervisors and admins get them whole.
  { method: 'GET', pattern: new RegExp(`^/api/tickets/${ID}/contact$`), action: 'contact.reveal', targetKind: 'ticket', skip: (c) => c.get('user')?.role === 'agent' },
  { method: 'PATCH', pattern: new RegExp(`^/api/tickets/${ID}$`), action: 'ticket.update', targetKind: 'ticket', keepValues: ['status', 'priority', 'assigneeId', 'teamId'] },
  { method: 'POST', pattern: new RegExp(`^/api/tickets/${ID}/entries$`), action: 'ticket.reply', targetKind: 'ticket', keepValues: ['kind'] },
  { method: 'GET', pattern: new RegExp(`^/api/associations/(?!lookup$)${ID}$`), action: 'association.read', targetKind: 'association' },
  { method: 'GET', pattern: new RegExp(`^/api/associations/${ID}/timeline$`), action: 'association.read', targetKind: 'association' },
  { method: 'PATCH', pattern: new RegExp(`^/api/associations/${ID}$`), action: 'association.update', targetKind: 'association' },
  { method: 'POST', pattern: new RegExp(`^/api/associations/${ID}/merge$`), action: 'association.update', targetKind: 'association', keepValues: ['sourceId'] },
  { method: 'GET', pattern: new RegExp(`^/api/calls/(?!callbacks$)${ID}$`), action: 'call.read', targetKind: 'call' },
  { method: 'PATCH', pattern: new RegExp(`^/api/calls/(?!callbacks$)${ID}$`), action: 'call.update', targetKind: 'call', keepValues: ['ticketId', 'disposition'] },
  {
    method: 'GET',
    pattern: new RegExp(`^/api/calls/${ID}/recording$`),
    action: 'recording.listen',
    targetKind: 'call',
    skip: (c) => {
      const range = c.req.header('range');
      return range !== undefined && !/^bytes=0-/.test(range);
    },
  },
  { method: 'POST', pattern: /^\/api\/users$/, action: 'user.create', targetKind: 'user', keepValues: ['role'] },
  { method: 'PATCH', pattern: new RegExp(`^/api/users/${ID}$`), action: 'user.update', targetKind: 'user', keepValues: ['role', 'disabled', 'teamIds'] },
  { method: 'DELETE', pattern: new RegExp(`^/api/users/${ID}/sign-in-failures$`), action: 'user.update', targetKind: 'user' },
  { method: 'POST', pattern: /^\/api\/teams$/, action: 'team.change', targetKind: 'team' },
  { method: 'PATCH', pattern: new RegExp(`^/api/teams/${ID}$`), action: 'team.change', targetKind: 'team' },
  { method: 'PUT', pattern: new RegExp(`^/api/teams/${ID}$`), action: 'team.change', targetKind: 'team' },
  { method: 'DELETE', pattern: new RegExp(`^/api/teams/${ID}$`), action: 'team.change', targetKind: 'team' },
  { method: 'PUT', pattern: new RegExp(`^/api/presence/(?!me$)${ID}$`), action: 'presence.override', targetKind: 'user', keepValues: ['state'] },
  { method: 'PUT', pattern: /^\/api\/sla$/, action: 'settings.change', targetKind: 'settings', keepValues: [] },
  { method: 'PUT', pattern: /^\/api\/voice\/settings$/, action: 'settings.change', targetKind: 'settings', keepValues: [] },
  { method: 'POST', pattern: /^\/api\/dashboard\/wallboard-links$/, action: 'settings.change', targetKind: 'settings', keepValues: ['label', 'team'] },
  { method: 'DELETE', pattern: new RegExp(`^/api/dashboard/wallboard-links/${ID}$`), action: 'settings.change', targetKind: 'settings' },
  { method: 'PUT', pattern: /^\/api\/dashboard\/settings$/, action: 'settings.change', targetKind: 'settings', keepValues: [] },
  // Holds the on-call supervisor's phone number.
  { method: 'PUT', pattern: /^\/api\/dashboard\/alert-settings$/, action: 'settings.change', targetKind: 'settings', keepValues: [] },
];

/**
 * The supervisors' and admins' changes that AUDITED_ROUTES leaves out, each with why (a test holds
 * every such route of the route table to one or the other).
 */
export const NOT_AUDITED_BY_REQUEST: Readonly<Record<string, string>> = {
  'POST /api/privacy/associations/:id/erase': 'records itself, with what it erased',
  'POST /api/privacy/contacts/erase': 'records itself, with what it erased',
  'PUT /api/privacy/retention': 'records itself, with the periods before and after',
  'POST /api/privacy/retention/run': 'records itself, with the counts it erased',
  'DELETE /api/admin/demo-data': 'records itself, with what it removed',
  'POST /api/canned-replies': 'shared reply texts, no personal data',
  'PATCH /api/canned-replies/:id': 'shared reply texts, no personal data',
  'DELETE /api/canned-replies/:id': 'shared reply texts, no personal data',
  'POST /api/kb/articles': 'public knowledge-base content; each version keeps who wrote it',
  'PATCH /api/kb/articles/:id': 'public knowledge-base content; each version keeps who wrote it',
  'POST /api/kb/articles/:id/versions/:version/restore': 'public knowledge-base content; each version keeps who wrote it',
  'PATCH /api/kb/articles/:id/edit-suggestions/:suggestionId': 'public knowledge-base content; each version keeps who wrote it',
};

async function bodySummary(c: Context<AppEnv>, keepValues: readonly string[]): Promise<Record<string, unknown>> {
  try {
    const body = (await c.req.json()) as Record<string, unknown>;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
    const kept = Object.fromEntries(keepValues.filter((key) => key in body).map((key) => [key, body[key]]));
    return { fields: Object.keys(body).sort(), ...kept };
  } catch {
    return {};
  }
}

/** Records the audited staff actions (see AUDITED_ROUTES) once they are answered. */
export function auditRequests(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const user = c.get('user');
    if (!user) return;
    const route = AUDITED_ROUTES.find((candidate) => candidate.method === c.req.method && candidate.pattern.test(c.req.path));
    if (!route || route.skip?.(c)) return;
    // 404s and validation errors touched nothing; refusals are kept as attempts.
    const status = c.res.status;
    if (status === 404 || status === 400) return;
    const targetId = route.pattern.exec(c.req.path)?.[1] ?? null;
    const details = route.keepValues && c.req.method !== 'GET' ? await bodySummary(c, route.keepValues) : {};
    try {
      await recordAuditEntry({
        actor: { _id: user._id, name: user.name, role: user.role },
        action: route.action,
        targetKind: route.targetKind,
        targetId: targetId ? decodeURIComponent(targetId) : null,
        status,
        details,
        requestId: c.get('requestId'),
      });
    } catch (error) {
      c.get('logger')?.error({ err: error, action: route.action }, 'audit entry could not be written');
    }
  };
}
