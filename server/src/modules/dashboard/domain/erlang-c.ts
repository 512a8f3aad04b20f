/**
 * Erlang C (M/M/N queue): callers arrive at random, wait in one queue in order, and are served by
 * `agents` identical agents. Traffic intensity A = arrival rate × average handling time (Erlangs).
 */
export interface TErlangCInput {
  /** Calls arriving in `periodSeconds`. */
  calls: number;
  periodSeconds: number;
  /** Average handling time of a call, in seconds. */
  ahtSeconds: number;
}

/** Offered traffic in Erlangs: how many agents would be busy all the time. */
export function trafficIntensityOf({ calls, periodSeconds, ahtSeconds }: TErlangCInput): number {
  return (calls / periodSeconds) * ahtSeconds;
}

/**
 * The probability that a caller waits at all with `agents` agents and `erlangs` of traffic (1 when the
 * agents cannot keep up). Computed through the Erlang B recursion, which stays exact where A^N / N!
 * would overflow.
 */
export function probabilityOfWaiting(agents: number, erlangs: number): number {
  if (erlangs <= 0) return 0;
  if (agents <= erlangs) return 1;
  let erlangB = 1;
  for (let servers = 1; servers <= agents; servers += 1) erlangB = (erlangs * erlangB) / (servers + erlangs * erlangB);
  return (agents * erlangB) / (agents - erlangs * (1 - erlangB));
}

/** The share (0–1) of callers answered within `thresholdSeconds` with `agents` agents. */
export function serviceLevelOf(agents: number, input: TErlangCInput, thresholdSeconds: number): number {
  const erlangs = trafficIntensityOf(input);
  if (erlangs <= 0) return 1;
  if (agents <= erlangs) return 0;
  return 1 - probabilityOfWaiting(agents, erlangs) * Math.exp((-(agents - erlangs) * thresholdSeconds) / input.ahtSeconds);
}

/** Average speed of answer, in seconds, with `agents` agents (Infinity when they cannot keep up). */
export function averageSpeedOfAnswerOf(agents: number, input: TErlangCInput): number {
  const erlangs = trafficIntensityOf(input);
  if (erlangs <= 0) return 0;
  if (agents <= erlangs) return Infinity;
  return (probabilityOfWaiting(agents, erlangs) * input.ahtSeconds) / (agents - erlangs);
}

/**
 * The fewest agents who answer at least `targetPercent` of callers within `thresholdSeconds` (0 when
 * no call is expected). Agents on the phone only: breaks, training and absence come on top.
 */
export function agentsNeededFor(input: TErlangCInput, thresholdSeconds: number, targetPercent: number): number {
  const erlangs = trafficIntensityOf(input);
  if (erlangs <= 0) return 0;
  let agents = Math.max(1, Math.floor(erlangs) + 1);
  while (serviceLevelOf(agents, input, thresholdSeconds) * 100 < targetPercent) agents += 1;
  return agents;
}
