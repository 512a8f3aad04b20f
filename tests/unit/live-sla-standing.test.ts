import { describe, expect, it } from 'vitest';
import { slaStandingOf } from '../../server/src/modules/dashboard/get-live-snapshot.js';
import type { TLiveTicket } from '../../server/src/modules/tickets/ticket-directory.js';

const NOW = Date.parse('2026-12-07T10:00:00Z');
const MINUTE = 60_000;
const ticket = (overrides: Partial<TLiveTicket>): TLiveTicket => ({
  id: 't1',
  status: 'open',
  priority: 'normal',
  createdAtMs: NOW - 60 * MINUTE,
  assigneeId: null,
  teamId: null,
  firstResponseDueMs: null,
  resolutionDueMs: null,
  firstResponded: false,
  firstResponseBreached: false,
  resolutionBreached: false,
  ...overrides,
});

describe('the SLA standing of an active ticket on the live board', () => {
  it('is breached when a due time passed or a breach was marked, at risk within the window, fine otherwise', () => {
    expect(slaStandingOf(ticket({ firstResponseDueMs: NOW - 1 }), NOW, 30 * MINUTE)).toBe('breached');
    expect(slaStandingOf(ticket({ resolutionDueMs: NOW + 10 * MINUTE }), NOW, 30 * MINUTE)).toBe('at-risk');
    expect(slaStandingOf(ticket({ resolutionDueMs: NOW + 45 * MINUTE }), NOW, 30 * MINUTE)).toBe('ok');
    expect(slaStandingOf(ticket({ resolutionBreached: true, resolutionDueMs: NOW + 45 * MINUTE }), NOW, 30 * MINUTE)).toBe('breached');
    expect(slaStandingOf(ticket({}), NOW, 30 * MINUTE)).toBe('ok');
  });

  it('no longer counts the first-response target once the ticket was answered', () => {
    const answered = { firstResponded: true, firstResponseDueMs: NOW - 5 * MINUTE, firstResponseBreached: true };
    expect(slaStandingOf(ticket(answered), NOW, 30 * MINUTE)).toBe('ok');
    expect(slaStandingOf(ticket({ ...answered, resolutionDueMs: NOW + 5 * MINUTE }), NOW, 30 * MINUTE)).toBe('at-risk');
  });
});
