import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll } from 'vitest';
import { findProjectRoot } from '../../server/src/project-root.js';

export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  stdout: string[];
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Runs `server/src/main.ts` as `npm start` would, with the given environment on top of a clean one. */
export function spawnServer(environment: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: findProjectRoot(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...environment },
  });
  const stdout: string[] = [];
  let stderr = '';
  createInterface({ input: child.stdout }).on('line', (line) => stdout.push(line));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout, stderr: () => stderr, exited };
}

/** Waits for the JSON log line with the given message and returns it parsed. */
export async function waitForLogLine(server: ServerProcess, message: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const line of server.stdout) {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        if (entry.msg === message) return entry;
      } catch {
        // not a JSON line
      }
    }
    if (server.child.exitCode !== null) throw new Error(`server exited early: ${server.stderr()}`);
    if (Date.now() > deadline) throw new Error(`no "${message}" log line within ${timeoutMs} ms: ${server.stdout.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Server processes for the calling test file, each on a fresh data directory, started as `npm start`
 * would and waited for until they listen; stopped (and their directories removed) after its tests.
 */
export function useServerNodes() {
  const started: ServerProcess[] = [];
  const dataDirs: string[] = [];
  afterAll(async () => {
    for (const node of started) {
      if (node.child.exitCode === null && node.child.signalCode === null) {
        node.child.kill('SIGTERM');
        await node.exited;
      }
    }
    await Promise.all(dataDirs.map((directory) => rm(directory, { recursive: true, force: true })));
  });
  return {
    async start(environment: Record<string, string>): Promise<{ node: ServerProcess; url: string }> {
      const dataDir = await mkdtemp(join(tmpdir(), 'mowakaba-node-'));
      dataDirs.push(dataDir);
      const node = spawnServer({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO_DATA: 'false', ...environment });
      started.push(node);
      const listening = await waitForLogLine(node, 'Mowakaba is listening');
      return { node, url: `http://127.0.0.1:${listening.port as number}` };
    },
  };
}
