/** What other parts of the server may use of the dashboards. */
export { createDashboardFeed, followChangeFeed, observePublisher, type DashboardFeed } from './dashboard-feed.js';
export { createDashboardRoutes } from './dashboard.routes.js';
export { startLiveBroadcast } from './live-broadcast.js';
export { startAlertWatcher } from './alert-watcher.js';
