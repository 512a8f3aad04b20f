// Reading one call by its SID (the call log is read from its pages: list-call-log.ts).
import type { TCall } from '@mowakaba/shared/schemas/calls';
import { notFound } from '../../errors.js';
import type { TicketActor } from '../tickets/tickets.service.js';
import { findStoredCall, toCallDto } from './call-record.js';
import { assertCallWork } from './call-access.js';

export async function getCallBySid(callSid: string, actor: TicketActor): Promise<TCall> {
  const stored = await findStoredCall(callSid);
  if (!stored) throw notFound('call');
  await assertCallWork(stored.call, actor);
  return toCallDto(stored.call);
}
