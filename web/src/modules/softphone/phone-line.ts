import type { TCall, TPlaceCallRequest } from '@mowakaba/shared/schemas/calls';

/** What the line tells the softphone beyond the call's own events. */
export type PhoneLineNotice = { kind: 'audio'; connected: boolean } | { kind: 'error'; message: string };

/**
 * One agent's telephone line, as the softphone sees it. Every action goes through the server (which
 * tells Twilio, or records it in simulation mode); the Twilio line also carries the audio in the
 * browser, the simulated one has none. The softphone component is the same over both.
 */
export interface PhoneLine {
  readonly kind: 'twilio' | 'simulated';
  /** Takes a waiting caller: Twilio rings this browser with exactly that call. */
  answer(callSid: string): Promise<TCall>;
  /** Calls an association back, from a ticket or a callback task. */
  callOut(request: TPlaceCallRequest): Promise<TCall>;
  hold(callSid: string): Promise<TCall>;
  resume(callSid: string): Promise<TCall>;
  transfer(callSid: string, teamId: string): Promise<TCall>;
  hangUp(callSid: string): Promise<TCall>;
  /** Stops expecting a call that left the agent (back in a queue, taken by a colleague) and drops its audio, if any. */
  release(callSid: string): void;
  /** Mutes the agent's microphone (nothing to mute on a simulated line). */
  setMuted(muted: boolean): void;
  subscribe(listener: (notice: PhoneLineNotice) => void): () => void;
  destroy(): void;
}
