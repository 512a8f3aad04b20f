import { rebuildDirectorySnapshot } from './modules/tickets/ticket-directory-snapshot.js';
import type { DerivedPath } from './platform/derived-paths.js';

/**
 * Every derived path of the application, in the order `npm run index:rebuild` rebuilds them. A
 * module that keeps one (from the change feed) adds it here.
 */
export const DERIVED_PATHS: readonly DerivedPath[] = [
  { name: 'ticket-directory', rebuild: async (onProgress) => void (await rebuildDirectorySnapshot(onProgress)) },
];
