/**
 * A secondary access path derived from the records (the ticket directory, search entries, list
 * pages): kept current through the change feed, and rebuilt from the records by
 * `npm run index:rebuild` when it is missing or suspected wrong. The records stay the one source of truth.
 */
export interface DerivedPath {
  /** Its name on the command line (`npm run index:rebuild -- <name>`) and beside its progress bar. */
  name: string;
  /** Recomputes it from the records, telling how far it got as it goes. */
  rebuild(onProgress: (done: number, total: number) => void): Promise<void>;
}

/** Rebuilds the named paths (all when `names` is empty), in the registry's order; an unknown name is refused before any work. */
export async function rebuildDerivedPaths(
  registry: readonly DerivedPath[],
  names: readonly string[],
  onProgress: (path: string, done: number, total: number) => void,
): Promise<string[]> {
  const unknown = names.filter((name) => !registry.some((path) => path.name === name));
  if (unknown.length > 0) throw new Error(`unknown derived path: ${unknown.join(', ')} (known: ${registry.map((path) => path.name).join(', ')})`);
  const chosen = names.length === 0 ? registry : registry.filter((path) => names.includes(path.name));
  for (const path of chosen) await path.rebuild((done, total) => onProgress(path.name, done, total));
  return chosen.map((path) => path.name);
}
