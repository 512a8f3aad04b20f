/** Whether two stored values are equal (ids, dates and nested objects by their JSON; null and undefined alike): a write that changes nothing is skipped. */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
