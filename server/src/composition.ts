import type { AppDependencies } from './app-env.js';
import { createMailGateway, type MailGateway } from './mail/mail-gateway.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { searchTicketIds } from './modules/ticket-search/index.js';
import type { TicketTextSearch } from './modules/tickets/tickets.service.js';
import { createAppScope, type AppScope } from './platform/app-state.js';
import type { Clock } from './platform/clock.js';
import { getStorage } from './platform/storage/index.js';
import { createTwilioGateway, type TwilioGateway } from './twilio/twilio-gateway.js';

/** Everything one app's routes, sockets and jobs are handed: built once per app by `createModules`. */
export interface Modules extends AppDependencies {
  clock: Clock;
  metrics: Metrics;
  twilio: TwilioGateway;
  mail: MailGateway;
  ticketSearch: TicketTextSearch;
  /**
   * This app's in-memory state (teams, sessions, SLA and settings caches, ticket-number blocks, the
   * call log's days, the ticket search vocabulary, the knowledge base's index copy): HTTP requests,
   * socket events and what `main` starts run inside it, so two apps in one process share none of it.
   */
  scope: AppScope;
  /** Drops this app's state; call when the app stops. */
  stop(): void;
}

/**
 * The one place where an app is wired: the gateways are made once from the configuration (unless
 * given), and the app's own state is created, so that no route, socket handler or job builds what
 * another one needs.
 */
export function createModules(deps: AppDependencies): Modules {
  // Without a storage of its own, the app follows the one the process chooses, even after it is made.
  const clock = deps.clock ?? (deps.storage ?? getStorage()).clock;
  const scope = createAppScope(clock, deps.storage);
  return {
    ...deps,
    clock,
    metrics: deps.metrics ?? createMetrics(),
    twilio: deps.twilio ?? createTwilioGateway(deps.config),
    mail: deps.mail ?? createMailGateway(deps.config),
    // Words in a list's `q` are looked up in the ticket search index.
    ticketSearch: deps.ticketSearch ?? searchTicketIds,
    scope,
    stop: () => scope.stop(),
  };
}
