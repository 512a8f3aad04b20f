// A callback task as consoles see it, and the rooms that hear of its changes (with the id and date
// fields every call DTO shares).
import { rooms } from '@mowakaba/shared/events';
import type { TCallbackTask } from '@mowakaba/shared/schemas/calls';
import { versionOf } from '../../platform/storage/storage.js';
import type { CallbackTaskDocument } from './callback-task.model.js';
import { idOf, iso } from './call-dto.js';


export function toCallbackTaskDto(task: CallbackTaskDocument): TCallbackTask {
  return {
    id: task._id,
    callSid: task.callSid,
    phone: task.phone ?? null,
    associationId: idOf(task.associationId),
    ticketId: idOf(task.ticketId),
    teamId: idOf(task.teamId),
    queue: task.queue ?? null,
    reason: task.reason,
    waitSeconds: task.waitSeconds ?? null,
    priorityAt: task.priorityAt.toISOString(),
    status: task.status,
    resolution: task.resolution ?? null,
    doneAt: iso(task.doneAt),
    attempts: task.attempts,
    createdAt: task.createdAt.toISOString(),
    version: versionOf(task),
  };
}

/** Consoles that list a callback task: supervisors, and its team (every agent for a task in no team). */
export function callbackTaskRooms(task: Pick<CallbackTaskDocument, 'teamId'>): string[] {
  return [rooms.role('supervisor'), task.teamId ? rooms.team(task.teamId.toString()) : rooms.role('agent')];
}
