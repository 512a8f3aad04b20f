import type { TPresenceState } from '../../../../shared/src/constants.js';
import { rooms } from '../../../../shared/src/events.js';
import type { TAgentStatus } from '../../../../shared/src/schemas/presence.js';
import { withLock } from '../../database/with-lock.js';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { getTeamsOf } from '../teams/teams.service.js';
import { AgentStateModel, type AgentStateDocument } from './agent-state.model.js';

function toAgentStatus(state: AgentStateDocument): TAgentStatus {
  return { userId: state._id, state: state.state, since: state.since.toISOString(), activeTickets: state.activeTickets };
}

/** Sets an agent's presence and tells supervisors and the agent's teams. */
export async function setPresence(userId: string, state: TPresenceState, publisher: EventPublisher): Promise<TAgentStatus> {
  const stored = await withLock(`agent:${userId}`, async () => {
    const current = await AgentStateModel.findById(userId).lean<AgentStateDocument>();
    if (current?.state === state) return { status: toAgentStatus(current), changed: false };
    const updated = await AgentStateModel.findByIdAndUpdate(
      userId,
      { $set: { state, since: new Date() } },
      { upsert: true, returnDocument: 'after', setDefaultsOnInsert: true },
    ).lean<AgentStateDocument>();
    return { status: toAgentStatus(updated!), changed: true };
  });
  if (stored.changed) {
    const teams = await getTeamsOf(userId);
    await publisher.publish(
      'agent.presence',
      { userId, state, at: stored.status.since },
      [rooms.role('supervisor'), rooms.user(userId), ...teams.map((team) => rooms.team(team._id.toString()))],
    );
  }
  return stored.status;
}

export async function getAgentStatus(userId: string): Promise<TAgentStatus> {
  const state = await AgentStateModel.findById(userId).lean<AgentStateDocument>();
  return state ? toAgentStatus(state) : { userId, state: 'offline', since: new Date(0).toISOString(), activeTickets: 0 };
}

export async function listAgentStatuses(): Promise<TAgentStatus[]> {
  const states = await AgentStateModel.find().lean<AgentStateDocument[]>();
  return states.map(toAgentStatus);
}

/** Adds `delta` to the agent's count of active tickets (never below zero). */
export async function changeAgentLoad(userId: string, delta: number, assignedNow = false): Promise<void> {
  await withLock(`agent:${userId}`, async () => {
    const current = await AgentStateModel.findById(userId).lean<AgentStateDocument>();
    const set: Record<string, unknown> = { activeTickets: Math.max(0, (current?.activeTickets ?? 0) + delta) };
    if (assignedNow) set.lastAssignedAt = new Date();
    await AgentStateModel.updateOne({ _id: userId }, { $set: set }, { upsert: true, setDefaultsOnInsert: true });
  });
}
