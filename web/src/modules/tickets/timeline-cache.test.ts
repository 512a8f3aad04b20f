import { describe, expect, it } from 'vitest';
import type { TMessage } from '@mowakaba/shared/schemas/messages';
import type { TTicketEntry } from '@mowakaba/shared/schemas/tickets';
import { applyDeliveryToPages, loadedEntries, mergeNewestPage, type TimelinePages } from './timeline-cache';

const entry = (n: number, data: Record<string, unknown> | null = null): TTicketEntry => ({
  id: n.toString(16).padStart(24, '0'),
  ticketId: 'f'.repeat(24),
  kind: 'internal-note',
  authorId: null,
  body: `note ${n}`,
  data,
  createdAt: new Date(Date.UTC(2026, 11, 1, 0, 0, n)).toISOString(),
});
/** Loaded pages newest first: 10…6 then 5…1. */
const loaded = (): TimelinePages => ({
  pages: [
    { items: [10, 9, 8, 7, 6].map((n) => entry(n)), nextCursor: 'after-6' },
    { items: [5, 4, 3, 2, 1].map((n) => entry(n)), nextCursor: null },
  ],
  pageParams: ['', 'after-6'],
});
const bodies = (pages: TimelinePages | undefined) => loadedEntries(pages).map((item) => item.body);

describe('the loaded timeline pages', () => {
  it('show every loaded entry oldest first', () => {
    expect(bodies(loaded())).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => `note ${n}`));
  });

  it('take new entries from the newest page at the end, and keep the older pages and their cursors', () => {
    const merged = mergeNewestPage(loaded(), { items: [12, 11, 10, 9, 8].map((n) => entry(n)), nextCursor: 'after-8' });
    expect(bodies(merged)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((n) => `note ${n}`));
    expect(merged!.pageParams).toEqual(['', 'after-6']);
    expect(merged!.pages[1]!.nextCursor).toBeNull();
  });

  it('show an entry as the newest page has it now (a recording arrived)', () => {
    const merged = mergeNewestPage(loaded(), { items: [entry(10, { recording: { url: '/r' } }), ...[9, 8, 7, 6].map((n) => entry(n))], nextCursor: 'after-6' });
    expect(loadedEntries(merged).at(-1)!.data).toEqual({ recording: { url: '/r' } });
  });

  it('cannot be patched when more entries came than a page holds: the timeline is read again', () => {
    expect(mergeNewestPage(loaded(), { items: [20, 19, 18, 17, 16].map((n) => entry(n)), nextCursor: 'after-16' })).toBeUndefined();
  });

  it('are read again when a merge moved older entries in, or moved loaded ones out', () => {
    expect(mergeNewestPage(loaded(), { items: [11, 10, 9, 8, 7].map((n) => entry(n)).concat(entry(0.5)), nextCursor: 'after-0.5' })).toBeUndefined();
    expect(mergeNewestPage(loaded(), { items: [10, 9, 7, 6, 5].map((n) => entry(n)), nextCursor: 'after-5' })).toBeUndefined();
    expect(mergeNewestPage(loaded(), { items: [], nextCursor: null })).toBeUndefined();
  });

  it('take a delivery report on whichever page sent the message', () => {
    const pages = loaded();
    pages.pages[1]!.items[0] = entry(5, { messageSid: 'SM1', direction: 'outbound', status: 'sent' });
    const delivered = applyDeliveryToPages(pages, { messageSid: 'SM1', status: 'delivered', errorCode: null } as TMessage);
    expect(loadedEntries(delivered).find((item) => item.body === 'note 5')!.data).toMatchObject({ status: 'delivered' });
    expect(applyDeliveryToPages(pages, { messageSid: 'SM9', status: 'delivered', errorCode: null } as TMessage)).toBeUndefined();
  });
});
