import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file whether it runs from `server/src` or `dist/server/src`. */
export function findProjectRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(directory, 'scripts', 'embedded-db', 'go.mod'))) return directory;
    const parent = dirname(directory);
    if (parent === directory) throw new Error('cannot find the project root (scripts/embedded-db/go.mod)');
    directory = parent;
  }
}
