import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { TAgentPresencePayload, TCallEventPayload, TDashboardAlertPayload, TLiveEnvelope, TMessageEventPayload, TTicketRemovedPayload, TViewingNotice } from '@mowakaba/shared/events';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import type { TUser } from '@mowakaba/shared/schemas/users';
import { LiveConnection } from '../../lib/live-connection';
import { applyCallEvent } from '../calls/apply-call-event';
import { callKeys } from '../calls/call-keys';
import { dashboardKeys } from '../dashboard/dashboard-keys';
import { applyAlertEvent } from '../dashboard/use-dashboard-alerts';
import { notifyUser } from '../notifications/notify-user';
import { presenceKeys } from '../presence/presence-keys';
import { applyTicketToLists } from '../tickets/apply-ticket-to-lists';
import { dropTicketFromLists } from '../tickets/drop-ticket-from-lists';
import { withKnownTicketNumber } from './keep-known-numbers';
import { isContactQuery, readLiveKeptAgain } from './read-live-kept-again';
import { ticketKeys } from '../tickets/ticket-keys';
import { applyDeliveryToPages, refreshTimeline, type TimelinePages } from '../tickets/timeline-cache';

interface LiveContextValue {
  connected: boolean;
  /** Set while the server makes this console wait before connecting again (its address failed too often). */
  retryAfterSeconds: number | null;
  viewers: Record<string, Record<string, TViewingNotice>>;
  viewTicket: (ticketId: string, activity: TViewingNotice['activity']) => void;
}

const LiveContext = createContext<LiveContextValue>({ connected: false, retryAfterSeconds: null, viewers: {}, viewTicket: () => undefined });

export const useLive = () => useContext(LiveContext);

// Lists the events cannot patch are refetched once the burst pauses, and at least this often during one.
const REFETCH_PAUSE_MS = 150;
const REFETCH_MAX_WAIT_MS = 1_000;

/** Keeps the query cache in step with socket events: ticket details replaced, list pages patched from the payload. */
export function LiveProvider({ user, children }: { user: TUser; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);
  const [retryAfterSeconds, setRetryAfterSeconds] = useState<number | null>(null);
  const [viewers, setViewers] = useState<LiveContextValue['viewers']>({});
  const connection = useRef<LiveConnection | null>(null);
  const refetchTimer = useRef<number | undefined>(undefined);

  // A value, not the array: a refetched user with the same teams keeps the connection.
  const teamKey = user.teamIds.join(',');

  useEffect(() => {
    const teamIds = teamKey.split(',').filter(Boolean);
    const pending = new Map<string, QueryKey>();
    let firstPendingAt: number | null = null;
    let everConnected = false;
    const flush = () => {
      const keys = [...pending.values()];
      pending.clear();
      firstPendingAt = null;
      for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey, exact: queryKey.length > 2 });
    };
    const refetchSoon = (keys: QueryKey[]) => {
      if (keys.length === 0) return;
      for (const key of keys) pending.set(JSON.stringify(key), key);
      firstPendingAt ??= Date.now();
      window.clearTimeout(refetchTimer.current);
      refetchTimer.current = window.setTimeout(flush, Math.max(0, Math.min(REFETCH_PAUSE_MS, firstPendingAt + REFETCH_MAX_WAIT_MS - Date.now())));
    };
    const refetchLists = () => refetchSoon([ticketKeys.lists()]);
    const applyTicket = (envelope: TLiveEnvelope) => {
      const { ticket } = envelope.payload as { ticket: TTicket };
      queryClient.setQueryData<TTicket>(ticketKeys.detail(ticket.id), (current) => (current && current.version > ticket.version ? current : withKnownTicketNumber(current, ticket)));
      void refreshTimeline(queryClient, ticket.id);
      // The supervisors' board shows each agent's active tickets (asked only where it is open).
      refetchSoon([...applyTicketToLists(queryClient, ticket, { userId: user.id, teamIds }), presenceKeys.all]);
      const becameMine = ticket.assigneeId === user.id && (envelope.payload as { actorId: string | null }).actorId !== user.id;
      if (becameMine) notifyUser('ticket', ticket.reference, ticket.subject);
    };
    // A message arrived on a ticket, or a reply's delivery changed: the open timeline follows.
    const applyMessage = (envelope: TLiveEnvelope) => {
      const { message } = envelope.payload as TMessageEventPayload;
      if (!message.ticketId) return;
      const key = ticketKeys.timeline(message.ticketId);
      const current = queryClient.getQueryData<TimelinePages>(key);
      const updated = envelope.event === 'message.updated' && current ? applyDeliveryToPages(current, message) : undefined;
      if (updated) queryClient.setQueryData(key, updated);
      // Read the newest page too: a refresh already on its way (after a ticket change) may have been
      // answered before this report; refreshes run one after the other, so this one sees it.
      void refreshTimeline(queryClient, message.ticketId);
    };
    const live = new LiveConnection({
      onEvent: (envelope) => {
        if (envelope.event === 'ticket.created' || envelope.event === 'ticket.updated') applyTicket(envelope);
        if (envelope.event === 'ticket.removed') refetchSoon(dropTicketFromLists(queryClient, (envelope.payload as TTicketRemovedPayload).ticketId));
        if (envelope.event === 'message.received' || envelope.event === 'message.updated') applyMessage(envelope);
        if (envelope.event === 'sla.warning') refetchLists();
        if (envelope.event === 'call.queued' || envelope.event === 'call.updated') {
          const { call } = envelope.payload as TCallEventPayload;
          applyCallEvent(queryClient, call);
          if (envelope.event === 'call.queued') notifyUser('call', call.from, '');
          // A recording or result arrives after the call entry was written.
          if (envelope.event === 'call.updated' && call.ticketId) void refreshTimeline(queryClient, call.ticketId);
        }
        // The callback list is read again (it is a short page) whenever a task is created, claimed, closed or dropped.
        if (envelope.event === 'callback.updated' || envelope.event === 'callback.removed') void queryClient.invalidateQueries({ queryKey: callKeys.callbacks() });
        if (envelope.event === 'agent.presence') {
          void queryClient.invalidateQueries({ queryKey: ['presence'] });
          const change = envelope.payload as TAgentPresencePayload;
          if (change.userId === user.id && change.setBy) queryClient.setQueryData(presenceKeys.supervisorChange, change);
        }
        if (envelope.event === 'dashboard.live') queryClient.setQueryData(dashboardKeys.live(), envelope.payload);
        if (envelope.event === 'dashboard.alert') applyAlertEvent(queryClient, envelope.payload as TDashboardAlertPayload);
      },
      // Everything on screen but a ticket's contact, whose every read is a reveal in the audit.
      onStale: () => void queryClient.invalidateQueries({ predicate: (query) => !isContactQuery(query.queryKey) }),
      onJoinedRooms: () => void readLiveKeptAgain(queryClient),
      onViewers: (notice) =>
        setViewers((current) => {
          const forTicket = { ...(current[notice.ticketId] ?? {}) };
          if (notice.activity === 'left') delete forTicket[notice.userId];
          else forTicket[notice.userId] = notice;
          return { ...current, [notice.ticketId]: forTicket };
        }),
      onRetryLater: setRetryAfterSeconds,
      onStatus: (isConnected) => {
        setConnected(isConnected);
        if (isConnected) setRetryAfterSeconds(null);
        const reconnected = isConnected && everConnected;
        everConnected ||= isConnected;
        // Back from a cut: what is on screen may be old (the first connection's welcome reads it again).
        if (reconnected) refetchLists();
      },
    });
    connection.current = live;
    return () => {
      window.clearTimeout(refetchTimer.current);
      live.close();
    };
  }, [queryClient, user.id, teamKey]);

  return (
    <LiveContext.Provider value={{ connected, retryAfterSeconds, viewers, viewTicket: (ticketId, activity) => connection.current?.viewTicket(ticketId, activity) }}>
      {children}
    </LiveContext.Provider>
  );
}
