import type { TDashboardLiveFigures } from '../../../../shared/src/schemas/dashboard';
import { MetricTile } from './metric-tile';

/** The live figures as tiles; `large` for the wallboard. */
export function LiveTiles({ figures, large = false, waitingSince }: { figures: TDashboardLiveFigures; large?: boolean; waitingSince?: number }) {
  return (
    <div className={large ? 'tiles tiles--wall' : 'tiles'}>
      <MetricTile metric="callsWaiting" value={figures.callsWaiting} tone={figures.callsWaiting > 0 ? 'warning' : undefined} large={large} />
      <MetricTile metric="longestWaitSeconds" value={waitingSince ?? figures.longestWaitSeconds} tone={(waitingSince ?? figures.longestWaitSeconds) > 60 ? 'alert' : undefined} large={large} />
      <MetricTile metric="serviceLevel" value={figures.serviceLevel} tone={figures.serviceLevel !== null && figures.serviceLevel < 80 ? 'alert' : undefined} large={large} />
      <MetricTile metric="agentsAvailable" value={figures.agents.available} large={large} />
      <MetricTile metric="callsActive" value={figures.callsActive} large={large} />
      <MetricTile metric="callbacksPending" value={figures.callbacksPending} large={large} />
      <MetricTile metric="callsOffered" value={figures.callsOffered} large={large} />
      <MetricTile metric="callsAnswered" value={figures.callsAnswered} large={large} />
      <MetricTile metric="abandonRate" value={figures.abandonRate} large={large} />
      <MetricTile metric="asaSeconds" value={figures.asaSeconds} large={large} />
      <MetricTile metric="backlog" value={figures.backlog.total} large={large} />
      <MetricTile metric="unassigned" value={figures.unassigned} large={large} />
      <MetricTile metric="slaBreached" value={figures.slaBreached} tone={figures.slaBreached > 0 ? 'alert' : undefined} large={large} />
      <MetricTile metric="slaAtRisk" value={figures.slaAtRisk} tone={figures.slaAtRisk > 0 ? 'warning' : undefined} large={large} />
      <MetricTile metric="ticketsCreated" value={figures.ticketsCreated} large={large} />
      <MetricTile metric="ticketsSolved" value={figures.ticketsSolved} large={large} />
      <MetricTile metric="firstResponseMedianMinutes" value={figures.firstResponseMedianMinutes} large={large} />
    </div>
  );
}
