import { useEffect, useState } from 'react';
import type { TDashboardLive } from '@mowakaba/shared/schemas/dashboard';

/** The longest wait counted on in the browser between snapshots (no event comes while callers only wait). */
export function useTickingWait(live: TDashboardLive | undefined): number | undefined {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  if (!live || live.totals.callsWaiting === 0) return live?.totals.longestWaitSeconds;
  return live.totals.longestWaitSeconds + Math.max(0, Math.floor((now - Date.parse(live.at)) / 1000));
}
