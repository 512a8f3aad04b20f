import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { TDashboardLive } from '@mowakaba/shared/schemas/dashboard';
import { apiRequest } from '../../lib/api-client';
import { LiveConnection } from '../../lib/live-connection';
import { dashboardKeys } from './dashboard-keys';

/** A TV's live figures through its wallboard link: fetched once, replaced by each `dashboard.live`, refetched after a reconnect. */
export function useWallboardLinkLive(token: string) {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);
  const queryKey = dashboardKeys.wallboardLink(token);
  const live = useQuery({
    queryKey,
    queryFn: () => apiRequest<TDashboardLive>('/api/wallboard/live', { headers: { Authorization: `Bearer ${token}` } }),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  useEffect(() => {
    const key = dashboardKeys.wallboardLink(token);
    const connection = new LiveConnection(
      {
        onEvent: (envelope) => {
          if (envelope.event === 'dashboard.live') queryClient.setQueryData(key, envelope.payload);
        },
        onStale: () => void queryClient.invalidateQueries({ queryKey: key }),
        onViewers: () => undefined,
        // Refetched on every change of connection: after a reconnect for what was missed, after a
        // disconnect to learn whether the link was revoked (the server does not let the TV back).
        onStatus: (isConnected) => {
          setConnected(isConnected);
          void queryClient.invalidateQueries({ queryKey: key });
        },
      },
      { wallboardToken: token },
    );
    return () => connection.close();
  }, [token, queryClient]);
  return { live, connected };
}
