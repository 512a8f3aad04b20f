import type { TCallControl } from '@mowakaba/shared/schemas/calls';
import type { CallFactInput } from './call-outcome.js';

/**
 * Simulation mode has no Twilio to ring the association an agent calls back, and `npm run simulate`
 * only plays callers who ring in: the server plays the called party itself. It rings a moment after
 * the call is placed, answers a few seconds later (and the agent's simulated softphone picks up),
 * and the call ends when the agent hangs up — the facts Twilio's status callbacks would have
 * brought, in Twilio's order (initiated, ringing, in-progress, completed).
 */
export const SIMULATED_PARTY_JOB = 'simulated-called-party';
export const SIMULATED_RING_DELAY_MS = 1_000;
export const SIMULATED_ANSWER_DELAY_MS = 4_000;

export type SimulatedPartyStep = 'ringing' | 'answer';

interface PartyCall {
  direction: string;
  phase: string;
  facts: CallFactInput[];
}

const secondsSince = (from: Date | undefined, now: Date) => (from ? Math.max(0, Math.round((now.getTime() - from.getTime()) / 1000)) : 0);
const firstAt = (facts: CallFactInput[], test: (fact: CallFactInput) => boolean) =>
  facts.filter(test).reduce<Date | undefined>((earliest, fact) => (!earliest || fact.at < earliest ? fact.at : earliest), undefined);

/** The agent's simulated softphone legs on the call (`agent-leg:<leg>:<status>`): which answered, which ended. */
function agentLegs(facts: CallFactInput[]) {
  const legs = new Map<string, { answeredAt?: Date; ended: boolean }>();
  for (const fact of facts) {
    if (fact.kind !== 'agent-leg' || !fact.key.startsWith('agent-leg:simulated-')) continue;
    const leg = fact.key.split(':')[1]!;
    const entry = legs.get(leg) ?? { ended: false };
    if (fact.status === 'in-progress') entry.answeredAt = fact.at;
    if (fact.status === 'completed') entry.ended = true;
    legs.set(leg, entry);
  }
  return legs;
}

const legFacts = (leg: string, statuses: Array<'ringing' | 'in-progress'>, now: Date): CallFactInput[] =>
  statuses.map((status, index) => ({ key: `agent-leg:${leg}:${status}`, kind: 'agent-leg', status, at: new Date(now.getTime() + index), sequence: index }));

/** Ends every leg of the agent's softphone still talking, with its duration (what the talk time is made of). */
function endOpenLegs(facts: CallFactInput[], now: Date): CallFactInput[] {
  return [...agentLegs(facts)]
    .filter(([, leg]) => leg.answeredAt && !leg.ended)
    .map(([leg, { answeredAt }]) => ({ key: `agent-leg:${leg}:completed`, kind: 'agent-leg', status: 'completed', at: now, sequence: 2, data: { duration: secondsSince(answeredAt, now) } }));
}

/** The status Twilio reports first, as soon as the call is created. */
export const placedCallFacts = (now: Date): CallFactInput[] => [{ key: 'status:initiated:0', kind: 'status', status: 'initiated', at: now, sequence: 0 }];

/** What one scheduled step of the called party adds to the call; nothing once the call ended or the step was played. */
export function simulatedPartyStep(call: PartyCall, step: SimulatedPartyStep, now: Date): CallFactInput[] {
  if (call.phase === 'ended' || call.direction !== 'outbound') return [];
  if (step === 'ringing') return [{ key: 'status:ringing:1', kind: 'status', status: 'ringing', at: now, sequence: 1 }];
  if (call.facts.some((fact) => fact.kind === 'status' && fact.status === 'in-progress')) return [];
  return [{ key: 'status:in-progress:2', kind: 'status', status: 'in-progress', at: now, sequence: 2 }, ...legFacts('simulated-1', ['ringing', 'in-progress'], now)];
}

/**
 * What Twilio would report after the agent's control, on a call it carries without `npm run simulate`:
 * a hold drops the agent's leg, a resume rings it again (the simulated softphone picks up at once),
 * a hang-up ends the call — `completed` with its duration once answered, `canceled` while it rang.
 */
export function simulatedControlFacts(call: PartyCall, action: TCallControl, now: Date): CallFactInput[] {
  const answeredAt = firstAt(call.facts, (fact) => fact.kind === 'status' && fact.status === 'in-progress');
  if (call.direction !== 'outbound') {
    // An inbound caller was answered by the menu: the call lasted from its first fact.
    if (action !== 'hangup') return [];
    const startedAt = firstAt(call.facts, () => true);
    return [{ key: 'status:completed:simulated', kind: 'status', status: 'completed', at: now, data: { duration: secondsSince(startedAt, now) } }];
  }
  if (action === 'hold') return endOpenLegs(call.facts, now);
  if (action === 'resume') return legFacts(`simulated-${agentLegs(call.facts).size + 1}`, ['ringing', 'in-progress'], now);
  if (action !== 'hangup') return [];
  if (!answeredAt) return [{ key: 'status:canceled:simulated', kind: 'status', status: 'canceled', at: now, sequence: 3 }];
  return [
    ...endOpenLegs(call.facts, now),
    { key: 'status:completed:simulated', kind: 'status', status: 'completed', at: now, sequence: 3, data: { duration: secondsSince(answeredAt, now) } },
  ];
}
