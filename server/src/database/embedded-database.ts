import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { findProjectRoot } from '../project-root.js';

/** Raised when the embedded database can neither be built nor started; its message is for humans. */
export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

export interface EmbeddedDatabase {
  uri: string;
  /** The loopback TCP port, only when one was asked for (`port`); null on the Unix socket. */
  port: number | null;
  /** The Unix socket the server listens on (the default), null on TCP. */
  socketPath: string | null;
  /** The server's process id (benchmarks read its CPU time). */
  pid: number;
  /** Settles when the process exits, for whatever reason. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

export interface StartEmbeddedDatabaseOptions {
  dataDir: string;
  logFile: string;
  /**
   * Listen on loopback TCP instead of the Unix socket: 0 picks a free port, and restarting on the port
   * of a stopped instance keeps client URIs valid. Anyone on the machine can then connect without a
   * password (FerretDB has none), so only for who asks: the socket (0700, in a 0700 folder) is the default.
   * Null or absent: the socket, whose path follows from `dataDir`, so a restart keeps the URI too.
   */
  port?: number | null;
  /**
   * The Go garbage collector's GOGC for the server process (Go's default is 100): a larger value
   * collects less often for a larger heap. The test run's throwaway server sets it (see
   * tests/helpers/global-setup.ts); absent, the process inherits the environment's.
   */
  gcPercent?: number;
}

const STARTUP_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** Where Go may be: every PATH entry, then the official installer's default place. */
export function defaultGoCandidates(): string[] {
  return [...(process.env.PATH ?? '').split(delimiter).map((directory) => join(directory, 'go')), '/usr/local/go/bin/go'];
}

function newestSourceTime(sourceDir: string): number {
  const sources = readdirSync(sourceDir).filter((file) => file.endsWith('.go') || file === 'go.mod' || file === 'go.sum');
  return Math.max(...sources.map((file) => statSync(join(sourceDir, file)).mtimeMs));
}

/** What fits in a Unix socket address (`sun_path`, 108 bytes on Linux, with its final NUL). */
const MAX_SOCKET_PATH_BYTES = 107;

/**
 * Where the embedded database's socket goes: in its data folder, or, when that path is too long for
 * a socket address, in a private folder of the system's temporary folder named after the data folder
 * (so a restart finds the same path), made owner-only and checked to be ours and no symbolic link.
 */
export function embeddedDatabaseSocketPath(dataDir: string): string {
  const inDataDir = join(dataDir, 'embedded-db.sock');
  if (Buffer.byteLength(inDataDir) <= MAX_SOCKET_PATH_BYTES) return inDataDir;
  const folder = join(tmpdir(), `mowakaba-db-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const folderStats = lstatSync(folder);
  if (!folderStats.isDirectory() || folderStats.uid !== process.getuid?.()) {
    throw new EmbeddedDatabaseError(`${folder} is not a folder of this user; remove it, or choose a shorter DATA_DIR.`);
  }
  chmodSync(folder, 0o700);
  const inTemporary = join(folder, 'db.sock');
  if (Buffer.byteLength(inTemporary) > MAX_SOCKET_PATH_BYTES) {
    throw new EmbeddedDatabaseError(`No path for the embedded database's socket fits in ${MAX_SOCKET_PATH_BYTES} bytes: choose a shorter DATA_DIR or TMPDIR.`);
  }
  return inTemporary;
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

/** Starts the embedded FerretDB on its Unix socket (or loopback TCP) and resolves once it accepts connections. */
export async function startEmbeddedDatabase(options: StartEmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const binary = ensureEmbeddedDatabaseBinary();
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Callers' names, phone numbers and messages live in these files: owner only, also for folders
  // and files an older version left readable by everyone.
  restrictToOwner(dataDir);
  const logFd = openSync(resolve(options.logFile), 'a', 0o600);
  chmodSync(resolve(options.logFile), 0o600);

  const tcpPort = options.port ?? null;
  const socketPath = tcpPort === null ? embeddedDatabaseSocketPath(dataDir) : null;
  const child = spawn(
    binary,
    [...(socketPath ? ['-socket', socketPath] : ['-listen', `127.0.0.1:${tcpPort}`]), '-data', dataDir, '-log', resolve(options.logFile)],
    // stdin stays open as a lifeline: the program exits when it closes, i.e. when this process dies.
    {
      stdio: ['pipe', 'pipe', logFd],
      ...(options.gcPercent === undefined ? {} : { env: { ...process.env, GOGC: String(options.gcPercent) } }),
    },
  );
  closeSync(logFd);

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.once('exit', (code, signal) => resolveExit({ code, signal })),
  );
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
  const port = socketPath ? null : Number(new URL(uri).port);

  return {
    uri,
    port,
    socketPath,
    pid: child.pid!,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Makes a folder and everything under it readable by its owner only (0700 folders, 0600 files). */
export function restrictToOwner(directory: string): void {
  chmodSync(directory, 0o700);
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) restrictToOwner(path);
    else if (entry.isFile()) chmodSync(path, 0o600);
  }
}

/** An embedded database that is started again whenever its process dies. */
export interface SupervisedEmbeddedDatabase extends EmbeddedDatabase {
  /** False from the moment the process dies until its replacement accepts connections. */
  isRunning(): boolean;
  /** Called with false when the process dies and true when a replacement is up. */
  onAvailabilityChange(listener: (running: boolean) => void): void;
}

export interface SupervisionLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** First wait before a restart, doubled after each failed one up to the maximum. */
export const RESTART_BACKOFF_MS = { first: 250, max: 10_000 } as const;

/**
 * Starts the embedded database and keeps it running: when its process exits without `stop()`
 * (killed, crashed, out of memory), it is started again on the same socket or port — so the driver's
 * connection string stays valid and mongoose reconnects by itself — after a wait that doubles
 * with each failed attempt. Every exit and restart is logged.
 */
export async function startSupervisedEmbeddedDatabase(
  options: StartEmbeddedDatabaseOptions & { log: SupervisionLog; backoffMs?: { first: number; max: number } },
): Promise<SupervisedEmbeddedDatabase> {
  const backoff = options.backoffMs ?? RESTART_BACKOFF_MS;
  let current = await startEmbeddedDatabase(options);
  const { port, socketPath } = current;
  let running = true;
  let stopping = false;
  const listeners: Array<(running: boolean) => void> = [];
  const announce = (value: boolean) => {
    running = value;
    for (const listener of listeners) listener(value);
  };

  const restart = async (exitCode: number | null, signal: NodeJS.Signals | null) => {
    announce(false);
    options.log.error({ exitCode, signal, port, socketPath }, 'embedded database exited; restarting it');
    let wait = backoff.first;
    for (let attempt = 1; !stopping; attempt += 1) {
      await new Promise((resolveWait) => setTimeout(resolveWait, wait));
      if (stopping) return;
      try {
        current = await startEmbeddedDatabase({ ...options, port });
        if (stopping) {
          await current.stop();
          return;
        }
        options.log.info({ attempt, port, socketPath, pid: current.pid }, 'embedded database restarted');
        watch();
        announce(true);
        return;
      } catch (error) {
        options.log.warn({ attempt, retryInMs: Math.min(wait * 2, backoff.max), err: error }, 'embedded database restart failed');
        wait = Math.min(wait * 2, backoff.max);
      }
    }
  };
  const watch = () => {
    current.exited.then(({ code, signal }) => {
      if (!stopping) void restart(code, signal);
    });
  };
  watch();

  return {
    uri: current.uri,
    port,
    socketPath,
    get pid() {
      return current.pid;
    },
    exited: new Promise(() => undefined),
    isRunning: () => running,
    onAvailabilityChange(listener) {
      listeners.push(listener);
    },
    async stop() {
      stopping = true;
      await current.stop();
    },
  };
}
