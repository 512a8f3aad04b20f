// Routing waiting callers: each is offered to one available agent at a time, who answers, declines or lets it ring out.
import type { TCall } from '@mowakaba/shared/schemas/calls';
import { AppError, notFound } from '../../errors.js';
import { scheduleJob, type JobHandler } from '../../jobs/job-runner.js';
import type { ChangeFeed, FeedFollower } from '../../platform/events/change-feed.js';
import { getStorage } from '../../platform/storage/index.js';
import { assertWorkAccess } from '../../access/access-rule.js';
import { followAgentsBecomingAvailable, listAgentPresences, recordMissedOffer } from '../presence/presence.service.js';
import { getTeams } from '../teams/teams.service.js';
import type { TicketActor } from '../tickets/tickets.service.js';
import { chooseOfferedAgent, currentOffer, nextOfferNumber, skippedAgents } from './call-offer.js';
import { type CallSeed, type CallServiceDeps, announceCallChange, changeCall, findStoredCall, toCallDto } from './call-record.js';
import { getVoiceSettings } from './voice-settings.service.js';
import { readWaitingCalls, refreshWaitingEntry, verifyWaitingEntry, type WaitingCall } from './waiting-calls.js';

export const CALL_OFFER_TIMEOUT_JOB = 'call-offer-timeout';

// One routing decision at a time across every node: two waiting callers never ring the same agent.
const ROUTING_MUTEX = 'call-routing';
const SEED: CallSeed = { direction: 'inbound', from: '', to: '' };
/** How long past its ring timeout an offer may still be listed before the pass checks it against the call. */
const OVERDUE_OFFER_MS = 30_000;

/**
 * Offers every waiting caller not ringing anyone to an available agent: a member of the queue's team
 * (any agent for a call in no team), never one already ringing for another caller or skipped for
 * this one, the one idle longest first. Each offer rings for the admins' ring timeout; a stored job
 * then moves the call on. A caller nobody can take keeps waiting until an agent becomes available.
 */
export async function offerWaitingCalls(deps: CallServiceDeps): Promise<void> {
  const offered = await getStorage().withMutex([ROUTING_MUTEX], async (fence) => {
    const waiting = await readCheckedWaitingCalls();
    const ringing = new Set(waiting.map((call) => call.offer?.agentId).filter((agentId): agentId is string => !!agentId));
    const unoffered = waiting.filter((call) => !call.offer);
    if (unoffered.length === 0) return [];
    const [statuses, teams, settings] = await Promise.all([listAgentPresences(), getTeams(), getVoiceSettings()]);
    const available = statuses.filter((status) => status.state === 'available');
    const results = [];
    for (const call of unoffered) {
      // Only those who may work the call are rung: its team's members (none left if the team was deleted: a supervisor picks it), anyone for a call in no team.
      const team = call.teamId ? teams.find((candidate) => candidate._id.toString() === call.teamId) : undefined;
      const members = call.teamId ? new Set(team?.memberIds.map((id) => id.toString())) : null;
      const agentId = chooseOfferedAgent(
        available.filter((status) => !members || members.has(status.userId)),
        new Set(call.skippedAgentIds),
        ringing,
      );
      if (!agentId) continue;
      await fence.assertHeld();
      const now = getStorage().clock.now();
      const expiresAt = new Date(now.getTime() + settings.ringTimeoutSeconds * 1000);
      let number = 0;
      const result = await changeCall(call.callSid, SEED, (current) => {
        // Read again under the call's lock: the caller may have hung up or been picked by a supervisor.
        if (current?.phase !== 'queued' || currentOffer(current.facts)) return undefined;
        // The agent was chosen from the list's summary: rung only if the call itself agrees (a lost list write leaves it behind).
        if ((current.teamId?.toString() ?? null) !== call.teamId || skippedAgents(current.facts).has(agentId)) return undefined;
        number = nextOfferNumber(current.facts);
        return { facts: [{ key: `offered:${number}`, kind: 'offered', at: now, data: { agentId, expiresAt: expiresAt.toISOString() } }] };
      }, deps.publisher);
      if (!result.changed) {
        // The list was behind the call (a change whose list write was lost): it follows the call now.
        await refreshWaitingEntry(call, result.after);
        continue;
      }
      ringing.add(agentId);
      await scheduleJob(`${CALL_OFFER_TIMEOUT_JOB}:${call.callSid}:${number}`, CALL_OFFER_TIMEOUT_JOB, expiresAt, { callSid: call.callSid, number });
      results.push(result);
    }
    return results;
  });
  for (const result of offered) await announceCallChange(result, deps.publisher);
}

/**
 * The waiting callers as listed, except that an offer whose ring timeout passed long ago (its job
 * should have closed it) is checked against the call: a lost list write must not keep an agent
 * counted as ringing, nor a caller as waiting, for good.
 */
async function readCheckedWaitingCalls(): Promise<WaitingCall[]> {
  const now = getStorage().clock.now().getTime();
  const listed = await readWaitingCalls();
  const checked = await Promise.all(listed.map((call) => (call.offer && call.offer.expiresAt.getTime() + OVERDUE_OFFER_MS < now ? verifyWaitingEntry(call) : call)));
  return checked.filter((call): call is WaitingCall => call !== null);
}

/**
 * A routing pass from a path that must not fail because of it (a webhook answering the caller, a
 * presence change): a pass that fails is made again at the caller's next wait-page poll.
 */
export function routeWaitingCalls(deps: CallServiceDeps): Promise<void> {
  return offerWaitingCalls(deps).catch(() => undefined);
}

/**
 * Every agent who becomes available, on any node, gets the callers waiting for them: each node
 * follows the change feed, and a routing pass started by several nodes for one change takes turns
 * under the routing mutex (the later ones find nothing left to offer).
 */
export function routeCallsToAvailableAgents(feed: ChangeFeed, deps: CallServiceDeps): FeedFollower {
  return followAgentsBecomingAvailable(feed, () => routeWaitingCalls(deps));
}

/** The job run when an offer's ring timeout passed: the agent missed it, and the next agent is offered the call. */
export function createCallOfferTimeoutHandler(deps: CallServiceDeps): JobHandler {
  return async (job, _now, { fence }) => {
    const callSid = String(job.payload.callSid);
    const number = Number(job.payload.number);
    let missedBy: string | null = null;
    const result = await changeCall(callSid, SEED, (call) => {
      const offer = call?.phase === 'queued' ? currentOffer(call.facts) : null;
      if (offer?.number !== number) return undefined;
      missedBy = offer.agentId;
      return { facts: [{ key: `offer-missed:${number}`, kind: 'offer-missed', at: getStorage().clock.now(), data: { agentId: offer.agentId } }] };
    }, deps.publisher, { fence });
    await announceCallChange(result, deps.publisher);
    if (missedBy) await recordMissedOffer(missedBy, deps.publisher);
    await offerWaitingCalls(deps);
  };
}

/** The agent the call rings for declines it: it rings the next agent, never this one again. */
export async function declineCallOffer(callSid: string, actor: TicketActor, deps: CallServiceDeps): Promise<TCall> {
  const waiting = await findStoredCall(callSid);
  if (!waiting) throw notFound('call');
  await assertWorkAccess(actor, { personIds: [], teamIds: [waiting.call.teamId] }, "this call waits in another team's queue");
  const result = await changeCall(callSid, SEED, (call) => {
    const offer = call?.phase === 'queued' ? currentOffer(call.facts) : null;
    if (offer?.agentId !== actor.id) throw new AppError('conflict', 'this call is not ringing for you', { phase: call?.phase ?? null });
    return { facts: [{ key: `offer-declined:${offer.number}`, kind: 'offer-declined', at: getStorage().clock.now(), data: { agentId: actor.id } }] };
  }, deps.publisher);
  await announceCallChange(result, deps.publisher);
  await routeWaitingCalls(deps);
  const current = await findStoredCall(callSid);
  return toCallDto(current?.call ?? result.after!);
}
