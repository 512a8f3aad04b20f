import type { TDashboardLiveFigures } from '@mowakaba/shared/schemas/dashboard';
import { MetricTile } from './metric-tile';

/** The live figures as tiles; `large` for the wallboard; tiles whose alert threshold is crossed are coloured as alerts. */
export function LiveTiles({ figures, large = false, waitingSince, alerted }: { figures: TDashboardLiveFigures; large?: boolean; waitingSince?: number; alerted?: ReadonlySet<string> }) {
  const toneOf = (metric: string, usual: 'alert' | 'warning' | undefined) => (alerted?.has(metric) ? 'alert' : usual);
  return (
    <div className={large ? 'tiles tiles--wall' : 'tiles'}>
      <MetricTile metric="callsWaiting" value={figures.callsWaiting} tone={figures.callsWaiting > 0 ? 'warning' : undefined} large={large} />
      <MetricTile metric="longestWaitSeconds" value={waitingSince ?? figures.longestWaitSeconds} tone={toneOf('longestWaitSeconds', (waitingSince ?? figures.longestWaitSeconds) > 60 ? 'alert' : undefined)} large={large} />
      <MetricTile metric="serviceLevel" value={figures.serviceLevel} tone={toneOf('serviceLevel', figures.serviceLevel !== null && figures.serviceLevel < 80 ? 'alert' : undefined)} large={large} />
      <MetricTile metric="agentsAvailable" value={figures.agents.available} large={large} />
      <MetricTile metric="callsActive" value={figures.callsActive} large={large} />
      <MetricTile metric="callbacksPending" value={figures.callbacksPending} tone={toneOf('callbacksPending', undefined)} large={large} />
      <MetricTile metric="callsOffered" value={figures.callsOffered} large={large} />
      <MetricTile metric="callsAnswered" value={figures.callsAnswered} large={large} />
      <MetricTile metric="abandonRate" value={figures.abandonRate} large={large} />
      <MetricTile metric="asaSeconds" value={figures.asaSeconds} large={large} />
      <MetricTile metric="backlog" value={figures.backlog.total} large={large} />
      <MetricTile metric="unassigned" value={figures.unassigned} large={large} />
      <MetricTile metric="slaBreached" value={figures.slaBreached} tone={toneOf('slaBreached', figures.slaBreached > 0 ? 'alert' : undefined)} large={large} />
      <MetricTile metric="slaAtRisk" value={figures.slaAtRisk} tone={figures.slaAtRisk > 0 ? 'warning' : undefined} large={large} />
      <MetricTile metric="ticketsCreated" value={figures.ticketsCreated} large={large} />
      <MetricTile metric="ticketsSolved" value={figures.ticketsSolved} large={large} />
      <MetricTile metric="firstResponseMedianMinutes" value={figures.firstResponseMedianMinutes} large={large} />
    </div>
  );
}
