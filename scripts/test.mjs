// npm test: the tests, the type check and the dependency rules at once. The tests wait on the
// database for much of their run; the checks fill those gaps instead of running first, one after
// the other. The checks' output is printed after the tests', and any failure fails the whole.
import { spawn } from 'node:child_process';
import { constants, setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function run(command, args, { quiet, background = false }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    // The checks take only the CPU the tests leave: at the lowest priority (inherited by the
    // TypeScript processes the type check starts a moment later), they no longer slow the tests'
    // start, when both test workers and both type checks want the two cores at once.
    if (background && child.pid) {
      try {
        setPriority(child.pid, constants.priority.PRIORITY_LOW);
      } catch {
        // Not permitted here: the checks run at normal priority, only slower overall.
      }
    }
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

const checks = [
  ['type check', run(process.execPath, [join(root, 'scripts', 'typecheck.mjs')], { quiet: true, background: true })],
  ['dependency rules', run(bin('depcruise'), ['server/src', 'seeds', '--config', '.dependency-cruiser.cjs'], { quiet: true, background: true })],
];
const tests = await run(bin('vitest'), ['run', ...process.argv.slice(2)], { quiet: false });
let failed = tests.code !== 0;
for (const [name, check] of checks) {
  const { code, output } = await check;
  console.log(`\n${name}: ${code === 0 ? 'passed' : 'FAILED'}`);
  if (code !== 0 || output.trim()) process.stdout.write(output);
  failed ||= code !== 0;
}
process.exit(failed ? 1 : 0);
