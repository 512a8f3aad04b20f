import { createHash, randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { THandshakeRateLimited } from '@mowakaba/shared/events';
import { ZCreatedWallboardLink } from '@mowakaba/shared/schemas/wallboard-links';
import { WallboardLinkModel } from '../../server/src/modules/dashboard/wallboard-link.model.js';
import { createManualClock } from '../../server/src/platform/clock.js';
import { chooseStorage } from '../../server/src/platform/storage/index.js';
import { HANDSHAKE_FAILURE_BACKOFF } from '../../server/src/realtime/socket-server.js';
import { LiveConnection } from '../../web/src/lib/live-connection.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { startTestServer, type ConsoleSocket, type TestServer } from '../helpers/test-server.js';

useTestDatabase();

// Time as the rate-limit counters see it: moved by the tests, starting from now so sessions stay valid.
const clock = createManualClock(new Date());
let server: TestServer;
const opened: ConsoleSocket[] = [];
beforeAll(async () => {
  await chooseStorage(mongoose.connection, clock);
  // Behind a proxy: each test speaks from addresses of its own through X-Forwarded-For.
  server = await startTestServer({ environment: { TRUST_PROXY: 'true' } });
});
afterEach(() => {
  for (const socket of opened.splice(0)) socket.close();
});
afterAll(async () => {
  await server.close();
});

/** One handshake from `address` (a TV's when given a wallboard token); resolves once connected, or with the refusal's message and data. */
function handshake(address: string, cookie = 'mowakaba_session=stolen-or-forged', wallboardToken?: string) {
  const socket: ConsoleSocket = connectSocket(server.url, {
    transports: ['websocket'],
    extraHeaders: { Cookie: cookie, 'X-Forwarded-For': address },
    ...(wallboardToken === undefined ? {} : { auth: { wallboardToken } }),
    reconnection: false,
    forceNew: true,
  });
  opened.push(socket);
  return new Promise<{ connected: true } | { connected: false; message: string; data?: THandshakeRateLimited }>((resolve) => {
    socket.once('connect', () => resolve({ connected: true }));
    socket.once('connect_error', (error: Error & { data?: THandshakeRateLimited }) => resolve({ connected: false, message: error.message, data: error.data }));
  });
}

/** A wallboard link, and its token as the supervisor who made it received it. */
async function newWallboardLink(supervisorCookie: string) {
  const created = await server.app.request('/api/dashboard/wallboard-links', jsonRequest('POST', { label: 'Salle des agents' }, supervisorCookie));
  return ZCreatedWallboardLink.parse(await json(created));
}

/** A real token with its first character changed: a guess, however close. */
const tokenWithOneCharacterChanged = (token: string) => `${token[0] === 'A' ? 'B' : 'A'}${token.slice(1)}`;

/** A real session cookie with the first character of its token changed: a guess, however close. */
const withOneCharacterChanged = (cookie: string) => cookie.replace(/=(.+)$/, (_match, token: string) => `=${tokenWithOneCharacterChanged(token)}`);

/** Spends every failure `address` is allowed without waiting. */
async function failFreely(address: string) {
  for (let attempt = 0; attempt < HANDSHAKE_FAILURE_BACKOFF.freeFailures; attempt += 1) {
    expect(await handshake(address)).toEqual({ connected: false, message: 'unauthenticated', data: undefined });
  }
}

describe('socket handshakes that keep failing', () => {
  it('are refused with rate-limited and a retry-after once an address has failed too often, while a console from another address connects', async () => {
    const agent = await createSignedInUser(server.app, 'agent');
    await failFreely('203.0.113.7');
    // The failure past the free ones sets the wait; from then on the address is refused before any lookup.
    expect(await handshake('203.0.113.7')).toMatchObject({ connected: false, message: 'unauthenticated' });
    const refused = await handshake('203.0.113.7');
    expect(refused).toMatchObject({ connected: false, message: 'rate-limited', data: { code: 'rate-limited' } });
    const { retryAfterSeconds } = (refused as { data: THandshakeRateLimited }).data;
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(retryAfterSeconds).toBeLessThanOrEqual(HANDSHAKE_FAILURE_BACKOFF.firstDelayMs / 1000);

    expect(await handshake('198.51.100.20', agent.cookie)).toEqual({ connected: true });

    // Once the wait is over the address may try again; another failure makes it wait twice as long.
    await clock.advance(retryAfterSeconds * 1000);
    expect(await handshake('203.0.113.7')).toMatchObject({ connected: false, message: 'unauthenticated' });
    const longer = await handshake('203.0.113.7');
    expect(longer).toMatchObject({ connected: false, message: 'rate-limited' });
    expect((longer as { data: THandshakeRateLimited }).data.retryAfterSeconds).toBeGreaterThan(retryAfterSeconds);
  });

  it('never lock out an agent whose address waits: a valid session connects there, while guesses and ended sessions from it are still refused', async () => {
    // An office (or a mobile carrier) behind one address, where someone else keeps guessing.
    const office = '203.0.113.50';
    const agent = await createSignedInUser(server.app, 'agent');
    const signedOut = await createSignedInUser(server.app, 'agent');
    expect((await server.app.request('/api/auth/logout', jsonRequest('POST', {}, signedOut.cookie))).status).toBe(204);
    await failFreely(office);
    await handshake(office);
    expect(await handshake(office)).toMatchObject({ connected: false, message: 'rate-limited', data: { code: 'rate-limited' } });

    expect(await handshake(office, agent.cookie)).toEqual({ connected: true });
    // The agent's connection did not lift the wait for the guesser, nor for a session that has ended.
    expect(await handshake(office)).toMatchObject({ connected: false, message: 'rate-limited', data: { code: 'rate-limited' } });
    expect(await handshake(office, signedOut.cookie)).toMatchObject({ connected: false, message: 'rate-limited', data: { code: 'rate-limited' } });
    expect(await handshake(office, withOneCharacterChanged(agent.cookie))).toMatchObject({ connected: false, message: 'rate-limited', data: { code: 'rate-limited' } });
    expect(await handshake(office, agent.cookie)).toEqual({ connected: true });
  });

  it('never lock out a wallboard TV whose address waits: its link connects there, while guessed and revoked tokens from it are still refused', async () => {
    const hall = '203.0.113.70';
    const supervisor = await createSignedInUser(server.app, 'supervisor');
    const { token } = await newWallboardLink(supervisor.cookie);
    const revoked = await newWallboardLink(supervisor.cookie);
    expect((await server.app.request(`/api/dashboard/wallboard-links/${revoked.link.id}`, { method: 'DELETE', headers: { Cookie: supervisor.cookie } })).status).toBe(204);
    await failFreely(hall);
    await handshake(hall);
    expect(await handshake(hall)).toMatchObject({ connected: false, message: 'rate-limited' });

    expect(await handshake(hall, '', token)).toEqual({ connected: true });
    // The TV did not lift the wait for guesses (which cost no lookup), nor for a link that was revoked.
    const linkReads: string[] = [];
    mongoose.set('debug', (collection: string, method: string) => {
      if (collection === WallboardLinkModel.collection.collectionName) linkReads.push(method);
    });
    try {
      expect(await handshake(hall, '', tokenWithOneCharacterChanged(token))).toMatchObject({ connected: false, message: 'rate-limited' });
      expect(await handshake(hall, '', randomBytes(64).toString('base64url').slice(0, token.length))).toMatchObject({ connected: false, message: 'rate-limited' });
    } finally {
      mongoose.set('debug', false);
    }
    expect(linkReads).toEqual([]);
    expect(await handshake(hall, '', revoked.token)).toMatchObject({ connected: false, message: 'rate-limited' });
    expect(await handshake(hall)).toMatchObject({ connected: false, message: 'rate-limited' });
    expect(await handshake(hall, '', token)).toEqual({ connected: true });
  });

  it('cost no session read for a guess while its address waits, so guessing there gains nothing', async () => {
    const agent = await createSignedInUser(server.app, 'agent');
    const guesser = '203.0.113.60';
    await failFreely(guesser);
    await handshake(guesser);
    // Guesses shaped like a real token (its alphabet and length), and a real one with a character changed.
    const tokenLength = agent.cookie.split('=')[1]!.length;
    const guesses = Array.from({ length: 10 }, () => `mowakaba_session=${randomBytes(64).toString('base64url').slice(0, tokenLength)}`);
    guesses.push(withOneCharacterChanged(agent.cookie));
    const sessionReads: string[] = [];
    mongoose.set('debug', (collection: string, method: string) => {
      if (collection === 'sessions') sessionReads.push(method);
    });
    try {
      for (const cookie of guesses) expect(await handshake(guesser, cookie)).toMatchObject({ connected: false, message: 'rate-limited' });
    } finally {
      mongoose.set('debug', false);
    }
    expect(sessionReads).toEqual([]);
  });

  it('never hold up a console that reconnects normally, however often', async () => {
    const agent = await createSignedInUser(server.app, 'agent');
    for (let reconnection = 0; reconnection < HANDSHAKE_FAILURE_BACKOFF.freeFailures * 3; reconnection += 1) {
      expect(await handshake('192.0.2.30', agent.cookie)).toEqual({ connected: true });
    }
  });
});

describe('a console refused for its address', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the wait, makes no attempt until it is over, then connects with one', async () => {
    // A TV on this test's only address, 127.0.0.1, as a console in the browser would be. Its link was
    // made before tokens were signed (a bare random token), so it waits with the address as a refused console does.
    const token = randomBytes(32).toString('base64url');
    await WallboardLinkModel.create({ _id: createHash('sha256').update(token).digest('base64url'), linkId: randomBytes(16).toString('hex'), label: 'Salle des agents', teamId: null, createdBy: { id: 'x', name: 'Superviseur' }, createdAt: new Date() });
    await failFreely('127.0.0.1');
    await handshake('127.0.0.1');

    let handshakes = 0;
    server.io.engine.on('connection', () => {
      handshakes += 1;
    });
    let showWait: (seconds: number) => void = () => undefined;
    let showConnected: () => void = () => undefined;
    const told = new Promise<number>((resolve) => (showWait = resolve));
    const back = new Promise<void>((resolve) => (showConnected = resolve));
    const statuses: boolean[] = [];
    const tv = new LiveConnection(
      {
        onEvent: () => undefined,
        onStale: () => undefined,
        onViewers: () => undefined,
        onStatus: (isConnected) => {
          statuses.push(isConnected);
          if (isConnected) showConnected();
        },
        onRetryLater: (seconds) => showWait(seconds),
      },
      { wallboardToken: token, url: server.url },
    );
    // Its own wait is on a clock the test moves; socket.io's timers were taken when it was created.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const retryAfterSeconds = await told;
      expect(handshakes).toBe(1);
      vi.advanceTimersByTime(retryAfterSeconds * 1000 - 1);
      await clock.advance(retryAfterSeconds * 1000);
      expect(statuses).toEqual([]);

      vi.advanceTimersByTime(1_001);
      await back;
      expect(handshakes).toBe(2);
      expect(statuses).toEqual([true]);
    } finally {
      tv.close();
    }
  });
});
