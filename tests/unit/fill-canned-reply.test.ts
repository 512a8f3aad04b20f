import { describe, expect, it } from 'vitest';
import { fillCannedReply } from '@mowakaba/shared/text/fill-canned-reply';

describe('filling a canned reply', () => {
  it('puts the association, the reference and the agent in place, as often as they appear', () => {
    expect(fillCannedReply('مرحبا {association}، طلبكم {reference} — {agent}. ({reference})', { association: 'جمعية الأمل', reference: 'T-2026-000007', agent: 'سناء' })).toBe(
      'مرحبا جمعية الأمل، طلبكم T-2026-000007 — سناء. (T-2026-000007)',
    );
  });

  it('leaves an unknown value empty and any other brace alone', () => {
    expect(fillCannedReply('Bonjour {association}, {x} {reference}', { reference: 'T-1' })).toBe('Bonjour , {x} T-1');
  });
});
