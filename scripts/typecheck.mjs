// Type-checks the server with every test (browser tests included) and the web app side by side: two
// TypeScript projects, run in parallel so that `npm test` waits for the slower one rather than for their sum.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const projects = [
  ['-p', 'tsconfig.json', '--noEmit'],
  ['-p', 'web/tsconfig.json', '--noEmit'],
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
