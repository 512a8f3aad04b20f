import { describe, expect, it } from 'vitest';
import { ROUTE_ACCESS } from '../../server/src/access/route-access.js';
import { WALLBOARD_TOKEN_LIMIT } from '../../server/src/modules/dashboard/wallboard.routes.js';
import { RateLimitModel } from '../../server/src/modules/rate-limit/rate-limit.model.js';
import { ZErrorBody } from '@mowakaba/shared/errors';
import { ZCreatedWallboardLink } from '@mowakaba/shared/schemas/wallboard-links';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

/**
 * Routes answered without a session that need no limit of their own, and why. Everything else that
 * a visitor can reach must count their requests per address.
 */
const EXEMPT: Record<string, string> = {
  'GET /health': 'answers from memory; load balancers poll it',
  'GET /ready': 'one ping of the database; load balancers poll it',
  'GET /metrics': 'only for the bearer of METRICS_TOKEN, compared in constant time before any work',
};

/** Twilio signs its webhooks: an unsigned request is refused by an HMAC check before any database work. */
const isTwilioWebhook = (route: string) => route.split(' ')[1]!.startsWith('/webhooks/twilio/');

/** A request each open route accepts as well formed, so the limit (not validation) is what is tested. */
const SAMPLES: Record<string, { path: string; body?: unknown; headers?: Record<string, string> }> = {
  'POST /api/auth/login': { path: '/api/auth/login', body: { email: 'someone@example.ma', password: 'not the password' } },
  'GET /api/kb/search': { path: `/api/kb/search?q=${encodeURIComponent('تأسيس جمعية')}&lang=ar` },
  'GET /api/kb/typeahead': { path: `/api/kb/typeahead?q=${encodeURIComponent('تأس')}` },
  'GET /api/kb/articles/:id': { path: '/api/kb/articles/0123456789abcdef01234567' },
  'POST /api/kb/articles/:id/feedback': { path: '/api/kb/articles/0123456789abcdef01234567/feedback', body: { helpful: true } },
  'POST /api/portal/requests': {
    path: '/api/portal/requests',
    body: { associationName: 'جمعية الأمل', phone: '+212661234567', subject: 'تجديد المكتب', description: 'كيف نجدد مكتب الجمعية؟', language: 'ar', topic: 'founding', consent: true },
  },
  'POST /api/portal/requests/lookup': { path: '/api/portal/requests/lookup', body: { reference: 'T-2026-000001', code: 'ABCD-EFGH-JKLM' } },
  'POST /api/portal/requests/reply': { path: '/api/portal/requests/reply', body: { reference: 'T-2026-000001', code: 'ABCD-EFGH-JKLM', body: 'شكرا' } },
  'POST /api/portal/requests/resend-code': { path: '/api/portal/requests/resend-code', body: { reference: 'T-2026-000001', phone: '+212661234567' } },
  'GET /api/wallboard/live': { path: '/api/wallboard/live', headers: { Authorization: 'Bearer a-guessed-wallboard-token' } },
  'GET /s/:code': { path: '/s/AbCdEfGhJk' },
};

describe('routes open to visitors', () => {
  it('all count requests per client address and answer 429 with Retry-After past their limit, so a new open route without a limit fails here', async () => {
    const { app } = createTestApp({ TRUST_PROXY: 'true' });
    const keys = [...new Set(app.routes.filter((route) => route.method !== 'ALL' && !route.path.includes('*')).map((route) => `${route.method} ${route.path}`))];
    const open = keys.filter((route) => {
      if (route in EXEMPT || isTwilioWebhook(route)) return false;
      const access = ROUTE_ACCESS[route];
      return access === undefined ? !route.split(' ')[1]!.startsWith('/api/') : access === 'public' || access === 'wallboard-link';
    });
    expect(open.length).toBeGreaterThan(8);

    const unlimited: string[] = [];
    let visitor = 0;
    for (const route of open) {
      const sample = SAMPLES[route];
      expect(sample, `declare a well-formed sample request for ${route}`).toBeDefined();
      visitor += 1;
      const address = `203.0.113.${visitor}`;
      const send = () =>
        app.request(sample!.path, {
          method: route.split(' ')[0],
          headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': address, ...sample!.headers },
          body: sample!.body === undefined ? undefined : JSON.stringify(sample!.body),
        });
      const first = await send();
      expect(first.status, `${route} answers its first request`).toBeLessThan(500);
      const counters = await RateLimitModel.find({ _id: { $regex: `:${address.replaceAll('.', '\\.')}(:|$)` } }).lean();
      if (counters.length === 0) {
        unlimited.push(`${route} (${first.status})`);
        continue;
      }
      // As if this address had already sent a flood of them.
      await RateLimitModel.updateMany({ _id: { $in: counters.map((counter) => counter._id) } }, { $set: { count: 1_000_000 } });
      const limited = await send();
      expect(limited.status, route).toBe(429);
      expect(Number(limited.headers.get('retry-after')), route).toBeGreaterThanOrEqual(1);
      expect(ZErrorBody.parse(await json(limited)).error.code, route).toBe('rate_limited');
      // Another address is not held up by this one's flood.
      const other = await app.request(sample!.path, {
        method: route.split(' ')[0],
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `198.18.0.${visitor}`, ...sample!.headers },
        body: sample!.body === undefined ? undefined : JSON.stringify(sample!.body),
      });
      expect(other.status, `${route} from another address`).not.toBe(429);
    }
    expect(unlimited).toEqual([]);
  });
});

describe('a wallboard link’s TV', () => {
  it('is never held up by the limit on guessed tokens, while a guesser from its address is', async () => {
    const { app } = createTestApp({ TRUST_PROXY: 'true' });
    const supervisor = await createSignedInUser(app, 'supervisor');
    const created = await app.request('/api/dashboard/wallboard-links', jsonRequest('POST', { label: 'Salle des agents' }, supervisor.cookie));
    const { token } = ZCreatedWallboardLink.parse(await json(created));
    const live = (bearer: string) => app.request('/api/wallboard/live', { headers: { Authorization: `Bearer ${bearer}`, 'X-Forwarded-For': '192.0.2.44' } });

    const statuses: number[] = [];
    for (let fetch = 0; fetch < WALLBOARD_TOKEN_LIMIT.limit + 5; fetch += 1) statuses.push((await live(token)).status);
    expect(new Set(statuses)).toEqual(new Set([200]));

    for (let guess = 0; guess < WALLBOARD_TOKEN_LIMIT.limit; guess += 1) expect((await live(`guess-${guess}`)).status).toBe(401);
    expect((await live('one-guess-too-many')).status).toBe(429);
  });
});
