/** React-query keys of association data, in one place so screens and saves agree. */
export const associationKeys = {
  all: ['associations'] as const,
  lists: () => ['associations', 'list'] as const,
  list: (text: string) => ['associations', 'list', text] as const,
  detail: (id: string | null) => ['associations', 'detail', id] as const,
  timeline: (id: string | null, limit: number) => ['associations', 'timeline', id, limit] as const,
};
