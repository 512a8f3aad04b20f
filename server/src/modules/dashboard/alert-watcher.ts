import { DateTime } from 'luxon';
import { TIME_ZONE } from '@mowakaba/shared/constants';
import { rooms } from '@mowakaba/shared/events';
import type { TDashboardLive } from '@mowakaba/shared/schemas/dashboard';
import type { TAlertSettings, TDashboardAlert } from '@mowakaba/shared/schemas/dashboard-alerts';
import type { Logger } from '../../logger.js';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import type { TwilioGateway } from '../../twilio/twilio-gateway.js';
import type { LiveTicketDirectory } from '../tickets/live-ticket-directory.js';
import { deleteActiveAlert, getAlertSettings, insertActiveAlert, listActiveAlerts, setAlertSms } from './dashboard-alerts.store.js';
import { getDashboardSettings } from './dashboard.store.js';
import { crossedThresholds, type TAlertCrossing, type TAlertScope } from './domain/alert-crossings.js';
import { alertSmsText } from './domain/alert-sms-text.js';
import { recentServiceLevels } from './domain/recent-service-level.js';
import { serviceLevelRuleOf } from './get-dashboard-history.js';
import { getLiveSnapshot } from './get-live-snapshot.js';
import { readRecentWaitsByTeam } from './read-recent-waits.js';
import { getStorage } from '../../platform/storage/index.js';

/** The service level watched is of the waits that ended in the current minute and the 29 before. */
const SERVICE_LEVEL_WINDOW_MINUTES = 30;

export interface AlertWatcherOptions {
  /** The realtime hub itself, as for `dashboard.live`. */
  publisher: Pick<EventPublisher, 'publish'>;
  twilio: Pick<TwilioGateway, 'sendMessage' | 'simulated'>;
  activeTickets: LiveTicketDirectory;
  logger: Logger;
  now?: () => Date;
  /** While callers wait or the service level is watched, figures change with time alone: checked again this often. */
  recheckMs?: number;
}

export interface AlertWatcher {
  /** Raises the alerts a snapshot crosses and clears those it no longer does. */
  check(snapshot: TDashboardLive): Promise<void>;
  stop(): void;
}

const hasThresholds = (settings: TAlertSettings) => [settings.center, ...Object.values(settings.teams)].some((thresholds) => Object.keys(thresholds).length > 0);
const watchesServiceLevel = (settings: TAlertSettings) => [settings.center, ...Object.values(settings.teams)].some((thresholds) => thresholds.serviceLevel30m !== undefined);

/**
 * Compares the live figures with the thresholds admins set. A crossing raises an alert once — the
 * active alert is a document keyed by scope and metric, so neither a second node nor the next
 * snapshot raises it again while the condition lasts — announced as `dashboard.alert` to supervisors
 * and texted to the supervisor on call; once the figure is back, the alert is cleared and the next
 * crossing raises a new one.
 */
export function startAlertWatcher(options: AlertWatcherOptions): AlertWatcher {
  const now = options.now ?? (() => getStorage().clock.now());
  let running: Promise<void> = Promise.resolve();
  // True until the first check says otherwise: after a restart, a caller may already be waiting.
  let timeBound = true;
  let stopped = false;

  const scopesOf = async (snapshot: TDashboardLive, settings: TAlertSettings): Promise<TAlertScope[]> => {
    let serviceLevels: ReturnType<typeof recentServiceLevels> | null = null;
    if (watchesServiceLevel(settings)) {
      const [rules, waits] = await Promise.all([getDashboardSettings(), readRecentWaitsByTeam(now(), SERVICE_LEVEL_WINDOW_MINUTES)]);
      serviceLevels = recentServiceLevels(waits, (teamId) => serviceLevelRuleOf(rules, teamId));
    }
    const figuresOf = (figures: TDashboardLive['totals'], serviceLevel30m: number | null) => ({
      longestWaitSeconds: figures.longestWaitSeconds,
      slaBreached: figures.slaBreached,
      callbacksPending: figures.callbacksPending,
      serviceLevel30m,
    });
    return [
      { teamId: null, teamName: null, thresholds: settings.center, figures: figuresOf(snapshot.totals, serviceLevels?.center ?? null) },
      ...snapshot.teams
        .filter((team) => settings.teams[team.teamId])
        .map((team) => ({ teamId: team.teamId, teamName: team.name, thresholds: settings.teams[team.teamId]!, figures: figuresOf(team, serviceLevels?.ofTeam(team.teamId) ?? null) })),
    ];
  };

  const textOnCall = async (crossing: TAlertCrossing, phone: string | null): Promise<TDashboardAlert['sms']> => {
    if (!phone) return 'none';
    try {
      await options.twilio.sendMessage({ channel: 'sms', to: phone, body: alertSmsText(crossing) });
      return options.twilio.simulated ? 'simulated' : 'sent';
    } catch (error) {
      options.logger.warn({ err: error, alert: crossing.key }, 'alert SMS to the supervisor on call not sent');
      return 'failed';
    }
  };

  const evaluate = async (snapshot: TDashboardLive) => {
    const [settings, active] = await Promise.all([getAlertSettings(), listActiveAlerts()]);
    timeBound = watchesServiceLevel(settings) || (hasThresholds(settings) && snapshot.totals.callsWaiting > 0);
    if (!hasThresholds(settings) && active.length === 0) return;
    const crossings = crossedThresholds(await scopesOf(snapshot, settings));
    const crossed = new Set(crossings.map((crossing) => crossing.key));
    const activeKeys = new Set(active.map((alert) => alert.key));
    for (const crossing of crossings) {
      if (activeKeys.has(crossing.key)) continue;
      const raisedAt = now();
      const alert: TDashboardAlert = { ...crossing, raisedAt: raisedAt.toISOString(), raisedAtLocalTime: DateTime.fromJSDate(raisedAt, { zone: TIME_ZONE }).toFormat('HH:mm'), sms: 'none' };
      if (!(await insertActiveAlert(alert))) continue;
      alert.sms = await textOnCall(crossing, settings.onCallPhone);
      if (alert.sms !== 'none') await setAlertSms(alert.key, alert.sms);
      await options.publisher.publish('dashboard.alert', { state: 'raised', alert }, [rooms.role('supervisor')]);
    }
    for (const alert of active) {
      if (crossed.has(alert.key) || !(await deleteActiveAlert(alert.key))) continue;
      await options.publisher.publish('dashboard.alert', { state: 'cleared', alert }, [rooms.role('supervisor')]);
    }
  };

  const check = (snapshot: TDashboardLive) => {
    // One evaluation at a time on this node: the next waits for the alerts the previous one stored.
    running = running.then(() => evaluate(snapshot)).catch((error: unknown) => options.logger.warn({ err: error }, 'dashboard alerts not checked'));
    return running;
  };

  const timer = setInterval(() => {
    if (!timeBound || stopped) return;
    void getLiveSnapshot(options.activeTickets, now())
      .then(check)
      .catch((error: unknown) => options.logger.warn({ err: error }, 'dashboard alerts not checked'));
  }, options.recheckMs ?? 5_000);
  timer.unref();

  return {
    check,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
