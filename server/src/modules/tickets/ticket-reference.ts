import { TIME_ZONE } from '@mowakaba/shared/constants';
import { defineAppState } from '../../platform/app-state.js';
import { createCounterBlocks } from '../counters/counters.service.js';
import { getStorage } from '../../platform/storage/index.js';

// Building a DateTimeFormat costs far more than using one.
const yearInMorocco = new Intl.DateTimeFormat('en', { timeZone: TIME_ZONE, year: 'numeric' });

// A creation rarely waits for the counter: each node (each app) numbers from a block it reserved ahead.
const nextReferenceNumber = defineAppState(() => createCounterBlocks(20));

/** A new human reference `T-<year>-<6 digits>`, numbered per year in Moroccan time; unique, gaps allowed. */
export async function allocateTicketReference(now = getStorage().clock.now()): Promise<string> {
  const year = yearInMorocco.format(now);
  const sequence = await nextReferenceNumber()(`ticket-${year}`);
  return `T-${year}-${String(sequence).padStart(6, '0')}`;
}
