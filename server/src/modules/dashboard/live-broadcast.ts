import { rooms } from '@mowakaba/shared/events';
import type { TDashboardLive } from '@mowakaba/shared/schemas/dashboard';
import type { Logger } from '../../logger.js';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import type { LiveTicketDirectory } from '../tickets/live-ticket-directory.js';
import type { DashboardFeed } from './dashboard-feed.js';
import { getLiveSnapshot } from './get-live-snapshot.js';
import { teamsWithWallboardLinks } from './wallboard-links.store.js';
import { getStorage } from '../../platform/storage/index.js';

export interface LiveBroadcastOptions {
  feed: DashboardFeed;
  /** The realtime hub itself (not the observed publisher: the snapshot is not a fact for the rollups). */
  publisher: Pick<EventPublisher, 'publish'>;
  activeTickets: LiveTicketDirectory;
  logger: Logger;
  now?: () => Date;
  /** At most one `dashboard.live` per this many milliseconds. */
  intervalMs?: number;
  /** Hears each snapshot sent (the alert watcher). */
  onSnapshot?: (snapshot: TDashboardLive) => unknown;
}

/** What `GET /api/dashboard/live?team=` answers, cut from the whole center's snapshot. */
function teamSnapshotOf(snapshot: TDashboardLive, team: TDashboardLive['teams'][number]): TDashboardLive {
  const { teamId: _teamId, name: _name, ...figures } = team;
  return { ...snapshot, totals: figures, teams: [team] };
}

/**
 * Sends `dashboard.live` to supervisors and to the TVs of wallboard links (admins are in their room) after something changes: a call,
 * a ticket, a message, a presence or a rollup write. Changes are coalesced: at most one snapshot a
 * second, the last one always after the last change. No change, no message (consoles never poll).
 */
export function startLiveBroadcast(options: LiveBroadcastOptions): () => Promise<void> {
  const intervalMs = options.intervalMs ?? 1000;
  const now = options.now ?? (() => getStorage().clock.now());
  let timer: NodeJS.Timeout | undefined;
  let lastSentAt = 0;
  let stopped = false;
  let sending: Promise<void> | undefined;
  let changedWhileSending = false;

  const send = async () => {
    timer = undefined;
    try {
      const snapshot = await getLiveSnapshot(options.activeTickets, now());
      if (!stopped) {
        await options.publisher.publish('dashboard.live', snapshot, [rooms.role('supervisor'), rooms.wallboard(null)]);
        // A team's own snapshot goes only where a TV could show it, not through Redis for every team each second.
        const watchedTeams = await teamsWithWallboardLinks();
        for (const team of snapshot.teams) {
          if (watchedTeams.has(team.teamId)) await options.publisher.publish('dashboard.live', teamSnapshotOf(snapshot, team), [rooms.wallboard(team.teamId)]);
        }
        void options.onSnapshot?.(snapshot);
      }
    } catch (error) {
      options.logger.warn({ err: error }, 'live dashboard not sent');
    } finally {
      // Counted from when the snapshot left, not from the start of its computation or its publishing
      // (which waits on the database): consoles receive two snapshots at least a second apart.
      lastSentAt = Date.now();
      sending = undefined;
      if (changedWhileSending) {
        changedWhileSending = false;
        schedule();
      }
    }
  };

  function schedule() {
    if (stopped || timer) return;
    if (sending) {
      changedWhileSending = true;
      return;
    }
    timer = setTimeout(() => {
      sending = send();
    }, Math.max(0, lastSentAt + intervalMs - Date.now()));
    timer.unref();
  }

  options.feed.onChange(() => schedule());
  // Stopping waits for a snapshot under way, which reads the database.
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await sending;
  };
}
