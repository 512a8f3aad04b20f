import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createSignedInUser, createTestUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { createArticleThroughApi, searchRequest } from '../helpers/kb.js';
import { spawnServer, waitForLogLine, type ServerProcess } from '../helpers/server-process.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

const database = useTestDatabase();

let otherNode: ServerProcess | undefined;
let dataDir: string | undefined;
afterAll(async () => {
  if (otherNode && otherNode.child.exitCode === null) {
    otherNode.child.kill('SIGTERM');
    await otherNode.exited;
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const titles = (body: { results: { title: string }[] }) => body.results.map((result) => result.title);

describe('two nodes on one database', () => {
  it('see each other’s article saves in search at once', { timeout: 120_000 }, async () => {
    const { app } = createTestApp();
    const supervisor = await createSignedInUser(app, 'supervisor');
    const created = await createArticleThroughApi(app, supervisor.cookie, { title: 'Tombola solidaire' });
    expect(titles(await json(await searchRequest(app, { q: 'tombola' })))).toEqual(['Tombola solidaire']);

    const uri = new URL(inject('mongoUri'));
    uri.pathname = `/${database.connection().name}`;
    dataDir = await mkdtemp(join(tmpdir(), 'mowakaba-kb-node-'));
    otherNode = spawnServer({ PORT: '0', HOST: '127.0.0.1', MONGODB_URI: uri.toString(), DATA_DIR: dataDir, DEMO_DATA: 'false' });
    const listening = await waitForLogLine(otherNode, 'Mowakaba is listening');
    const other = `http://127.0.0.1:${listening.port as number}`;
    const searchOther = async (q: string) => titles(await json(await fetch(`${other}/api/kb/search?q=${encodeURIComponent(q)}`)));

    expect(await searchOther('tombola')).toEqual(['Tombola solidaire']);

    await app.request(`/api/kb/articles/${created.id}`, jsonRequest('PATCH', { title: 'Kermesse solidaire' }, supervisor.cookie));
    expect(await searchOther('kermesse')).toEqual(['Kermesse solidaire']);
    expect(await searchOther('tombola')).toEqual([]);

    const editor = await createTestUser({ role: 'supervisor' });
    const login = await fetch(`${other}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: editor.email, password: editor.password }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const written = await fetch(`${other}/api/kb/articles`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: JSON.stringify({ title: 'Brocante associative', body: 'Organiser une brocante.', lang: 'fr', topic: 'other', status: 'published', visibility: 'public' }),
    });
    expect(written.status).toBe(201);
    expect(titles(await json(await searchRequest(app, { q: 'brocante' })))).toEqual(['Brocante associative']);
  });
});
