/** React-query keys of call data, in one place so live events and screens agree. */
export const callKeys = {
  all: ['calls'] as const,
  waiting: () => ['calls', 'waiting'] as const,
  callbacks: () => ['calls', 'callbacks'] as const,
  details: () => ['calls', 'detail'] as const,
  detail: (callSid: string) => ['calls', 'detail', callSid] as const,
};
