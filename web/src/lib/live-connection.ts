import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, TEventEnvelope, THandshakeRateLimited, TLiveEnvelope, TViewingNotice } from '@mowakaba/shared/events';

type ConsoleSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveConnectionHandlers {
  onEvent: (envelope: TEventEnvelope | TLiveEnvelope) => void;
  /** The console may have missed events it cannot replay: refetch what is on screen. */
  onStale: () => void;
  /**
   * The console joined rooms it was not in (page load, a new team): events they sent before the join
   * never reached it, so what it read of what events keep current may be behind.
   */
  onJoinedRooms?: () => void;
  onViewers: (notice: TViewingNotice) => void;
  onStatus: (connected: boolean) => void;
  /** The server makes this console wait this long before it connects again (its address failed the handshake too often). */
  onRetryLater?: (retryAfterSeconds: number) => void;
}

const REMEMBERED_EVENT_IDS = 500;
/** The longest wait between two attempts while the server answers that it cannot check the handshake. */
const UNAVAILABLE_RETRY_MAX_MS = 30_000;

/**
 * The one socket of the console. Tracks the last number seen in each room; on a gap or a reconnect
 * it asks the server for what it missed, and falls back to a refetch when that is too old.
 */
export class LiveConnection {
  private readonly socket: ConsoleSocket;
  private readonly lastSeq = new Map<string, number>();
  private readonly seenIds: string[] = [];
  /** The ticket this console has open: viewers' rooms are left on disconnect, so it is viewed again on reconnect. */
  private viewedTicketId: string | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private unavailableRefusals = 0;

  /** With `wallboardToken`, a TV's socket: no session, only `dashboard.live` reaches it. `url` is the page's own server unless given. */
  constructor(
    private readonly handlers: LiveConnectionHandlers,
    options: { wallboardToken?: string; url?: string } = {},
  ) {
    const socketOptions = { path: '/socket.io', transports: ['websocket'], withCredentials: true, ...(options.wallboardToken ? { auth: { wallboardToken: options.wallboardToken } } : {}) };
    this.socket = options.url ? io(options.url, socketOptions) : io(socketOptions);
    this.socket.on('connect_error', (error) => {
      // socket.io tries again by itself after a lost transport, never after the server refused the handshake.
      if (this.socket.active) return;
      const refusal = (error as Error & { data?: Partial<THandshakeRateLimited> }).data;
      if (refusal?.code === 'rate-limited') {
        const retryAfterSeconds = refusal.retryAfterSeconds ?? 1;
        this.tryAgainIn(retryAfterSeconds * 1_000);
        handlers.onRetryLater?.(retryAfterSeconds);
      } else if (error.message === 'unavailable') {
        // The server could not check the handshake (its database is away): again and again, backing off, until it can.
        this.tryAgainIn(Math.min(UNAVAILABLE_RETRY_MAX_MS, 1_000 * 2 ** this.unavailableRefusals));
        this.unavailableRefusals += 1;
      }
    });
    this.socket.on('connect', () => {
      this.unavailableRefusals = 0;
      if (this.viewedTicketId) this.socket.emit('ticket.view', { ticketId: this.viewedTicketId, activity: 'viewing' });
      handlers.onStatus(true);
    });
    this.socket.on('disconnect', () => handlers.onStatus(false));
    this.socket.on('welcome', (rooms) => this.welcome(rooms));
    this.socket.on('event', (envelope) => this.receive(envelope));
    this.socket.on('event.live', (envelope) => this.deliver(envelope));
    this.socket.on('ticket.viewers', handlers.onViewers);
  }

  /** One attempt after `delayMs`, spread over a second more so the consoles behind one address do not all come back at once. */
  private tryAgainIn(delayMs: number): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.socket.connect(), delayMs + Math.random() * 1_000);
  }

  private welcome(rooms: Record<string, number>): void {
    const behind: Record<string, number> = {};
    let joinedNewRoom = false;
    for (const [room, current] of Object.entries(rooms)) {
      const last = this.lastSeq.get(room);
      if (last === undefined) {
        this.lastSeq.set(room, current);
        joinedNewRoom = true;
      } else if (current > last) behind[room] = last;
    }
    if (Object.keys(behind).length > 0) this.catchUp(behind);
    // What the screens read before the join may miss what the room sent before it (a caller queued while the console connected).
    if (joinedNewRoom) this.handlers.onJoinedRooms?.();
  }

  private receive(envelope: TEventEnvelope): void {
    const last = this.lastSeq.get(envelope.room);
    if (last !== undefined && envelope.seq <= last) return;
    if (last !== undefined && envelope.seq > last + 1) {
      this.catchUp({ [envelope.room]: last });
      return;
    }
    this.lastSeq.set(envelope.room, envelope.seq);
    this.deliver(envelope);
  }

  private deliver(envelope: TEventEnvelope | TLiveEnvelope): void {
    // One event sent to several of our rooms arrives once per room.
    if (this.seenIds.includes(envelope.id)) return;
    this.seenIds.push(envelope.id);
    if (this.seenIds.length > REMEMBERED_EVENT_IDS) this.seenIds.shift();
    this.handlers.onEvent(envelope);
  }

  private catchUp(rooms: Record<string, number>): void {
    this.socket.emit('sync', { rooms }, (response) => {
      let stale = false;
      for (const [room, answer] of Object.entries(response.rooms)) {
        if ('snapshot' in answer) stale = true;
        else for (const envelope of answer.events) this.deliver(envelope);
        this.lastSeq.set(room, answer.lastSeq);
      }
      if (stale) this.handlers.onStale();
    });
  }

  viewTicket(ticketId: string, activity: TViewingNotice['activity']): void {
    if (activity === 'left') {
      if (this.viewedTicketId === ticketId) this.viewedTicketId = null;
    } else {
      this.viewedTicketId = ticketId;
    }
    this.socket.emit('ticket.view', { ticketId, activity });
  }

  close(): void {
    clearTimeout(this.retryTimer);
    this.socket.close();
  }
}
