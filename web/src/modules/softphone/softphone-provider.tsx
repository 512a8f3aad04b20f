import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation } from 'wouter';
import { ZCallConflictDetails, type TCall, type TPlaceCallRequest, type TVoiceToken } from '@mowakaba/shared/schemas/calls';
import type { TUser } from '@mowakaba/shared/schemas/users';
import { ApiError, apiRequest } from '../../lib/api-client';
import { applyCallEvent } from '../calls/apply-call-event';
import { callKeys } from '../calls/call-keys';
import { useCall } from '../calls/use-calls';
import { askNotificationPermission } from '../notifications/notify-user';
import type { PhoneLine } from './phone-line';
import { softphoneStage, type TSoftphoneNotice, type TSoftphoneStage } from './softphone-stage';
import { createSimulatedPhoneLine } from './simulated-phone-line';
import { callCommands } from './call-commands';


interface SoftphoneValue {
  /** The signed-in agent: a waiting caller rings here only when it is offered to them. */
  userId: string;
  line: PhoneLine | null;
  lineError: string | null;
  call: TCall | undefined;
  stage: TSoftphoneStage;
  muted: boolean;
  pending: boolean;
  /** The error code of the last refused action (a colleague took the call first: `conflict`). */
  actionError: string | null;
  /** Why the last call left this softphone before it was talked on, until the agent dismisses it. */
  notice: TSoftphoneNotice | null;
  /** Answers a caller and opens their ticket (the association's open one, or the one the call opened). */
  answer(callSid: string): void;
  /** Lets the caller ringing here go to the next available agent. */
  decline(callSid: string): void;
  callOut(request: TPlaceCallRequest): void;
  hold(): void;
  resume(): void;
  transfer(teamId: string): void;
  hangUp(): void;
  toggleMute(): void;
  /** The wrap-up is saved: the softphone is free for the next call. */
  finish(): void;
  /** Leaves a call that is no longer the agent's (the way out when the server refuses every action on it). */
  leave(): void;
  dismissNotice(): void;
}

const SoftphoneContext = createContext<SoftphoneValue | null>(null);

export function useSoftphone(): SoftphoneValue {
  const value = useContext(SoftphoneContext);
  if (!value) throw new Error('useSoftphone outside SoftphoneProvider');
  return value;
}

/** A refused control that says the call has left this agent (see ZCallConflictDetails). */
function conflictReason(error: unknown) {
  if (!(error instanceof ApiError) || error.code !== 'conflict') return null;
  const details = ZCallConflictDetails.safeParse(error.details);
  return details.success ? details.data.reason : null;
}

/** The agent's phone line (Twilio, or simulated without an account) and the one call they are on. */
export function SoftphoneProvider({ user, children }: { user: TUser; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const [line, setLine] = useState<PhoneLine | null>(null);
  const [lineError, setLineError] = useState<string | null>(null);
  const [callSid, setCallSid] = useState<string | null>(null);
  const [handedOver, setHandedOver] = useState(false);
  const [muted, setMuted] = useState(false);
  const [pending, setPending] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [notice, setNotice] = useState<TSoftphoneNotice | null>(null);
  const [talked, setTalked] = useState(false);
  const callQuery = useCall(callSid);
  const call = callQuery.data;
  const stage = softphoneStage(call, callSid, handedOver, talked, user.id);

  const letGo = useCallback(
    (reason: TSoftphoneNotice | null) => {
      if (callSid) line?.release(callSid);
      setCallSid(null);
      setHandedOver(false);
      setActionError(null);
      setNotice(reason);
    },
    [callSid, line],
  );

  useEffect(() => {
    if (stage === 'in-call') setTalked(true);
    else if (stage === 'requeued' || stage === 'taken') letGo(stage);
  }, [stage, letGo]);

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
        const reason = conflictReason(error);
        // The call has left this agent: follow it (the wrap-up of an ended call, or let go of it) instead of a dead end.
        if (reason === 'call-ended') void queryClient.invalidateQueries({ queryKey: callKeys.detail(callSid ?? '') });
        if (reason === 'call-requeued' || reason === 'call-taken') letGo(reason === 'call-requeued' ? 'requeued' : 'taken');
        else setActionError(error instanceof ApiError ? error.code : 'network_error');
      } finally {
        setPending(false);
      }
    },
    [line, queryClient, callSid, letGo],
  );

  const value = useMemo<SoftphoneValue>(() => {
    const current = callSid;
    const start = (changed: TCall) => {
      setCallSid(changed.callSid);
      setHandedOver(false);
      setTalked(false);
      setMuted(false);
      setNotice(null);
    };
    return {
      userId: user.id,
      line,
      lineError,
      call,
      // The instant before a lost call is let go of (the effect above), the softphone is already free.
      stage: stage === 'requeued' || stage === 'taken' ? 'idle' : stage,
      muted,
      pending,
      actionError: actionError ?? (callQuery.isError && callSid ? 'not_found' : null),
      notice,
      answer: (sid) => {
        askNotificationPermission();
        void run(
          (phone) => phone.answer(sid),
          (changed) => {
            start(changed);
            const ticketId = changed.ticketId ?? changed.suggestedTicketId;
            if (ticketId) navigate(`/tickets/${ticketId}`);
          },
        );
      },
      decline: (sid) => void run(() => callCommands.decline(sid)),
      callOut: (request) => void run((phone) => phone.callOut(request), start),
      hold: () => current && void run((phone) => phone.hold(current)),
      resume: () => current && void run((phone) => phone.resume(current)),
      transfer: (teamId) => current && void run((phone) => phone.transfer(current, teamId), () => setHandedOver(true)),
      hangUp: () => current && void run((phone) => phone.hangUp(current)),
      toggleMute: () => {
        line?.setMuted(!muted);
        setMuted(!muted);
      },
      finish: () => letGo(null),
      leave: () => letGo(null),
      dismissNotice: () => setNotice(null),
    };
  }, [user.id, line, lineError, call, callSid, stage, handedOver, muted, pending, actionError, callQuery.isError, notice, run, letGo, navigate]);

  return <SoftphoneContext.Provider value={value}>{children}</SoftphoneContext.Provider>;
}
