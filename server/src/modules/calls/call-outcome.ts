import type { TCallDirection, TCallResult, TTwilioCallStatus } from '@mowakaba/shared/schemas/calls';

/** The shape of a stored fact that derivation reads. */
export interface CallFactInput {
  key: string;
  kind: string;
  status?: string | null;
  at: Date;
  sequence?: number | null;
  data?: unknown;
}

export interface CallOutcome {
  status: TTwilioCallStatus | null;
  statusTimes: Record<string, Date>;
  result: TCallResult | null;
  queueWaitSeconds: number | null;
  talkSeconds: number | null;
  /** The wrap-up of each agent who talked on the call, added up. */
  afterCallWorkSeconds: number | null;
  recording: { sid: string; url: string; durationSeconds: number | null; kind: 'conversation' | 'voicemail' } | null;
  endedAt: Date | null;
  /** Twilio reported a final status: nothing more will happen on this call. */
  ended: boolean;
  /** An agent picked up (a bridged queue, an answered dial). */
  agentAnswered: boolean;
}

const STATUS_RANK: Record<TTwilioCallStatus, number> = {
  queued: 0,
  initiated: 0,
  ringing: 1,
  'in-progress': 2,
  completed: 3,
  busy: 3,
  'no-answer': 3,
  failed: 3,
  canceled: 3,
};

export const isCallStatus = (value: unknown): value is TTwilioCallStatus => typeof value === 'string' && value in STATUS_RANK;

/** Queue results after which the caller expects to be called back (they left the queue by pressing the key, or the queue failed them). */
const CALLBACK_QUEUE_RESULTS = new Set(['leave', 'queue-full', 'error', 'system-error']);

const dataOf = (fact: CallFactInput) => (fact.data ?? {}) as Record<string, unknown>;
const numberOf = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const maxOf = (values: Array<number | null>): number | null => {
  const present = values.filter((value): value is number => value !== null);
  return present.length > 0 ? Math.max(...present) : null;
};

/** Sorts facts into the one order history is shown in: time, then key (ties broken the same way every time). */
export function sortCallFacts<T extends CallFactInput>(facts: T[]): T[] {
  return [...facts].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Everything about a call's outcome, computed from the set of its facts. A pure function of the set
 * (every choice below is a maximum, a minimum or a fixed precedence), so callbacks that arrive late,
 * out of order or twice give the same call.
 */
export function deriveCallOutcome(direction: TCallDirection, facts: CallFactInput[]): CallOutcome {
  const statusFacts = facts.filter((fact) => fact.kind === 'status' && isCallStatus(fact.status));
  const statusTimes: Record<string, Date> = {};
  for (const fact of statusFacts) {
    const previous = statusTimes[fact.status!];
    if (!previous || fact.at < previous) statusTimes[fact.status!] = fact.at;
  }
  // The furthest status wins; Twilio's SequenceNumber, then time, orders statuses of equal rank.
  const latest = statusFacts.reduce<CallFactInput | undefined>((best, fact) => {
    if (!best) return fact;
    const byRank = STATUS_RANK[fact.status as TTwilioCallStatus] - STATUS_RANK[best.status as TTwilioCallStatus];
    const bySequence = (fact.sequence ?? -1) - (best.sequence ?? -1);
    const byTime = fact.at.getTime() - best.at.getTime();
    const byName = fact.status! < best.status! ? -1 : fact.status! > best.status! ? 1 : 0;
    return (byRank || bySequence || byTime || byName) > 0 ? fact : best;
  }, undefined);
  const status = (latest?.status as TTwilioCallStatus | undefined) ?? null;
  const ended = status !== null && STATUS_RANK[status] === 3;

  const queueResults = facts.filter((fact) => fact.kind === 'queue-result').map((fact) => String(dataOf(fact).result ?? ''));
  const dialResults = facts.filter((fact) => fact.kind === 'dial-result');
  const agentLegs = facts.filter((fact) => fact.kind === 'agent-leg');
  const agentAnswered =
    queueResults.includes('bridged') ||
    dialResults.some((fact) => fact.status === 'completed' && (numberOf(dataOf(fact).duration) ?? 1) > 0) ||
    agentLegs.some((fact) => fact.status === 'in-progress' || (fact.status === 'completed' && (numberOf(dataOf(fact).duration) ?? 0) > 0));
  const callbackRequested = facts.some((fact) => fact.kind === 'callback-requested') || queueResults.some((result) => CALLBACK_QUEUE_RESULTS.has(result));

  const recordings = facts
    .filter((fact) => fact.kind === 'recording' && fact.status === 'completed')
    .map((fact) => {
      const data = dataOf(fact);
      return {
        sid: String(data.sid ?? ''),
        url: String(data.url ?? ''),
        durationSeconds: numberOf(data.duration),
        kind: data.kind === 'voicemail' ? ('voicemail' as const) : ('conversation' as const),
      };
    })
    // A voicemail first, then the lowest SID: one recording shown, whatever arrived first.
    .sort((a, b) => (a.kind === b.kind ? (a.sid < b.sid ? -1 : 1) : a.kind === 'voicemail' ? -1 : 1));
  const recording = recordings[0] ?? null;

  let result: TCallResult | null = null;
  if (recording?.kind === 'voicemail') result = 'voicemail';
  else if (agentAnswered) result = 'answered';
  else if (direction === 'outbound') {
    if (status === 'completed') result = 'answered';
    else if (status === 'busy' || status === 'no-answer' || status === 'failed') result = status;
    else if (status === 'canceled') result = 'no-answer';
  } else if (callbackRequested) result = 'callback-requested';
  else if (queueResults.includes('hangup')) result = 'abandoned';
  else if (ended) {
    if (status === 'busy' || status === 'failed' || status === 'no-answer') result = status;
    // Hung up in the menu, in the queue, before the beep, or while the agent's phone rang.
    else result = 'abandoned';
  }

  const queueWaitSeconds =
    maxOf(facts.filter((fact) => fact.kind === 'queue-result').map((fact) => numberOf(dataOf(fact).queueTime))) ?? fallbackQueueWait(facts, statusTimes);
  const talkSeconds =
    maxOf(dialResults.map((fact) => numberOf(dataOf(fact).duration))) ??
    maxOf(agentLegs.filter((fact) => fact.status === 'completed').map((fact) => numberOf(dataOf(fact).duration))) ??
    (direction === 'outbound' && status === 'completed' ? maxOf(statusFacts.map((fact) => numberOf(dataOf(fact).duration))) : null);

  // One `wrap-up` fact per agent (keyed by agent), so a wrap-up reported twice counts once.
  const wrapUps = facts.filter((fact) => fact.kind === 'wrap-up').map((fact) => numberOf(dataOf(fact).seconds) ?? 0);
  const afterCallWorkSeconds = wrapUps.length > 0 ? wrapUps.reduce((sum, seconds) => sum + seconds, 0) : null;

  return {
    status,
    statusTimes,
    result,
    queueWaitSeconds,
    talkSeconds,
    afterCallWorkSeconds,
    recording,
    endedAt: ended && status ? (statusTimes[status] ?? null) : null,
    ended,
    agentAnswered,
  };
}

/** Without Twilio's QueueTime: from the first enqueue to the first acceptance, or to the end. */
function fallbackQueueWait(facts: CallFactInput[], statusTimes: Record<string, Date>): number | null {
  const first = (kind: string) =>
    facts.filter((fact) => fact.kind === kind).reduce<Date | null>((earliest, fact) => (!earliest || fact.at < earliest ? fact.at : earliest), null);
  const enqueuedAt = first('enqueued');
  if (!enqueuedAt) return null;
  const endTimes = Object.entries(statusTimes)
    .filter(([status]) => isCallStatus(status) && STATUS_RANK[status] === 3)
    .map(([, at]) => at.getTime());
  const leftAt = first('accepted') ?? (endTimes.length > 0 ? new Date(Math.min(...endTimes)) : null);
  return leftAt ? Math.max(0, Math.round((leftAt.getTime() - enqueuedAt.getTime()) / 1000)) : null;
}
