import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { createApp, type App } from '../../server/src/app.js';
import type { AppDependencies } from '../../server/src/app-env.js';
import { createModules, type Modules } from '../../server/src/composition.js';
import { loadConfig, type Config } from '../../server/src/config.js';
import { createLogger } from '../../server/src/logger.js';
import type { SessionSettings } from '../../server/src/modules/auth/sessions.service.js';
import { createLiveTicketDirectory, type LiveTicketDirectory } from '../../server/src/modules/tickets/live-ticket-directory.js';
import { createRealtimeHub, type RealtimeHub } from '../../server/src/realtime/realtime-hub.js';

export const TEST_PUBLIC_URL = 'http://localhost:3000';

export interface TestApp {
  app: App;
  /** What the app was built from: its gateways, clock and own state. */
  modules: Modules;
  hub: RealtimeHub;
  ticketDirectory: LiveTicketDirectory;
  config: Config;
  sessionSettings: SessionSettings;
}

// The apps made for the running test file. Their change feeds poll the database every half second
// until stopped: the file's database helper stops them with the file, as the end of the file's own
// process did when each file ran in one.
const openTestApps = new Set<TestApp>();

/** Stops the change feeds (and what follows them) of every app made since the last call, except those kept. */
export function closeTestApps(keep: ReadonlySet<TestApp> = new Set()): void {
  for (const testApp of openTestApps) {
    if (keep.has(testApp)) continue;
    testApp.hub.detach();
    testApp.modules.stop();
    openTestApps.delete(testApp);
  }
}

/** The test app an `App` belongs to, while it is open. */
export function testAppOf(app: App): TestApp | undefined {
  return [...openTestApps].find((testApp) => testApp.app === app);
}

/** The apps open now: those a file's `beforeAll` made, when asked before its first test. */
export function openTestAppsNow(): ReadonlySet<TestApp> {
  return new Set(openTestApps);
}

/**
 * The real application on the test file's database, without listening on a port. `extra` adds
 * dependencies built from the configuration and the hub (a Twilio gateway, a fixed clock, an observed publisher).
 */
export function createTestApp(
  environment: Record<string, string> = {},
  sessionSecret = randomBytes(32).toString('hex'),
  extra: (config: Config, hub: RealtimeHub) => Partial<AppDependencies> = () => ({}),
): TestApp {
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: TEST_PUBLIC_URL, LOG_LEVEL: 'silent', ...environment });
  const sessionSettings = { secret: sessionSecret, ttlMs: config.SESSION_TTL_HOURS * 3_600_000 };
  const logger = createLogger(config.LOG_LEVEL);
  const hub = createRealtimeHub({ logger });
  const ticketDirectory = createLiveTicketDirectory(hub.feed);
  const modules = createModules({
    config,
    logger,
    connection: mongoose.connection,
    sessionSettings,
    publisher: hub,
    ticketDirectory,
    changeFeed: hub.feed,
    ...extra(config, hub),
  });
  const app = createApp(modules);
  const testApp = { app, modules, hub, ticketDirectory, config, sessionSettings };
  openTestApps.add(testApp);
  return testApp;
}
