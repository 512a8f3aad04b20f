import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer, waitForLogLine } from '../helpers/server-process.js';

const temporaryDirs: string[] = [];
afterAll(async () => {
  await Promise.all(temporaryDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

function socketAcceptsConnections(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ path });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('starting the server process', () => {
  it('stops with one sentence naming a bad variable, and no stack trace', async () => {
    const server = spawnServer({ PORT: 'eighty' });
    expect(await server.exited).toBe(1);
    expect(server.stderr().trim()).toMatch(/^Mowakaba cannot start: PORT .+\.$/);
    expect(server.stderr()).not.toMatch(/\n\s+at /);
  });

  it('names ADMIN_PASSWORD when only ADMIN_EMAIL is set, and a bad MONGODB_URI', async () => {
    const server = spawnServer({ ADMIN_EMAIL: 'admin@mowakaba.test', MONGODB_URI: 'postgres://nope' });
    expect(await server.exited).toBe(1);
    expect(server.stderr()).toMatch(/MONGODB_URI must start with mongodb:\/\//);
    expect(server.stderr()).toMatch(/ADMIN_PASSWORD ADMIN_EMAIL and ADMIN_PASSWORD must be set together/);
  });

  it('creates the first admin, refuses anonymous sockets, and shuts down cleanly on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mowakaba-process-'));
    temporaryDirs.push(dataDir);
    const server = spawnServer({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_DATA: 'false',
      ADMIN_EMAIL: 'admin@mowakaba.test',
      ADMIN_PASSWORD: 'first admin password',
      TWILIO_AUTH_TOKEN: 'secret-token-that-must-not-be-logged',
    });
    const listening = await waitForLogLine(server, 'Mowakaba is listening');
    const base = `http://127.0.0.1:${listening.port as number}`;
    const databaseStarted = await waitForLogLine(server, 'embedded database (FerretDB) started');
    const databaseSocket = databaseStarted.socketPath as string;
    // Without MONGODB_URI the database listens on a socket inside the data folder, on no TCP port.
    expect(databaseSocket).toBe(join(dataDir, 'ferretdb', 'embedded-db.sock'));
    expect(databaseStarted.port).toBeNull();

    expect((await fetch(`${base}/ready`)).status).toBe(200);
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'admin@mowakaba.test', password: 'first admin password' }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;

    const anonymous = connectSocket(base, { transports: ['websocket'], reconnection: false });
    const refusal = await new Promise<string>((resolve) => anonymous.once('connect_error', (error) => resolve(error.message)));
    expect(refusal).toBe('unauthenticated');
    anonymous.close();

    const agentSocket = connectSocket(base, { transports: ['websocket'], reconnection: false, extraHeaders: { Cookie: cookie } });
    await new Promise<void>((resolve, reject) => {
      agentSocket.once('connect', () => resolve());
      agentSocket.once('connect_error', reject);
    });
    const disconnected = new Promise<string>((resolve) => agentSocket.once('disconnect', (reason) => resolve(reason)));

    server.child.kill('SIGTERM');
    const exitCode = await server.exited;
    expect(exitCode, `stderr: ${server.stderr()}\nlast log lines: ${server.stdout.slice(-6).join('\n')}`).toBe(0);
    // A closed transport (not a server-side kick) lets consoles reconnect to another node.
    expect(await disconnected).toBe('transport close');
    expect(await socketAcceptsConnections(databaseSocket)).toBe(false);
    expect(server.stdout.some((line) => line.includes('"msg":"stopped"'))).toBe(true);

    const everything = server.stdout.join('\n') + (await readFile(join(dataDir, 'embedded-db.log'), 'utf8'));
    expect(everything).not.toMatch(/secret-token-that-must-not-be-logged|first admin password/);
  }, 180_000);
});
