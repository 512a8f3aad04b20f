import type { TCall } from '@mowakaba/shared/schemas/calls';

/** Where the agent's own call stands; `wrap-up` is the disposition form after it. */
export type TSoftphoneStage = 'idle' | 'connecting' | 'in-call' | 'wrap-up';

/** Why the softphone let go of a call the agent had not talked on yet: it went back to the queue, or a colleague has it. */
export type TSoftphoneNotice = 'requeued' | 'taken';

/**
 * The stage follows the call's real state (its `call.updated` / `call.queued` events): a call that
 * left the agent before they talked on it answers why (`requeued`, `taken`) and the softphone lets go
 * of it; one they talked on goes to the wrap-up.
 */
export function softphoneStage(call: TCall | undefined, callSid: string | null, handedOver: boolean, talked: boolean, userId: string): TSoftphoneStage | TSoftphoneNotice {
  if (!callSid) return 'idle';
  if (handedOver || !call) return handedOver ? 'wrap-up' : 'connecting';
  if (call.phase === 'ended') return 'wrap-up';
  const lost = call.phase === 'queued' ? 'requeued' : call.agentId !== userId ? 'taken' : null;
  if (lost) return talked ? 'wrap-up' : lost;
  return call.phase === 'connected' ? 'in-call' : 'connecting';
}

