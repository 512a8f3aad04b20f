import type { CallFactInput } from './call-outcome.js';

/**
 * Offers are facts of the call like any other: `offered:<n>` (to one agent, until a time), closed by
 * `offer-declined:<n>`, `offer-missed:<n>` (it rang out) or `offer-ended:<n>` (the call left the
 * queue). Pure functions: what is ringing, who was tried, who rings next.
 */
export interface CallOffer {
  number: number;
  agentId: string;
  expiresAt: Date;
}

const OFFER_CLOSINGS = ['offer-declined', 'offer-missed', 'offer-ended'] as const;

const offerNumber = (fact: CallFactInput) => Number(fact.key.split(':')[1]);
const dataOf = (fact: CallFactInput) => (fact.data ?? {}) as { agentId?: unknown; expiresAt?: unknown };

/** The offer ringing now, if any. */
export function currentOffer(facts: readonly CallFactInput[]): CallOffer | null {
  const last = facts.filter((fact) => fact.kind === 'offered').sort((a, b) => offerNumber(b) - offerNumber(a))[0];
  if (!last) return null;
  const number = offerNumber(last);
  if (facts.some((fact) => OFFER_CLOSINGS.some((kind) => fact.key === `${kind}:${number}`))) return null;
  const { agentId, expiresAt } = dataOf(last);
  return { number, agentId: String(agentId), expiresAt: new Date(String(expiresAt)) };
}

/** The number the next offer of this call takes. */
export const nextOfferNumber = (facts: readonly CallFactInput[]) => facts.filter((fact) => fact.kind === 'offered').length + 1;

/** Agents not to ring again for this call: they declined it, let it ring out, or accepted it and their softphone did not pick up. */
export function skippedAgents(facts: readonly CallFactInput[]): Set<string> {
  const closed = new Set(facts.filter((fact) => fact.kind === 'offer-declined' || fact.kind === 'offer-missed').map(offerNumber));
  const skipped = facts.filter((fact) => fact.kind === 'offered' && closed.has(offerNumber(fact))).map((fact) => String(dataOf(fact).agentId));
  skipped.push(...facts.filter((fact) => fact.kind === 'agent-missed').map((fact) => String(dataOf(fact).agentId)));
  return new Set(skipped);
}

/** An agent who may be rung: available since `since`. */
export interface OfferCandidate {
  userId: string;
  since: string;
}

/**
 * Who rings next: among the candidates not skipped for this call and not ringing for another one,
 * the one idle longest (available the earliest), ties broken by id so every node agrees.
 */
export function chooseOfferedAgent(candidates: readonly OfferCandidate[], skipped: ReadonlySet<string>, ringing: ReadonlySet<string>): string | null {
  const eligible = candidates.filter((candidate) => !skipped.has(candidate.userId) && !ringing.has(candidate.userId));
  eligible.sort((a, b) => a.since.localeCompare(b.since) || a.userId.localeCompare(b.userId));
  return eligible[0]?.userId ?? null;
}
