import type { TDashboardHistoryQuery } from '@mowakaba/shared/schemas/dashboard';

export const dashboardKeys = {
  all: ['dashboard'] as const,
  live: () => ['dashboard', 'live'] as const,
  history: (query: TDashboardHistoryQuery) => ['dashboard', 'history', query] as const,
  myDay: () => ['dashboard', 'my-day'] as const,
  wallboardLink: (token: string) => ['dashboard', 'wallboard-link', token] as const,
  wallboardLinks: () => ['dashboard', 'wallboard-links'] as const,
};
