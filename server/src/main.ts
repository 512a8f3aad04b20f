import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Server as HttpServer } from 'node:http';
import { createApp } from './app.js';
import { changeFinishers } from './change-finishers.js';
import { createModules, type Modules } from './composition.js';
import { ConfigError, isTwilioSimulated, loadConfig } from './config.js';
import { connectDatabase } from './database/connect-database.js';
import { createDatabaseAvailability } from './database/database-availability.js';
import { EmbeddedDatabaseError } from './database/embedded-database.js';
import { startCleanupJob } from './jobs/cleanup-job.js';
import { startInterruptedChangeRecovery } from './jobs/interrupted-changes-job.js';
import { startJobRunner } from './jobs/job-runner.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics/metrics.js';
import { upgradePhoneDirectory } from './modules/associations/phone-directory.js';
import { ARCHIVE_CALL_JOB, CALL_OFFER_TIMEOUT_JOB, archiveEndedCall, createCallOfferTimeoutHandler, createSimulatedPartyHandler } from './modules/calls/calls.service.js';
import { WRAP_UP_END_JOB, createWrapUpEndHandler } from './modules/presence/presence.service.js';
import { ARTICLE_FOLD_JOB, foldSavedArticle } from './modules/kb/article-revisions.service.js';
import { SIMULATED_PARTY_JOB } from './modules/calls/simulated-called-party.js';
import { createSatisfactionSurveyHandler, SATISFACTION_SURVEY_JOB } from './modules/messages/messages.service.js';
import { createSlaCheckHandler, SLA_CHECK_JOB } from './modules/sla/sla.service.js';
import { getOrCreateGeneratedSessionSecret, getOrCreateSimulationAuthToken } from './modules/settings/settings.service.js';
import { createRetentionJobHandler, RETENTION_JOB, scheduleRetention } from './modules/privacy/retention.service.js';
import { ensureFirstAdmin } from './modules/users/users.service.js';
import { findProjectRoot } from './project-root.js';
import { createLiveTicketDirectory, keepDirectorySnapshot } from './modules/tickets/live-ticket-directory.js';
import { createDashboardFeed, followChangeFeed, type DashboardFeed, startAlertWatcher, startLiveBroadcast } from './modules/dashboard/index.js';
import { followSearchResults, followTicketSearch, searchResultCacheOfApp } from './modules/ticket-search/index.js';
import { createRealtimeHub, type RealtimeHub } from './realtime/realtime-hub.js';
import { useRedisAdapter } from './realtime/redis-adapter.js';
import { createSocketServer } from './realtime/socket-server.js';
import { createTwilioGateway } from './twilio/twilio-gateway.js';

const SHUTDOWN_TIMEOUT_MS = 10_000;
/** Where simulation mode leaves its webhook token for `npm run simulate`, in DATA_DIR. */
const SIMULATION_TOKEN_FILE = 'twilio-simulation-token';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL);
  const database = await connectDatabase(config, logger);

  try {
    const sessionSecret = config.SESSION_SECRET ?? (await getOrCreateGeneratedSessionSecret());
    if (config.SESSION_SECRET === undefined) logger.warn('SESSION_SECRET is not set: using a generated secret kept in the database');
    const sessionSettings = { secret: sessionSecret, ttlMs: config.SESSION_TTL_HOURS * 3_600_000 };

    if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD && (await ensureFirstAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD))) {
      logger.info('first admin created from ADMIN_EMAIL');
    }
    const rebuiltAssociations = await upgradePhoneDirectory();
    if (rebuiltAssociations > 0) logger.info({ associations: rebuiltAssociations }, 'caller-ID directory rebuilt in its new form');
    let twilioAuthToken = config.TWILIO_AUTH_TOKEN;
    if (isTwilioSimulated(config)) {
      logger.warn('TWILIO_ACCOUNT_SID is not set: calls and messages run in simulation mode');
      if (twilioAuthToken === undefined) {
        // `npm run simulate` signs its webhooks with this local token.
        twilioAuthToken = await getOrCreateSimulationAuthToken();
        await mkdir(config.DATA_DIR, { recursive: true });
        await writeFile(join(config.DATA_DIR, SIMULATION_TOKEN_FILE), twilioAuthToken, { mode: 0o600 });
        logger.info({ file: join(config.DATA_DIR, SIMULATION_TOKEN_FILE) }, 'simulated Twilio webhooks are signed with a local token');
      }
    }
    const twilio = createTwilioGateway(config, { authToken: twilioAuthToken });

    const hub = createRealtimeHub({ logger });
    if (config.DEMO_DATA) {
      // The demo content lives outside the production code (seeds/demo), read only when it is wanted.
      const { seedDemoData } = await import('../../seeds/demo/seed-demo-data.js');
      if (await seedDemoData(logger, hub)) logger.info('demo data loaded');
    }
    const ticketDirectory = createLiveTicketDirectory(hub.feed);
    const metrics = createMetrics({ defaultMetrics: true });
    // The dashboard rollups read every record change (tickets, calls, messages) from the change feed.
    const dashboardFeed = createDashboardFeed({ logger });
    const modules = createModules({
      metrics,
      config,
      logger,
      connection: database.connection,
      storage: database.storage,
      databaseAvailability: createDatabaseAvailability(database.connection, database.embedded),
      sessionSettings,
      publisher: hub,
      ticketDirectory,
      changeFeed: hub.feed,
      webDistDir: join(findProjectRoot(), 'dist', 'web'),
      twilio,
    });
    // What starts from here (feed followers, the HTTP server, timers, jobs) works with this app's state.
    await modules.scope.run(() => serveNode(modules, { database, hub, dashboardFeed }));
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Starts this node's servers, followers and jobs over its modules, and stops them on SIGTERM or SIGINT. */
async function serveNode(
  modules: Modules,
  { database, hub, dashboardFeed }: { database: Awaited<ReturnType<typeof connectDatabase>>; hub: RealtimeHub; dashboardFeed: DashboardFeed },
): Promise<void> {
  const { config, logger, sessionSettings, publisher, ticketDirectory, twilio, metrics } = modules;
  {
    // Followed until the hub detaches: its feed stops every follower.
    keepDirectorySnapshot(hub.feed);
    followChangeFeed(hub.feed, dashboardFeed);
    followTicketSearch(hub.feed);
    followSearchResults(hub.feed);
    const searchResults = searchResultCacheOfApp();
    metrics.sources.searchResultCache = () => ({ hits: searchResults.hits, misses: searchResults.misses });
    const app = createApp(modules);
    const httpServer = await listen(app.fetch, config.PORT, config.HOST);
    const io = createSocketServer(httpServer, { sessionSettings, publicUrl: config.PUBLIC_URL, logger, hub, scope: modules.scope, trustProxy: config.TRUST_PROXY });
    const closeRedis = config.REDIS_URL ? await useRedisAdapter(io, config.REDIS_URL) : undefined;
    metrics.sources.socketConnections = () => io.engine.clientsCount;
    metrics.sources.redisReady = closeRedis?.isReady;
    if (closeRedis) {
      hub.shareAcrossNodes();
      logger.info('socket.io shares events with other nodes through Redis');
    }
    await scheduleRetention(new Date());
    const stopCleanup = startCleanupJob(logger);
    const stopRecovery = startInterruptedChangeRecovery(changeFinishers(modules), logger);
    // Loaded in the background; a failure is retried as it follows the change feed.
    const warming = performance.now();
    ticketDirectory
      .ensureLoaded()
      .then(() => ticketDirectory.warmActiveTickets())
      .then((tickets) => logger.info({ tickets, seconds: Math.round((performance.now() - warming) / 1000) }, 'active tickets read into the cache'))
      .catch((error: unknown) => logger.warn({ err: error }, 'ticket directory not loaded; will retry'));
    const alertWatcher = startAlertWatcher({ publisher: hub, twilio, activeTickets: ticketDirectory, logger });
    const stopLiveBroadcast = startLiveBroadcast({ feed: dashboardFeed, publisher: hub, activeTickets: ticketDirectory, logger, onSnapshot: alertWatcher.check });
    const stopJobs = startJobRunner({
      owner: `${hostname()}:${process.pid}:${randomUUID()}`,
      handlers: {
        [SLA_CHECK_JOB]: createSlaCheckHandler(publisher),
        [SATISFACTION_SURVEY_JOB]: createSatisfactionSurveyHandler({ publisher, twilio }),
        [ARCHIVE_CALL_JOB]: archiveEndedCall,
        [SIMULATED_PARTY_JOB]: createSimulatedPartyHandler({ publisher, twilio }),
        [CALL_OFFER_TIMEOUT_JOB]: createCallOfferTimeoutHandler({ publisher, twilio }),
        [WRAP_UP_END_JOB]: createWrapUpEndHandler(publisher),
        [ARTICLE_FOLD_JOB]: foldSavedArticle,
        [RETENTION_JOB]: createRetentionJobHandler({ publisher, twilio }),
      },
      logger,
    });
    logger.info({ url: config.PUBLIC_URL, port: (httpServer.address() as { port: number }).port }, 'Mowakaba is listening');

    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      const force = setTimeout(() => httpServer.closeAllConnections(), SHUTDOWN_TIMEOUT_MS);
      const cleanupStopped = Promise.all([stopCleanup(), stopRecovery()]);
      // The feed's followers (all of them stop with the hub) and the live board finish what they
      // are doing, so that nothing reads or writes after the database connection closes.
      const followersStopped = Promise.all([hub.detach(), stopLiveBroadcast()]);
      alertWatcher.stop();
      await stopJobs();
      await cleanupStopped;
      await dashboardFeed.settled();
      await followersStopped;
      // io.close() disconnects the sockets and closes the HTTP server, which waits for requests in flight.
      await new Promise<void>((resolveClose) => {
        void io.close(() => resolveClose());
        httpServer.closeIdleConnections();
      });
      clearTimeout(force);
      await closeRedis?.();
      modules.stop();
      await database.close();
      logger.info('stopped');
      process.exit(0);
    };
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    process.once('SIGINT', () => void shutdown('SIGINT'));
  }
}

function listen(fetch: Parameters<typeof serve>[0]['fetch'], port: number, hostname: string): Promise<HttpServer> {
  return new Promise((resolveListen, rejectListen) => {
    const server = serve({ fetch, port, hostname }) as HttpServer;
    server.once('listening', () => resolveListen(server));
    server.once('error', rejectListen);
  });
}

/** One sentence for problems a person can fix; the stack only for real bugs. */
function describeStartupFailure(error: unknown): string {
  if (error instanceof ConfigError) return `Mowakaba cannot start: ${error.problems.join('; ')}.`;
  if (error instanceof EmbeddedDatabaseError) return `Mowakaba cannot start: ${error.message}`;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return 'Mowakaba cannot start: the port is already in use; stop the other server or set PORT.';
  if (error instanceof Error && /Mongo|ECONNREFUSED|ENOTFOUND/.test(`${error.name} ${error.message}`)) {
    return `Mowakaba cannot start: the database does not answer (${error.message}); check MONGODB_URI.`;
  }
  return `Mowakaba cannot start: ${error instanceof Error ? error.message : String(error)}`;
}

main().catch((error: unknown) => {
  process.stderr.write(`${describeStartupFailure(error)}\n`);
  process.exit(1);
});

