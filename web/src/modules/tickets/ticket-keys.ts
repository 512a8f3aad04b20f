/** React-query keys of ticket data, in one place so live events and screens agree. */
export const ticketKeys = {
  all: ['tickets'] as const,
  lists: () => ['tickets', 'list'] as const,
  list: (params: Record<string, string>) => ['tickets', 'list', params] as const,
  details: () => ['tickets', 'detail'] as const,
  detail: (id: string) => ['tickets', 'detail', id] as const,
  timeline: (id: string) => ['tickets', 'timeline', id] as const,
  /** The requester's contact, revealed on asking (each read is a reveal in the audit). */
  contact: (id: string) => ['tickets', id, 'contact'] as const,
};
