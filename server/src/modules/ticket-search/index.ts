/** What other parts of the server may use of ticket search. */
export { followTicketSearch } from './ticket-search-feed.js';
export { createTicketSearchRoutes } from './ticket-search.routes.js';
export { searchTicketIds } from './ticket-search.service.js';
export { rebuildTicketSearch } from './rebuild-ticket-search.js';
