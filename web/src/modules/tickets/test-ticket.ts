import type { TTicket } from '@mowakaba/shared/schemas/tickets';

/** A ticket as the server sends it, numbered `id` (its creation minute too), for the web app's tests. */
export function testTicket(id: number, overrides: Partial<TTicket> = {}): TTicket {
  return {
    id: id.toString(16).padStart(24, '0'),
    reference: `T-2026-${String(id).padStart(6, '0')}`,
    subject: `Demande ${id}`,
    description: '',
    channel: 'web',
    language: 'ar',
    topic: 'founding',
    priority: 'normal',
    status: 'new',
    associationId: null,
    contactId: null,
    contactPhone: null,
    region: null,
    teamId: null,
    assigneeId: null,
    tags: [],
    custom: {},
    sla: { firstResponseDueAt: null, resolutionDueAt: null, firstRespondedAt: null, firstResponseBreached: false, resolutionBreached: false, paused: false },
    satisfaction: null,
    version: 0,
    createdAt: new Date(Date.UTC(2026, 11, 1, 8, id)).toISOString(),
    updatedAt: new Date(Date.UTC(2026, 11, 1, 8, id)).toISOString(),
    ...overrides,
  } as TTicket;
}
