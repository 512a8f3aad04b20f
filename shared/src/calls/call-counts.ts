import type { TCall } from '../schemas/calls.js';

/**
 * The call figures of the dashboards, one name each. The one definition of which call is behind
 * which figure: the rollups count with it, and the call log filters with it (`counted=`), so a
 * dashboard number and the log it links to agree call for call.
 */
export const CALL_COUNTS = ['offered', 'answered', 'abandoned', 'short-abandon', 'voicemail', 'callback-requested'] as const;
export type TCallCount = (typeof CALL_COUNTS)[number];

type TCountedCall = Pick<TCall, 'direction' | 'queuedAt' | 'createdAt' | 'result' | 'queueWaitSeconds'>;

/** Seconds of queue wait kept one by one; longer waits share the last counter (service-level thresholds stay below it). */
export const MAX_WAIT_SECONDS = 601;

/** The queue wait a figure counts: whole seconds, from 0 to MAX_WAIT_SECONDS. */
export const countedWaitSeconds = (call: Pick<TCall, 'queueWaitSeconds'>) => Math.min(MAX_WAIT_SECONDS, Math.max(0, Math.round(call.queueWaitSeconds ?? 0)));

/** When a call is counted: when it joined the queue, or when it started if it never did (a voicemail). */
export const callCountedAt = (call: Pick<TCall, 'queuedAt' | 'createdAt'>) => call.queuedAt ?? call.createdAt;

/**
 * Whether a call is behind a figure. Offered: inbound and queued; answered and abandoned: offered
 * calls of that result; a short abandon: abandoned after a wait under the team's limit (so it is
 * also an abandon); voicemails and callbacks requested are never answered or abandoned.
 */
export function isCallCountedAs(call: TCountedCall, count: TCallCount, shortAbandonSeconds: number): boolean {
  const offered = call.direction === 'inbound' && call.queuedAt !== null;
  switch (count) {
    case 'offered':
      return offered;
    case 'answered':
      return offered && call.result === 'answered';
    case 'abandoned':
      return offered && call.result === 'abandoned';
    case 'short-abandon':
      return offered && call.result === 'abandoned' && countedWaitSeconds(call) < shortAbandonSeconds;
    case 'voicemail':
      return call.result === 'voicemail';
    case 'callback-requested':
      return call.result === 'callback-requested';
  }
}
