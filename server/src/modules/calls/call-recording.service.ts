import mongoose from 'mongoose';
import { AppError } from '../../errors.js';
import { maskPhoneNumbers } from '../../logger.js';
import { simulatedRecordingWav } from '../../twilio/simulated-recording.js';
import type { RecordingMedia, TwilioGateway } from '../../twilio/twilio-gateway.js';
import { TeamModel } from '../teams/team.model.js';
import { TicketModel, type TicketDocument } from '../tickets/ticket.model.js';
import type { TicketActor } from '../tickets/tickets.service.js';
import type { CallDocument } from './call.model.js';
import { findStoredCall } from './calls.service.js';
import { RecordingAccessModel } from './recording-access.model.js';

/**
 * Who may hear a call: supervisors and admins always; an agent when the call or its ticket is theirs,
 * in one of their teams, or in no team (the shared queue every agent serves) — the same people who
 * see the ticket's events live.
 */
async function mayHear(call: CallDocument, viewer: TicketActor): Promise<boolean> {
  if (viewer.role === 'supervisor' || viewer.role === 'admin') return true;
  if (call.agentId?.toString() === viewer.id) return true;
  const ticket = call.ticketId ? await TicketModel.findById(call.ticketId).lean<TicketDocument>() : null;
  if (ticket?.assigneeId?.toString() === viewer.id) return true;
  const teamIds = [call.teamId, ticket?.teamId].filter((id): id is mongoose.Types.ObjectId => Boolean(id)).map((id) => id.toString());
  if (teamIds.length === 0) return true;
  const teams = await TeamModel.find({ memberIds: new mongoose.Types.ObjectId(viewer.id) }, { _id: 1 }).lean();
  return teams.some((team) => teamIds.includes(team._id.toString()));
}

/**
 * A call's recording for a staff member: 404 without one, 403 when it is not theirs to hear. Every
 * attempt on an existing recording is traced, granted or not, with the caller's number masked.
 */
export async function openCallRecording(callSid: string, viewer: TicketActor, twilio: TwilioGateway, range: string | null): Promise<RecordingMedia> {
  const stored = await findStoredCall(callSid);
  const call = stored?.call;
  if (!call?.recording?.sid) throw new AppError('not_found', 'this call has no recording');
  const granted = await mayHear(call, viewer);
  await RecordingAccessModel.create({
    callSid,
    userId: new mongoose.Types.ObjectId(viewer.id),
    role: viewer.role,
    maskedPhone: call.phone ? maskPhoneNumbers(call.phone) : null,
    associationId: call.associationId ?? null,
    granted,
    range: range?.slice(0, 60) ?? null,
    at: new Date(),
  });
  if (!granted) throw new AppError('forbidden', 'this recording belongs to another team');
  // A call recorded in simulation mode has nothing at Twilio, even once an account is configured.
  if (call.simulated) return { body: simulatedRecordingWav(), contentType: 'audio/wav', simulated: true };
  return twilio.fetchRecording(call.recording.sid);
}

/** The part of `size` bytes a `Range: bytes=…` header asks for (one range), or null for the whole; 'invalid' when unsatisfiable. */
export function parseByteRange(header: string | null, size: number): { start: number; end: number } | null | 'invalid' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) return 'invalid';
  return { start, end };
}
