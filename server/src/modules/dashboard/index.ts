/** What other parts of the server may use of the dashboards. */
export { createDashboardFeed, followChangeFeed, type DashboardFeed } from './dashboard-feed.js';
export { createDashboardRoutes } from './dashboard.routes.js';
export { startLiveBroadcast } from './live-broadcast.js';
export { createWallboardRoutes } from './wallboard.routes.js';
export { findLiveWallboardLinkIds, findWallboardLink, isSignedWallboardToken, onWallboardLinkRevoked } from './wallboard-links.store.js';
export { startAlertWatcher } from './alert-watcher.js';
