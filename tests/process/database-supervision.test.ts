import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ZErrorBody } from '@mowakaba/shared/errors';
import { spawnServer, waitForLogLine, type ServerProcess } from '../helpers/server-process.js';

const temporaryDirs: string[] = [];
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const server of servers) {
    if (server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }
  await Promise.all(temporaryDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function modesUnder(directory: string): Promise<Array<{ path: string; mode: number }>> {
  const found: Array<{ path: string; mode: number }> = [{ path: directory, mode: (await stat(directory)).mode & 0o777 }];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) found.push(...(await modesUnder(path)));
    else found.push({ path, mode: (await stat(path)).mode & 0o777 });
  }
  return found;
}

async function timed(request: Promise<Response>): Promise<{ response: Response; ms: number }> {
  const started = performance.now();
  const response = await request;
  return { response, ms: performance.now() - started };
}

describe('the embedded database is supervised', () => {
  it('is restarted after being killed: API 503 at once while away, /ready back to 200, no server restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mowakaba-supervision-'));
    temporaryDirs.push(dataDir);
    const server = spawnServer({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_DATA: 'false',
      ADMIN_EMAIL: 'admin@mowakaba.test',
      ADMIN_PASSWORD: 'first admin password',
    });
    servers.push(server);
    const listening = await waitForLogLine(server, 'Mowakaba is listening');
    const base = `http://127.0.0.1:${listening.port as number}`;
    const started = await waitForLogLine(server, 'embedded database (FerretDB) started');
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'admin@mowakaba.test', password: 'first admin password' }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const listTickets = () => fetch(`${base}/api/tickets`, { headers: { Cookie: cookie } });
    expect((await listTickets()).status).toBe(200);

    // Personal data on disk is for the server's account only.
    for (const entry of await modesUnder(join(dataDir, 'ferretdb'))) {
      expect(entry.mode & 0o077, `${entry.path} is ${entry.mode.toString(8)}`).toBe(0);
    }
    expect((await stat(join(dataDir, 'embedded-db.log'))).mode & 0o077).toBe(0);

    process.kill(started.pid as number, 'SIGKILL');
    await waitForLogLine(server, 'embedded database exited; restarting it', 10_000);

    const whileAway = await timed(listTickets());
    expect(whileAway.response.status).toBe(503);
    expect(whileAway.response.headers.get('retry-after')).toBe('2');
    expect(ZErrorBody.parse(await whileAway.response.json()).error.code).toBe('service_unavailable');
    expect(whileAway.ms).toBeLessThan(1_000);
    expect((await fetch(`${base}/health`)).status).toBe(200);

    const restarted = await waitForLogLine(server, 'embedded database restarted', 30_000);
    expect(restarted.pid).not.toBe(started.pid);
    const deadline = Date.now() + 20_000;
    let ready = await fetch(`${base}/ready`);
    while (ready.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      ready = await fetch(`${base}/ready`);
    }
    expect(ready.status).toBe(200);
    let tickets = await listTickets();
    while (tickets.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      tickets = await listTickets();
    }
    expect(tickets.status).toBe(200);
    expect(server.child.exitCode).toBeNull();
    expect(server.stdout.join('\n')).not.toMatch(/first admin password/);
  }, 180_000);
});
