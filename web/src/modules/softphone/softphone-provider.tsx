import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { TCall, TPlaceCallRequest, TVoiceToken } from '../../../../shared/src/schemas/calls';
import type { TUser } from '../../../../shared/src/schemas/users';
import { ApiError, apiRequest } from '../../lib/api-client';
import { applyCallEvent } from '../calls/apply-call-event';
import { useCall } from '../calls/use-calls';
import { askNotificationPermission } from '../notifications/notify-user';
import type { PhoneLine } from './phone-line';
import { createSimulatedPhoneLine } from './simulated-phone-line';

/** Where the agent's own call stands; `wrap-up` is the disposition form after it. */
export type TSoftphoneStage = 'idle' | 'connecting' | 'in-call' | 'wrap-up';

interface SoftphoneValue {
  line: PhoneLine | null;
  lineError: string | null;
  call: TCall | undefined;
  stage: TSoftphoneStage;
  muted: boolean;
  pending: boolean;
  /** The error code of the last refused action (a colleague took the call first: `conflict`). */
  actionError: string | null;
  answer(callSid: string): void;
  callOut(request: TPlaceCallRequest): void;
  hold(): void;
  resume(): void;
  transfer(teamId: string): void;
  hangUp(): void;
  toggleMute(): void;
  /** The wrap-up is saved: the softphone is free for the next call. */
  finish(): void;
}

const SoftphoneContext = createContext<SoftphoneValue | null>(null);

export function useSoftphone(): SoftphoneValue {
  const value = useContext(SoftphoneContext);
  if (!value) throw new Error('useSoftphone outside SoftphoneProvider');
  return value;
}

function stageOf(call: TCall | undefined, callSid: string | null, handedOver: boolean, userId: string): TSoftphoneStage {
  if (!callSid) return 'idle';
  if (handedOver || !call) return handedOver ? 'wrap-up' : 'connecting';
  if (call.phase === 'ended' || (call.agentId !== null && call.agentId !== userId)) return 'wrap-up';
  return call.phase === 'connected' ? 'in-call' : 'connecting';
}

/** The agent's phone line (Twilio, or simulated without an account) and the one call they are on. */
export function SoftphoneProvider({ user, children }: { user: TUser; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [line, setLine] = useState<PhoneLine | null>(null);
  const [lineError, setLineError] = useState<string | null>(null);
  const [callSid, setCallSid] = useState<string | null>(null);
  const [handedOver, setHandedOver] = useState(false);
  const [muted, setMuted] = useState(false);
  const [pending, setPending] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const call = useCall(callSid).data;

  useEffect(() => {
    let cancelled = false;
    let created: PhoneLine | null = null;
    void (async () => {
      try {
        const voice = await apiRequest<TVoiceToken>('/api/voice/token');
        if (voice.simulated || !voice.token) created = createSimulatedPhoneLine();
        else created = await (await import('./twilio-phone-line')).createTwilioPhoneLine(voice.token);
        if (cancelled) created.destroy();
        else setLine(created);
      } catch (error) {
        if (!cancelled) setLineError(error instanceof Error ? error.message : String(error));
      }
    })();
    return () => {
      cancelled = true;
      created?.destroy();
    };
  }, []);

  useEffect(() => line?.subscribe((notice) => notice.kind === 'error' && setLineError(notice.message)), [line]);

  const run = useCallback(
    async (action: (line: PhoneLine) => Promise<TCall>, after?: (call: TCall) => void) => {
      if (!line) return;
      setPending(true);
      setActionError(null);
      try {
        const changed = await action(line);
        applyCallEvent(queryClient, changed);
        after?.(changed);
      } catch (error) {
        setActionError(error instanceof ApiError ? error.code : 'network_error');
      } finally {
        setPending(false);
      }
    },
    [line, queryClient],
  );

  const value = useMemo<SoftphoneValue>(() => {
    const current = callSid;
    const start = (changed: TCall) => {
      setCallSid(changed.callSid);
      setHandedOver(false);
      setMuted(false);
    };
    return {
      line,
      lineError,
      call,
      stage: stageOf(call, callSid, handedOver, user.id),
      muted,
      pending,
      actionError,
      answer: (sid) => {
        askNotificationPermission();
        void run((phone) => phone.answer(sid), start);
      },
      callOut: (request) => void run((phone) => phone.callOut(request), start),
      hold: () => current && void run((phone) => phone.hold(current)),
      resume: () => current && void run((phone) => phone.resume(current)),
      transfer: (teamId) => current && void run((phone) => phone.transfer(current, teamId), () => setHandedOver(true)),
      hangUp: () => current && void run((phone) => phone.hangUp(current)),
      toggleMute: () => {
        line?.setMuted(!muted);
        setMuted(!muted);
      },
      finish: () => {
        setCallSid(null);
        setHandedOver(false);
        setActionError(null);
      },
    };
  }, [line, lineError, call, callSid, handedOver, muted, pending, actionError, run, user.id]);

  return <SoftphoneContext.Provider value={value}>{children}</SoftphoneContext.Provider>;
}
