import type mongoose from 'mongoose';
import type { Config } from './config.js';
import type { DatabaseAvailability } from './database/database-availability.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics/metrics.js';
import type { Clock } from './platform/clock.js';
import type { Storage } from './platform/storage/storage.js';
import type { LiveTicketDirectory } from './modules/tickets/live-ticket-directory.js';
import type { TicketTextSearch } from './modules/tickets/tickets.service.js';
import type { EventPublisher } from './realtime/event-publisher.js';
import type { ChangeFeed } from './platform/events/change-feed.js';
import type { TwilioGateway } from './twilio/twilio-gateway.js';
import type { MailGateway } from './mail/mail-gateway.js';
import type { SessionSettings } from './modules/auth/sessions.service.js';
import type { UserDocument } from './modules/users/user.model.js';

/** What createApp needs from the process; tests build it with their own database. */
export interface AppDependencies {
  config: Config;
  logger: Logger;
  connection: mongoose.Connection;
  /**
   * The storage seam this app's modules write through (every `getStorage()` inside the app answers
   * it); the one chosen when the process connected when absent.
   */
  storage?: Storage;
  sessionSettings: SessionSettings;
  publisher: EventPublisher;
  /** This node's ticket directory: every list, take-next and waiting-call suggestion reads it. */
  ticketDirectory: LiveTicketDirectory;
  /**
   * This node's change feed, for modules that act on other modules' changes from any node (call
   * routing follows agents becoming available); without it they do not (benchmarks of one path).
   */
  changeFeed?: ChangeFeed;
  /** Finds tickets by the words of a list's `q`; the subject match when absent. */
  ticketSearch?: TicketTextSearch;
  /** Folder of the built web app; when absent, only the API is served. */
  webDistDir?: string;
  /** Twilio (real or simulated); built from `config` when absent. */
  twilio?: TwilioGateway;
  /** E-mail (SMTP or simulated); built from `config` when absent. */
  mail?: MailGateway;
  /** Whether the database is up right now; built from `connection` when absent. */
  databaseAvailability?: DatabaseAvailability;
  /** Prometheus metrics of this process; a fresh registry when absent. */
  metrics?: Metrics;
  /** The current time, for business hours; tests fix it. */
  now?: () => Date;
  /** The clock of this app's caches; the system clock when absent, a manual one in tests that move time. */
  clock?: Clock;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    user: UserDocument | undefined;
    sessionToken: string | undefined;
  };
}
