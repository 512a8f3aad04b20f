import mongoose from 'mongoose';
import type { TCall } from '@mowakaba/shared/schemas/calls';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import { recordCallInPages } from '../../server/src/modules/calls/call-log-pages.js';
import { toCallDto } from '../../server/src/modules/calls/call-record.js';
import { CallModel, type CallDocument } from '../../server/src/modules/calls/call.model.js';
import { toTicketDto } from '../../server/src/modules/tickets/ticket-dto.js';
import { TicketModel, type TicketDocument } from '../../server/src/modules/tickets/ticket.model.js';

const oid = (id: string | null) => (id ? new mongoose.Types.ObjectId(id) : null);
const date = (iso: string | null) => (iso ? new Date(iso) : null);
let sequence = 0;

/** Puts a ticket in the records as it would stand at these times (the API always writes "now"); returns it as events carry it. */
export async function storeTicket(ticket: TTicket): Promise<TTicket> {
  sequence += 1;
  const { insertedId } = await TicketModel.collection.insertOne({
    reference: `T-2026-${String(900_000 + sequence).padStart(6, '0')}`,
    subject: ticket.subject,
    description: ticket.description,
    channel: ticket.channel,
    language: ticket.language,
    topic: ticket.topic,
    priority: ticket.priority,
    priorityRank: 1,
    status: ticket.status,
    region: ticket.region,
    teamId: oid(ticket.teamId),
    assigneeId: oid(ticket.assigneeId),
    associationId: oid(ticket.associationId),
    tags: [],
    sla: {
      firstResponseDueAt: date(ticket.sla.firstResponseDueAt),
      resolutionDueAt: date(ticket.sla.resolutionDueAt),
      firstRespondedAt: date(ticket.sla.firstRespondedAt),
      firstResponseBreached: false,
      resolutionBreached: false,
    },
    solvedAt: date(ticket.solvedAt),
    version: ticket.version,
    createdAt: new Date(ticket.createdAt),
    updatedAt: new Date(ticket.updatedAt),
  } as never);
  return toTicketDto((await TicketModel.findById(insertedId).lean<TicketDocument>())!);
}

/** Puts an ended call in the records and the call log's pages, as the calls module leaves it; returns it as events carry it. */
export async function storeCall(call: TCall): Promise<TCall> {
  await CallModel.collection.insertOne({
    _id: call.callSid,
    direction: call.direction,
    from: call.from,
    to: call.to,
    associationId: oid(call.associationId),
    topic: call.topic,
    teamId: oid(call.teamId),
    agentId: oid(call.agentId),
    phase: call.phase,
    status: call.status,
    result: call.result,
    queuedAt: date(call.queuedAt),
    endedAt: date(call.endedAt),
    queueWaitSeconds: call.queueWaitSeconds,
    talkSeconds: call.talkSeconds,
    simulated: true,
    facts: [],
    statusTimes: {},
    createdAt: new Date(call.createdAt),
    updatedAt: new Date(call.updatedAt),
  } as never);
  const stored = (await CallModel.findById(call.callSid).lean<CallDocument>())!;
  await recordCallInPages(null, stored);
  return toCallDto(stored);
}
