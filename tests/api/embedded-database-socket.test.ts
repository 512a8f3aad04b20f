import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MONGOOSE_OPTIONS } from '../../server/src/database/connect-database.js';
import { embeddedDatabaseSocketPath, startEmbeddedDatabase, type EmbeddedDatabase } from '../../server/src/database/embedded-database.js';

// This file runs its own database servers, to look at how they listen.
let database: EmbeddedDatabase | undefined;
const folders: string[] = [];
afterEach(async () => {
  await database?.stop();
  database = undefined;
});
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

async function newFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'mowakaba-socket-'));
  folders.push(folder);
  return folder;
}

/** The TCP ports a process listens on, from its socket descriptors and the kernel's tables (Linux). */
async function listeningTcpPorts(pid: number): Promise<number[]> {
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode) inodes.add(inode);
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is field 1 (address:PORT in hex), st field 3 (0A: LISTEN), inode field 9.
      if (fields[3] === '0A' && inodes.has(fields[9]!)) ports.push(parseInt(fields[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}

/** Whether an unprivileged account (nobody) connects to the database the URI names. */
function nobodyConnects(uri: string): Promise<boolean> {
  const { hostname, port } = new URL(uri);
  const host = decodeURIComponent(hostname);
  const target = host.endsWith('.sock') ? { path: host } : { host, port: Number(port) };
  const probe = `require('node:net').connect(${JSON.stringify(target)}).on('connect', () => process.exit(0)).on('error', () => process.exit(1))`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', probe], { uid: 65534, gid: 65534, stdio: 'ignore' });
    child.once('exit', (code) => resolve(code === 0));
  });
}

describe('the embedded database', () => {
  it('listens on a Unix socket only its owner can open, and on no TCP port', async () => {
    const folder = await newFolder();
    const dataDir = join(folder, 'data');
    database = await startEmbeddedDatabase({ dataDir, logFile: join(folder, 'db.log') });

    expect(database.socketPath).toBe(join(dataDir, 'embedded-db.sock'));
    const socket = await stat(database.socketPath!);
    expect(socket.isSocket()).toBe(true);
    expect(socket.mode & 0o077).toBe(0);
    expect((await stat(dataDir)).mode & 0o077).toBe(0);
    expect(await listeningTcpPorts(database.pid)).toEqual([]);
    if (process.getuid?.() === 0) expect(await nobodyConnects(database.uri)).toBe(false);

    // The printed URI is what the server, the tests and the scripts hand the driver, a database name added to its path.
    const uri = new URL(database.uri);
    uri.pathname = '/through_the_socket';
    const connection = await mongoose.createConnection(uri.toString(), MONGOOSE_OPTIONS).asPromise();
    try {
      await connection.collection('probe').insertOne({ kept: true });
      expect(connection.name).toBe('through_the_socket');
      expect(await connection.collection('probe').countDocuments({ kept: true })).toBe(1);
    } finally {
      await connection.close();
    }
  }, 60_000);

  it('puts the socket of a data folder too deep for a socket address in a private folder, the same one again after a restart', async () => {
    const folder = await newFolder();
    const dataDir = join(folder, 'a'.repeat(60), 'b'.repeat(60));
    const options = { dataDir, logFile: join(folder, 'db.log') };
    database = await startEmbeddedDatabase(options);
    const socketPath = database.socketPath!;
    expect(Buffer.byteLength(socketPath)).toBeLessThanOrEqual(107);
    expect(socketPath.startsWith(dataDir)).toBe(false);
    expect((await stat(join(socketPath, '..'))).mode & 0o077).toBe(0);
    const uri = database.uri;
    // Killed (no clean stop removes the socket file): the next start must still listen there.
    process.kill(database.pid, 'SIGKILL');
    await database.exited;
    database = await startEmbeddedDatabase(options);
    expect(database.uri).toBe(uri);
    expect(embeddedDatabaseSocketPath(dataDir)).toBe(socketPath);
    const connection = await mongoose.createConnection(database.uri, MONGOOSE_OPTIONS).asPromise();
    await connection.close();
    await rm(join(socketPath, '..'), { recursive: true, force: true });
  }, 60_000);

  it('listens on loopback TCP when a port is asked for explicitly', async () => {
    const folder = await newFolder();
    database = await startEmbeddedDatabase({ dataDir: join(folder, 'data'), logFile: join(folder, 'db.log'), port: 0 });
    expect(database.socketPath).toBeNull();
    expect(database.uri).toBe(`mongodb://127.0.0.1:${database.port}/`);
    expect(await listeningTcpPorts(database.pid)).toEqual([database.port]);
    // Anyone on the machine gets in there: what the socket's mode keeps out.
    if (process.getuid?.() === 0) expect(await nobodyConnects(database.uri)).toBe(true);
  }, 60_000);
});
