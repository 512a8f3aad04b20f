import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { callKeys } from '../calls/call-keys';
import { dashboardKeys } from '../dashboard/dashboard-keys';
import { alertKeys } from '../dashboard/use-dashboard-alerts';
import { presenceKeys } from '../presence/presence-keys';
import { ticketKeys } from '../tickets/ticket-keys';

/**
 * What events keep current. Not the rest of `['tickets']`: reading a ticket's contact again would
 * log one more reveal in the audit.
 */
const LIVE_KEPT_KEYS: QueryKey[] = [
  ticketKeys.lists(),
  ticketKeys.details(),
  ['tickets', 'timeline'],
  callKeys.waiting(),
  callKeys.callbacks(),
  callKeys.details(),
  presenceKeys.me,
  presenceKeys.all,
  dashboardKeys.live(),
  alertKeys.active,
];

/** A ticket's contact (`ticketKeys.contact`): each read is a reveal in the audit, so it is never read again unasked. */
export const isContactQuery = (queryKey: QueryKey) => queryKey[0] === 'tickets' && queryKey[2] === 'contact';

/**
 * Reads again what events keep current, once the console joined rooms it was not in: the events
 * those rooms sent before the join never reached it. A read still on its way is started again, not
 * waited for: the server may have answered it before the join.
 */
export async function readLiveKeptAgain(queryClient: QueryClient): Promise<void> {
  await Promise.all(
    LIVE_KEPT_KEYS.map(async (queryKey) => {
      await queryClient.cancelQueries({ queryKey });
      await queryClient.invalidateQueries({ queryKey });
    }),
  );
}
