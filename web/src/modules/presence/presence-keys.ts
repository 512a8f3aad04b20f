/** Query keys of presence: the agent's own status, every agent's (supervisors), and the last change a supervisor made to it (set from live events). */
export const presenceKeys = {
  me: ['presence', 'me'] as const,
  all: ['presence', 'all'] as const,
  // Outside ['presence']: presence events refetch that one, and this has nothing to fetch.
  supervisorChange: ['presence-change-by-supervisor'] as const,
};
