import { rebuildAssociationHistory } from './modules/associations/association-history-rebuild.js';
import { rebuildCallLog } from './modules/calls/call-log-rebuild.js';
import { rebuildWaitingCalls } from './modules/calls/waiting-calls.js';
import { ticketSearchDerivedPath } from './modules/ticket-search/index.js';
import { rebuildDirectorySnapshot } from './modules/tickets/ticket-directory-snapshot.js';
import { rebuildTimelinePages } from './modules/tickets/timeline-pages.js';
import type { DerivedPath } from './platform/derived-paths.js';

/**
 * Every derived path of the application, in the order `npm run index:rebuild` rebuilds them. A
 * module that keeps one (from the change feed) adds it here.
 */
export const DERIVED_PATHS: readonly DerivedPath[] = [
  { name: 'ticket-directory', rebuild: async (onProgress) => void (await rebuildDirectorySnapshot(onProgress)) },
  ticketSearchDerivedPath,
  { name: 'ticket-timelines', rebuild: (onProgress) => rebuildTimelinePages(onProgress) },
  { name: 'association-histories', rebuild: (onProgress) => rebuildAssociationHistory(onProgress) },
  { name: 'call-log', rebuild: (onProgress) => rebuildCallLog(onProgress) },
  { name: 'waiting-calls', rebuild: (onProgress) => rebuildWaitingCalls(onProgress) },
];
