import type { TPresenceState } from '@mowakaba/shared/constants';
import { rooms, type TAgentPresencePayload } from '@mowakaba/shared/events';
import type { TAgentPresence } from '@mowakaba/shared/schemas/presence';
import type { ChangeFeed, FeedFollower } from '../../platform/events/change-feed.js';
import { getStorage, type Fence } from '../../platform/storage/index.js';
import { scheduleJob, type JobHandler } from '../../jobs/job-runner.js';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { getTeamsOf } from '../teams/teams.service.js';
import { AgentStateModel, type AgentStateDocument } from './agent-state.model.js';
import { recordPresenceInterval } from './presence-history.js';

/** Calls offered in a row and let ring out before the agent is taken to be away from their desk. */
export const MISSED_OFFERS_BEFORE_AWAY = 2;
export const WRAP_UP_END_JOB = 'presence-wrap-up-end';

type PresenceFields = Pick<AgentStateDocument, 'state' | 'chosenState' | 'callSid' | 'missedOffers'>;
type PresenceChange = Partial<PresenceFields>;
type PresenceSetter = { id: string; name: string };
/** The state a change ended, and since when the agent was in it. */
type EndedState = Pick<AgentStateDocument, 'state' | 'since'>;

/** The change feed's name for agents' states. */
export const AGENT_STATE_STREAM = 'agent-state';

/**
 * Calls `onAvailable` after any agent became available, on any node: this node's changes at once,
 * other nodes' as this node reads the change feed (their hint, or its next poll). Once per batch of
 * entries, since what it starts (a routing pass) looks at every available agent anyway.
 */
export function followAgentsBecomingAvailable(feed: ChangeFeed, onAvailable: () => Promise<void>): FeedFollower {
  return feed.follow({
    name: 'agents-becoming-available',
    apply: async (entries) => {
      const available = entries.some((entry) => entry.stream === AGENT_STATE_STREAM && (entry.payload as Partial<TAgentPresencePayload>).state === 'available');
      // A failure never stops the follower: waiting callers ask for routing again at every wait-page poll.
      if (available) await onAvailable().catch(() => undefined);
    },
  });
}

/** An agent's wrap-up after a call, once it is over (saved, timed out, or left for another state). */
export interface TFinishedWrapUp {
  userId: string;
  callSid: string;
  seconds: number;
  endedAt: Date;
}

/** The change feed's entry for a finished wrap-up: not announced to consoles, read by the calls module. */
export const WRAP_UP_ENDED_ENTRY = 'agent.wrap-up-ended';

/**
 * Calls `onEnded` for every wrap-up that ended on any node, once across nodes (under the feed's
 * lease), resuming after a crash: the calls module records it as the call's after-call work.
 */
export function followEndedWrapUps(feed: ChangeFeed, onEnded: (wrapUp: TFinishedWrapUp) => Promise<void>): FeedFollower {
  return feed.follow({
    name: 'after-call-work',
    durable: true,
    exclusive: true,
    apply: async (entries) => {
      for (const entry of entries) {
        if (entry.type !== WRAP_UP_ENDED_ENTRY) continue;
        const { wrapUp } = entry.payload as { wrapUp: Omit<TFinishedWrapUp, 'endedAt'> & { endedAt: string } };
        await onEnded({ ...wrapUp, endedAt: new Date(wrapUp.endedAt) });
      }
    },
  });
}

function toAgentPresence(state: AgentStateDocument): TAgentPresence {
  return {
    userId: state._id,
    state: state.state,
    since: state.since.toISOString(),
    chosenState: state.chosenState ?? 'offline',
    callSid: state.callSid ?? null,
  };
}

const offlinePresence = (userId: string): TAgentPresence => ({
  userId,
  state: 'offline',
  since: new Date(0).toISOString(),
  chosenState: 'offline',
  callSid: null,
});

type AgentStateRecord = AgentStateDocument & { version: number };

const agentStates = () => AgentStateModel.collection.collectionName;

/** What the storage seam creates for an agent seen for the first time (it applies no mongoose defaults). */
const firstAgentState = (now: Date) => ({ state: 'offline', since: now, chosenState: 'offline', callSid: null, missedOffers: 0 });

/**
 * Applies one presence change as a versioned update of the agent's state; `decide` sees the stored
 * state (null for an agent never seen) and returns what to set, or null. A new state is announced as
 * `agent.presence` to supervisors, the agent and their teams through the change feed, whose followers
 * on every node offer calls to an agent who became available.
 */
async function changePresence(
  userId: string,
  decide: (current: AgentStateDocument | null) => PresenceChange | null,
  publisher: EventPublisher,
  setBy?: PresenceSetter,
  /** A job's lease: no state is written once it lapsed. */
  fence?: Fence,
): Promise<TAgentPresence> {
  const storage = getStorage();
  type Outcome = { stateChanged: boolean; wrapUp: TFinishedWrapUp | null; ended: EndedState | null };
  const unchanged: Outcome = { stateChanged: false, wrapUp: null, ended: null };
  let outcome: Outcome = unchanged;
  const result = await storage.upsertVersioned<AgentStateRecord>(agentStates(), userId, (current) => {
    // Decided again when someone else wrote the state first: only the last decision counts.
    outcome = unchanged;
    const change = decide(current) ?? {};
    const set: Record<string, unknown> = Object.fromEntries(
      Object.entries(change).filter(([field, value]) => (current as Record<string, unknown> | null)?.[field] !== value),
    );
    const stateChanged = set.state !== undefined && set.state !== (current?.state ?? 'offline');
    if (Object.keys(set).length === 0 || (!current && !stateChanged)) return null;
    const now = storage.clock.now();
    if (stateChanged) set.since = now;
    outcome = {
      stateChanged,
      wrapUp:
        stateChanged && current?.state === 'wrap-up' && current.callSid
          ? { userId, callSid: current.callSid, seconds: Math.max(0, Math.round((now.getTime() - current.since.getTime()) / 1000)), endedAt: now }
          : null,
      ended: stateChanged && current ? { state: current.state, since: current.since } : null,
    };
    return { set: current ? set : { ...firstAgentState(now), ...set } };
  }, { fence });
  const stored = { status: result.after ? toAgentPresence(result.after) : offlinePresence(userId), ...(result.changed ? outcome : unchanged) };
  if (stored.stateChanged) {
    const { state, since } = stored.status;
    const teams = await getTeamsOf(userId);
    const payload: TAgentPresencePayload = { userId, state, at: since, ...(setBy ? { setBy } : {}) };
    // On the change feed, so that every node hears of it (call routing follows agents becoming available),
    // with the wrap-up it ended, which becomes that call's after-call work.
    await publisher.recordChanges([
      {
        stream: AGENT_STATE_STREAM,
        recordId: userId,
        version: result.after!.version,
        type: 'agent.presence',
        payload: { ...payload },
        rooms: [rooms.role('supervisor'), rooms.user(userId), ...teams.map((team) => rooms.team(team._id.toString()))],
      },
      ...(stored.wrapUp
        ? [{ stream: AGENT_STATE_STREAM, recordId: userId, version: result.after!.version, type: WRAP_UP_ENDED_ENTRY, payload: { wrapUp: { ...stored.wrapUp, endedAt: stored.wrapUp.endedAt.toISOString() } }, rooms: [] }]
        : []),
    ]);
    // Presence history, like the wrap-up, is recorded apart: a failure never leaves the agent stuck (the rebuild cannot restore it).
    if (stored.ended && result.after) {
      const interval = { userId, version: result.after.version, state: stored.ended.state, from: stored.ended.since.toISOString(), to: since, teamId: teams[0]?._id.toString() ?? null };
      await recordPresenceInterval(interval, publisher).catch(() => undefined);
    }
  }
  return stored.status;
}

/** The state an agent is in while a call holds them: their choice waits until the call and its wrap-up are over. */
const onCall = (current: AgentStateDocument | null) => !!current?.callSid && (current.state === 'busy' || current.state === 'wrap-up');

/**
 * The agent chooses their presence. On a call, the choice is kept for afterwards; choosing again
 * during wrap-up ends it.
 */
export async function setPresence(userId: string, state: TPresenceState, publisher: EventPublisher): Promise<TAgentPresence> {
  return changePresence(
    userId,
    (current) => (onCall(current) && current!.state === 'busy' ? { chosenState: state } : { state, chosenState: state, callSid: null, missedOffers: 0 }),
    publisher,
  );
}

/** A supervisor sets an agent's presence (away, offline, or back to available): the agent's console says who did. */
export async function setPresenceForAgent(userId: string, state: TPresenceState, publisher: EventPublisher, supervisor: PresenceSetter): Promise<TAgentPresence> {
  return changePresence(
    userId,
    (current) => (current?.state === 'busy' && current.callSid ? { chosenState: state } : { state, chosenState: state, callSid: null, missedOffers: 0 }),
    publisher,
    supervisor,
  );
}

/** The agent's last console is gone, or they signed out: offline, their choice kept for when they come back. */
export async function markOffline(userId: string, publisher: EventPublisher): Promise<TAgentPresence> {
  return changePresence(userId, () => ({ state: 'offline', callSid: null }), publisher);
}

/** A console connects: an agent the server set offline (no console, signed out) is back in the state they chose. */
export async function restoreChosenPresence(userId: string, publisher: EventPublisher): Promise<TAgentPresence> {
  return changePresence(userId, (current) => (current?.state === 'offline' && current.chosenState && current.chosenState !== 'offline' ? { state: current.chosenState } : null), publisher);
}

/** The agent is on a call (they answered, or placed it): busy until it ends. */
export async function startCallPresence(userId: string, callSid: string, publisher: EventPublisher): Promise<void> {
  await changePresence(userId, () => ({ state: 'busy', callSid, missedOffers: 0 }), publisher);
}

/**
 * The agent's call is over: after-call work for at most `seconds` (a stored job ends it), or back to
 * their chosen state at once when there is none to do.
 */
export async function startWrapUp(userId: string, callSid: string, seconds: number, publisher: EventPublisher): Promise<void> {
  const status = await changePresence(
    userId,
    (current) => (current?.callSid !== callSid ? null : seconds > 0 ? { state: 'wrap-up' } : { state: current.chosenState ?? 'available', callSid: null }),
    publisher,
  );
  if (status.state === 'wrap-up' && status.callSid === callSid) {
    await scheduleJob(`${WRAP_UP_END_JOB}:${userId}:${callSid}`, WRAP_UP_END_JOB, new Date(getStorage().clock.now().getTime() + seconds * 1000), { userId, callSid });
  }
}

/** The call no longer holds the agent (wrap-up saved or timed out, or a call they never talked on): back to their chosen state. */
export async function endCallPresence(userId: string, callSid: string, publisher: EventPublisher, fence?: Fence): Promise<void> {
  await changePresence(userId, (current) => (current?.callSid === callSid ? { state: current.chosenState ?? 'available', callSid: null } : null), publisher, undefined, fence);
}

/** The job that ends an agent's wrap-up once its limit passed (nothing when they already left it). */
export function createWrapUpEndHandler(publisher: EventPublisher): JobHandler {
  return async (job, _now, { fence }) => endCallPresence(String(job.payload.userId), String(job.payload.callSid), publisher, fence);
}

/** An offered call rang out at the agent's console: after several in a row, an available agent is set away. */
export async function recordMissedOffer(userId: string, publisher: EventPublisher): Promise<void> {
  await changePresence(
    userId,
    (current) => {
      const missedOffers = (current?.missedOffers ?? 0) + 1;
      return missedOffers >= MISSED_OFFERS_BEFORE_AWAY && current?.state === 'available' ? { missedOffers: 0, state: 'away', chosenState: 'away' } : { missedOffers };
    },
    publisher,
  );
}

export async function getAgentPresence(userId: string): Promise<TAgentPresence> {
  const state = await AgentStateModel.findById(userId).lean<AgentStateDocument>();
  return state ? toAgentPresence(state) : offlinePresence(userId);
}

export async function listAgentPresences(): Promise<TAgentPresence[]> {
  const states = await AgentStateModel.find().lean<AgentStateDocument[]>();
  return states.map(toAgentPresence);
}

/**
 * Which of these people are available right now: one read for them all (by `_id` on MongoDB; on the
 * embedded database a scan of the agents' states, one small document per agent, which costs less
 * than a command per person).
 */
export async function availableAgents(userIds: readonly string[]): Promise<string[]> {
  const states = await AgentStateModel.find({ _id: { $in: [...userIds] }, state: 'available' }, { _id: 1 }).lean<Array<{ _id: string }>>();
  return states.map((state) => state._id);
}
