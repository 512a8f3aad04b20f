import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, renameSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { findProjectRoot } from '../project-root.js';

/** Raised when the embedded database can neither be built nor started; its message is for humans. */
export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

export interface EmbeddedDatabase {
  uri: string;
  port: number;
  /** The server's process id (benchmarks read its CPU time). */
  pid: number;
  stop(): Promise<void>;
}

export interface StartEmbeddedDatabaseOptions {
  dataDir: string;
  logFile: string;
  /** 0 picks a free port; restarting on the port of a stopped instance keeps client URIs valid. */
  port?: number;
}

const STARTUP_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** Where Go may be: every PATH entry, then the official installer's default place. */
export function defaultGoCandidates(): string[] {
  return [...(process.env.PATH ?? '').split(delimiter).map((directory) => join(directory, 'go')), '/usr/local/go/bin/go'];
}

function newestSourceTime(sourceDir: string): number {
  return Math.max(...['main.go', 'go.mod', 'go.sum'].map((file) => statSync(join(sourceDir, file)).mtimeMs));
}

/** Builds the Go program that embeds FerretDB, once, into `.cache/embedded-db/`; returns its path. */
export function ensureEmbeddedDatabaseBinary(
  options: { outputDir?: string; goCandidates?: string[] } = {},
): string {
  const root = findProjectRoot();
  const sourceDir = join(root, 'scripts', 'embedded-db');
  const outputDir = options.outputDir ?? join(root, '.cache', 'embedded-db');
  const binary = join(outputDir, 'embedded-db');
  if (existsSync(binary) && statSync(binary).mtimeMs >= newestSourceTime(sourceDir)) return binary;

  const go = (options.goCandidates ?? defaultGoCandidates()).find((candidate) => existsSync(candidate));
  if (go === undefined) {
    throw new EmbeddedDatabaseError(
      'No database is configured: set MONGODB_URI to a MongoDB server, or install Go 1.24 or newer so the embedded database (FerretDB) can be built.',
    );
  }
  mkdirSync(outputDir, { recursive: true });
  // Build to a private name and rename, so a concurrent start never runs a half-written binary.
  const partial = `${binary}.${process.pid}.partial`;
  const build = spawnSync(go, ['build', '-trimpath', '-o', partial, '.'], {
    cwd: sourceDir,
    encoding: 'utf8',
    env: { ...process.env, CGO_ENABLED: process.env.CGO_ENABLED ?? '0' },
  });
  if (build.status !== 0) {
    throw new EmbeddedDatabaseError(
      `Building the embedded database with ${go} failed: ${(build.stderr || build.error?.message || '').trim()}`,
    );
  }
  renameSync(partial, binary);
  return binary;
}

/** Starts the embedded FerretDB on loopback and resolves once it accepts connections. */
export async function startEmbeddedDatabase(options: StartEmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const binary = ensureEmbeddedDatabaseBinary();
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const logFd = openSync(resolve(options.logFile), 'a');

  const child = spawn(
    binary,
    ['-listen', `127.0.0.1:${options.port ?? 0}`, '-data', dataDir, '-log', resolve(options.logFile)],
    // stdin stays open as a lifeline: the program exits when it closes, i.e. when this process dies.
    { stdio: ['pipe', 'pipe', logFd] },
  );
  closeSync(logFd);

  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const uri = await new Promise<string>((resolveUri, rejectUri) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rejectUri(new EmbeddedDatabaseError(`The embedded database did not start within ${STARTUP_TIMEOUT_MS / 1000} s; see ${options.logFile}.`));
    }, STARTUP_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolveUri(line.trim());
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      rejectUri(new EmbeddedDatabaseError(`The embedded database exited with code ${code} while starting; see ${options.logFile}.`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      rejectUri(new EmbeddedDatabaseError(`The embedded database could not be started: ${error.message}`));
    });
  });
  const port = Number(new URL(uri).port);

  return {
    uri,
    port,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(killer);
    },
  };
}
