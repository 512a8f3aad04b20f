import { describe, expect, it } from 'vitest';
import { ZErrorBody } from '@mowakaba/shared/errors';
import { createSignedInUser } from '../helpers/factories.js';
import { postTicket } from '../helpers/fixtures.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { createTestApp } from '../helpers/test-app.js';

useTestDatabase();

const TOKEN = 'metrics-token-for-the-scraper-0123';

describe('GET /metrics', () => {
  it('is Prometheus text for the bearer of METRICS_TOKEN: route latency histograms, sockets, queues, jobs, database and Redis', async () => {
    const { app, ticketDirectory } = createTestApp({ METRICS_TOKEN: TOKEN });
    const agent = await createSignedInUser(app, 'supervisor');
    const ticket = await postTicket(app, agent.cookie);
    expect((await app.request(`/api/tickets/${ticket.id}`, { headers: { Cookie: agent.cookie } })).status).toBe(200);

    const response = await app.request('/metrics', { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('# TYPE mowakaba_http_request_duration_seconds histogram');
    expect(text).toMatch(/mowakaba_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/api\/tickets\/:id",status="200"\} \d+/);
    expect(text).toMatch(/mowakaba_http_requests_total\{method="POST",route="\/api\/tickets",status="201"\} 1/);
    expect(text).not.toContain(ticket.id);
    expect(text).toMatch(/^mowakaba_database_up 1$/m);
    expect(text).toMatch(/^mowakaba_socket_connections 0$/m);
    expect(text).toMatch(/^mowakaba_redis_up\{configured="false"\} 0$/m);
    expect(text).toMatch(/^mowakaba_queue_size\{queue="waiting_calls"\} 0$/m);
    expect(text).toMatch(/^mowakaba_job_lag_seconds \d+(\.\d+)?$/m);
    // Warm once the node has read its active tickets into its cache after start.
    expect(text).toMatch(/^mowakaba_ticket_directory_warm 0$/m);
    await ticketDirectory.warmActiveTickets();
    const warm = await (await app.request('/metrics', { headers: { Authorization: `Bearer ${TOKEN}` } })).text();
    expect(warm).toMatch(/^mowakaba_ticket_directory_warm 1$/m);
  });

  it('refuses a missing or wrong token with 401 in the one error body, and does not exist without METRICS_TOKEN', async () => {
    const { app, ticketDirectory } = createTestApp({ METRICS_TOKEN: TOKEN });
    const attempts: Array<Record<string, string>> = [{}, { Authorization: `Bearer ${TOKEN}x` }, { Authorization: TOKEN }];
    for (const headers of attempts) {
      const refused = await app.request('/metrics', { headers });
      expect(refused.status).toBe(401);
      expect(ZErrorBody.parse(await refused.json()).error.code).toBe('unauthenticated');
    }
    const { app: withoutToken } = createTestApp();
    expect((await withoutToken.request('/metrics', { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  });
});
