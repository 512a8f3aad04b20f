import { describe, expect, it } from 'vitest';
import type { TCall } from '@mowakaba/shared/schemas/calls';
import { softphoneStage } from './softphone-stage';

const AGENT = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const COLLEAGUE = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const SID = `CA${'0'.repeat(32)}`;
const callWith = (overrides: Partial<TCall>) => ({ callSid: SID, phase: 'connecting', agentId: AGENT, onHold: false, ...overrides }) as TCall;

describe('the softphone follows its call', () => {
  it('is idle without a call, connecting until the call is known and connected, then in the call', () => {
    expect(softphoneStage(undefined, null, false, false, AGENT)).toBe('idle');
    expect(softphoneStage(undefined, SID, false, false, AGENT)).toBe('connecting');
    expect(softphoneStage(callWith({}), SID, false, false, AGENT)).toBe('connecting');
    expect(softphoneStage(callWith({ phase: 'connected' }), SID, false, false, AGENT)).toBe('in-call');
  });

  it('lets go of a call back in the queue (the softphone did not pick up) or taken by a colleague, before it was talked on', () => {
    expect(softphoneStage(callWith({ phase: 'queued', agentId: null }), SID, false, false, AGENT)).toBe('requeued');
    expect(softphoneStage(callWith({ agentId: COLLEAGUE }), SID, false, false, AGENT)).toBe('taken');
  });

  it('goes to the wrap-up when the call ends, is handed over, or leaves after the agent talked on it', () => {
    expect(softphoneStage(callWith({ phase: 'ended' }), SID, false, false, AGENT)).toBe('wrap-up');
    expect(softphoneStage(callWith({ phase: 'queued', agentId: null }), SID, true, true, AGENT)).toBe('wrap-up');
    expect(softphoneStage(callWith({ phase: 'queued', agentId: null }), SID, false, true, AGENT)).toBe('wrap-up');
  });
});
