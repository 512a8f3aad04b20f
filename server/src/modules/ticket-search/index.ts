/** What other parts of the server may use of ticket search. */
import { rebuildTicketSearch } from './rebuild-ticket-search.js';

export { followSearchResults, followTicketSearch } from './ticket-search-feed.js';
export { searchResultCacheOfApp } from './search-result-cache.js';
export { createTicketSearchRoutes } from './ticket-search.routes.js';
export { searchTicketIds } from './ticket-search.service.js';
export { rebuildTicketSearch };

/** Ticket search as a derived path of `npm run index:rebuild`. */
export const ticketSearchDerivedPath = {
  name: 'ticket-search',
  rebuild: async (onProgress: (done: number, total: number) => void): Promise<void> => {
    await rebuildTicketSearch(onProgress);
  },
};
