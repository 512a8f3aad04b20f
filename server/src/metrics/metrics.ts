import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AppEnv } from '../app-env.js';
import type { DatabaseAvailability } from '../database/database-availability.js';
import { measureJobLag } from '../jobs/job-runner.js';
import { measureCallQueues } from '../modules/calls/call-queue-size.service.js';

/** What /metrics reads from the running process; main.ts fills in what exists only once listening. */
export interface MetricsSources {
  database: DatabaseAvailability;
  /** Open socket.io connections on this node. */
  socketConnections?: () => number;
  /** Whether the Redis connections are up; absent when REDIS_URL is not set. */
  redisReady?: () => boolean;
  /** Whether this node's ticket directory is loaded and its active tickets are in its cache (after start). */
  ticketDirectoryWarm?: () => boolean;
  /** Search results whose documents this node had kept, and those it read. */
  searchResultCache?: () => { hits: number; misses: number };
}

export interface Metrics {
  registry: Registry;
  sources: Partial<MetricsSources>;
  /** Times every request, labelled by its route pattern (never by the raw path: ids would explode the series). */
  timeRequests(): MiddlewareHandler<AppEnv>;
}

/** Builds this process's metrics; each app gets its own registry, so tests can build several. */
export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'mowakaba_' });
  const sources: Partial<MetricsSources> = {};
  const requestDuration = new Histogram({
    name: 'mowakaba_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern, method and status class',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const requests = new Counter({
    name: 'mowakaba_http_requests_total',
    help: 'HTTP requests by route pattern, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'mowakaba_socket_connections',
    help: 'Open socket.io connections on this node',
    registers: [registry],
    collect() {
      this.set(sources.socketConnections?.() ?? 0);
    },
  });
  new Gauge({
    name: 'mowakaba_database_up',
    help: '1 when the database answers a ping',
    registers: [registry],
    async collect() {
      this.set(sources.database && (await sources.database.check()) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'mowakaba_redis_up',
    help: '1 when both Redis connections are up; absent value 0 means REDIS_URL is not set',
    labelNames: ['configured'] as const,
    registers: [registry],
    collect() {
      this.reset();
      if (sources.redisReady) this.set({ configured: 'true' }, sources.redisReady() ? 1 : 0);
      else this.set({ configured: 'false' }, 0);
    },
  });
  new Gauge({
    name: 'mowakaba_ticket_directory_warm',
    help: '1 once this node has loaded its ticket directory and read the active tickets into its cache after start (until then lists read more from the database)',
    registers: [registry],
    collect() {
      this.set(sources.ticketDirectoryWarm?.() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'mowakaba_ticket_search_result_reads',
    help: 'Search results shown since start, by where their document came from: this node\'s cache (hit) or the database (miss)',
    labelNames: ['source'] as const,
    registers: [registry],
    collect() {
      const counts = sources.searchResultCache?.();
      if (!counts) return;
      this.set({ source: 'hit' }, counts.hits);
      this.set({ source: 'miss' }, counts.misses);
    },
  });
  // Queue sizes and job lag read the database: skipped (not reported) while it is away.
  const available = () => sources.database?.isAvailable() ?? false;
  new Gauge({
    name: 'mowakaba_queue_size',
    help: 'Callers waiting in the call queues, and open callback tasks',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      if (!available()) return;
      const sizes = await measureCallQueues();
      this.set({ queue: 'waiting_calls' }, sizes.waitingCalls);
      this.set({ queue: 'open_callbacks' }, sizes.openCallbacks);
    },
  });
  const jobsDue = new Gauge({ name: 'mowakaba_jobs_due', help: 'Jobs whose time has come and that have not run yet (up to 1000)', registers: [registry] });
  new Gauge({
    name: 'mowakaba_job_lag_seconds',
    help: 'How late the most overdue job is',
    registers: [registry],
    async collect() {
      if (!available()) return;
      const lag = await measureJobLag(new Date());
      this.set(lag.lagSeconds);
      jobsDue.set(lag.due);
    },
  });

  return {
    registry,
    sources,
    timeRequests() {
      return async (c, next) => {
        const started = performance.now();
        try {
          await next();
        } finally {
          const labels = { method: c.req.method, route: routePath(c), status: String(c.res.status) };
          requestDuration.observe(labels, (performance.now() - started) / 1000);
          requests.inc(labels);
        }
      };
    },
  };
}

/**
 * GET /metrics in Prometheus text format, for a scraper holding METRICS_TOKEN as a bearer token.
 * Without METRICS_TOKEN the route does not exist (404): nothing about the process is public.
 */
export function serveMetrics(metrics: Metrics, token: string | undefined): MiddlewareHandler<AppEnv> {
  const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
  return async (c) => {
    if (!expected) return c.json({ error: { code: 'not_found', message: 'no route for GET /metrics' } }, 404);
    const given = Buffer.from(c.req.header('authorization') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return c.json({ error: { code: 'unauthenticated', message: 'a valid metrics token is required' } }, 401, { 'WWW-Authenticate': 'Bearer' });
    }
    return c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' });
  };
}
