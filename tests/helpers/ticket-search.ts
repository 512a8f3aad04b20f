import type { App } from '../../server/src/app.js';
import type { RealtimeHub } from '../../server/src/realtime/realtime-hub.js';
import { followSearchResults, followTicketSearch } from '../../server/src/modules/ticket-search/index.js';
import type { TestApp } from './test-app.js';
import { ZTicketSearchResults, type TTicketSearchResults } from '@mowakaba/shared/schemas/ticket-search';

let followers = 0;

/** Ticket search following the hub's change feed, as main.ts starts it; `settle` waits until it has applied everything. */
export function followSearchIndex(hub: RealtimeHub) {
  // Each test its own consumer name: an earlier test's follower may still hold the lease of another.
  const follower = followTicketSearch(hub.feed, `ticket-search-test-${(followers += 1)}`);
  return { settle: () => follower.catchUp(), stop: () => follower.stop() };
}

/** The node's search-result cache told of ticket changes, as main.ts starts it; `settle` applies what the feed holds now. */
export function followSearchResultsOf(node: TestApp) {
  const follower = node.modules.scope.run(() => followSearchResults(node.hub.feed));
  return { settle: () => follower.catchUp(), stop: () => follower.stop() };
}

/** GET /api/tickets/search, its body checked against the shared schema. */
export async function searchAs(app: App, cookie: string, q: string, extra = ''): Promise<TTicketSearchResults> {
  const response = await app.request(`/api/tickets/search?q=${encodeURIComponent(q)}${extra}`, { headers: { Cookie: cookie } });
  if (response.status !== 200) throw new Error(`search failed: ${response.status} ${await response.text()}`);
  return ZTicketSearchResults.parse(await response.json());
}

/** The highlighted words of a result's snippet, as a reader sees them marked. */
export const highlightedWords = (result: TTicketSearchResults['results'][number]) =>
  result.snippet ? result.snippet.highlights.map(({ start, end }) => result.snippet!.text.slice(start, end)) : [];
