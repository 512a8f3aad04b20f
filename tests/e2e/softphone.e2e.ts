import { spawn } from 'node:child_process';
import type { Page } from 'playwright-core';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProjectRoot } from '../../server/src/project-root.js';
import type { AdminApi } from './admin-api.js';
import { saveScreenshot, type E2eEnvironment } from './browser.js';
import { startSimulatedCenter } from './simulated-center.js';

let environment: E2eEnvironment;
const PASSWORD = 'softphone test password';
// Simulation mode (no account SID) that checks signatures with this token, as `npm run simulate` signs them.
const TWILIO_TOKEN = 'e2e-simulation-token-5b1d9c3a';

/** A free port, so PUBLIC_URL (which webhooks are signed against) is the address the simulator posts to. */
let admin: AdminApi;
const api: AdminApi['api'] = (...request) => admin.api(...request);

/** One webhook as Twilio sends it, signed with the server's token: for steps `npm run simulate` does not play. */
async function postWebhook(path: string, params: Record<string, string>) {
  const url = `${environment.baseUrl}${path}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(TWILIO_TOKEN, url, params) },
    body: new URLSearchParams(params).toString(),
  });
  expect(response.status).toBe(200);
  return response.text();
}

/** `npm run simulate -- call …` against the test server: Twilio's side of one call, as signed webhooks. */
function simulateCall(from: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/simulate.ts', 'call', '--from', from, '--url', environment.baseUrl, '--token', TWILIO_TOKEN, '--talk', '300', '--give-up', '60'],
    { cwd: findProjectRoot(), env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, exited, output: () => output };
}

beforeAll(async () => {
  ({ environment, admin } = await startSimulatedCenter({ password: PASSWORD, twilioToken: TWILIO_TOKEN }));
  expect((await api('/api/users', 'POST', { email: 'salma@mowakaba.test', name: 'Salma Bennani', password: PASSWORD, role: 'agent', language: 'fr' })).status).toBe(201);
});

afterAll(async () => {
  await environment?.stop();
});

/** The socket messages each page received, in order (see signIn). */
const socketFrames = new WeakMap<Page, string[]>();

async function signIn(): Promise<Page> {
  const context = await environment.browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const frames: string[] = [];
  socketFrames.set(page, frames);
  page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => frames.push(String(payload))));
  await page.goto(`${environment.baseUrl}/?lang=fr`);
  await page.getByLabel('Adresse e-mail').fill('salma@mowakaba.test');
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('region', { name: /Téléphone/ }).waitFor();
  // Callers ring only an available agent; the choice is kept for her next sign-in.
  await page.getByLabel('Présence').selectOption('available');
  return page;
}

/** An association with one contact and an open ticket of theirs (the contact named on it when `withContact`). */
async function associationWithTicket(input: { name: { ar: string; fr: string }; phone: string; subject: string; topic: string; withContact?: boolean }) {
  const association = await api('/api/associations', 'POST', {
    name: input.name,
    registrationRef: `RC-${Date.now()}`,
    region: 'souss-massa',
    province: 'Agadir Ida-Outanane',
    city: 'Agadir',
    fieldOfActivity: 'Développement local',
    notes: '',
    contacts: [{ name: 'Khadija', role: 'présidente', phones: [input.phone], emails: [] }],
  });
  expect(association.status).toBe(201);
  const ticket = await api('/api/tickets', 'POST', {
    subject: input.subject,
    description: '',
    channel: 'web',
    language: 'fr',
    topic: input.topic,
    priority: 'normal',
    associationId: association.body.id,
    ...(input.withContact ? { contactId: association.body.contacts[0].id } : {}),
    tags: [],
    custom: {},
  });
  expect(ticket.status).toBe(201);
  return { association, ticket };
}

/** Screenshots of the ringing softphone on a large screen and a phone, in French and Arabic; back to French on a laptop after. */
async function showRingingEverywhere(page: Page) {
  const desktop = { width: 1440, height: 900 };
  for (const language of ['fr', 'ar'] as const) {
    await page.setViewportSize(desktop);
    if (language === 'ar') await page.locator('.language-switch select').selectOption('ar');
    await page.getByText(language === 'ar' ? 'مكالمة واردة' : 'Appel entrant').first().waitFor();
    await saveScreenshot(page, `softphone-ringing-masked-${language}-desktop`);
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot(page, `softphone-ringing-masked-${language}-mobile`);
  }
  await page.setViewportSize(desktop);
  await page.locator('.language-switch select').selectOption('fr');
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('the softphone', () => {
  it('rings with the association’s name, is answered, held, resumed, hung up, dispositioned, and shows on the ticket timeline', async () => {
    const { association, ticket } = await associationWithTicket({
      name: { ar: 'جمعية الأمل للتنمية', fr: 'Association Al Amal pour le développement' },
      phone: '0661234517',
      subject: 'Renouvellement du bureau',
      topic: 'founding',
    });

    const page = await signIn();
    const softphone = page.getByRole('region', { name: /Téléphone/ });
    await expect.poll(() => softphone.textContent()).toContain('Aucun appel');
    const simulator = simulateCall('0661234517');
    try {
      // Rings before anyone answers, with the caller's association (from caller ID) and the number
      // masked: every agent of the queue gets the call's events (law 09-08).
      await softphone.getByText('Appel entrant').waitFor({ timeout: 15_000 });
      await softphone.getByText('Association Al Amal pour le développement').waitFor({ timeout: 5_000 });
      expect(await softphone.getByText('+212•••••••17').count()).toBe(1);
      expect(await page.getByText('+212661234517').count()).toBe(0);
      await page.getByRole('table', { name: 'Appels en attente' }).getByText('Association Al Amal pour le développement').waitFor();
      await saveScreenshot(page, 'softphone-ringing-fr');
      await showRingingEverywhere(page);

      await softphone.getByRole('button', { name: 'Répondre' }).click();
      // The simulator fetches its wait page every 3 s: it is then put through to this agent.
      await softphone.getByText('En communication').waitFor({ timeout: 15_000 });
      // The agent who answered reads the whole number, from the call itself.
      await softphone.getByText('+212661234517').waitFor({ timeout: 5_000 });
      expect(await page.getByRole('table', { name: 'Appels en attente' }).getByText('Association Al Amal pour le développement').count()).toBe(0);

      await softphone.getByRole('button', { name: 'Mettre en attente' }).click();
      await softphone.getByRole('button', { name: 'Reprendre' }).click();
      await softphone.getByRole('button', { name: 'Mettre en attente' }).waitFor({ timeout: 15_000 });
      await softphone.getByRole('button', { name: 'Couper le micro' }).click();
      expect(await softphone.getByRole('button', { name: 'Rétablir le micro' }).getAttribute('aria-pressed')).toBe('true');
      await saveScreenshot(page, 'softphone-in-call-fr');

      await softphone.getByRole('button', { name: 'Raccrocher' }).click();
      await softphone.getByRole('heading', { name: "Après l'appel" }).waitFor({ timeout: 10_000 });
      // The association's open ticket is suggested.
      expect(await softphone.getByRole('checkbox', { name: "Rattacher au ticket ouvert de l'association" }).isChecked()).toBe(true);
      await softphone.getByRole('link', { name: new RegExp(String(ticket.body.reference)) }).waitFor();
      await softphone.getByLabel("Issue de l'appel").selectOption('information-given');
      await softphone.getByLabel("Notes d'appel").fill('Liste des documents envoyée par SMS.');
      await saveScreenshot(page, 'softphone-wrap-up-fr');
      await softphone.getByRole('button', { name: 'Enregistrer et terminer' }).click();
      await softphone.getByText('Aucun appel').waitFor();

      expect(await simulator.exited).toBe(0);
      expect(simulator.output()).toContain('the agent hung up');
    } finally {
      simulator.child.kill('SIGTERM');
    }

    const calls = await api(`/api/calls?associationId=${String(association.body.id)}`);
    expect(calls.body.items[0]).toMatchObject({ phase: 'ended', result: 'answered', ticketId: ticket.body.id, disposition: 'information-given', simulated: true });

    await page.goto(`${environment.baseUrl}/tickets/${String(ticket.body.id)}`);
    const timeline = page.getByRole('list', { name: 'Historique du ticket' });
    await timeline.getByText('Information donnée', { exact: false }).waitFor({ timeout: 10_000 });
    await timeline.getByText('Liste des documents envoyée par SMS.').waitFor();
    await saveScreenshot(page, 'softphone-ticket-timeline-fr');
  });
  it('calls an association back from a ticket in simulation mode: the server plays the association, which answers; the call is talked, ended, and on the timeline with its talk time', async () => {
    const { association, ticket } = await associationWithTicket({
      name: { ar: 'جمعية النور', fr: 'Association Nour' },
      phone: '0662345678',
      subject: 'Subvention : dossier incomplet',
      topic: 'funding',
      withContact: true,
    });
    expect(ticket.body.contactPhone).toBe('+212662345678');

    const page = await signIn();
    const softphone = page.getByRole('region', { name: /Téléphone/ });
    await page.goto(`${environment.baseUrl}/tickets/${String(ticket.body.id)}`);
    await page.getByRole('button', { name: 'Rappeler le +212662345678' }).click();
    // Placed: the association rings (played by the server's job runner, which polls every 5 s), then answers.
    await softphone.getByText("Mise en relation avec l'appelant…").waitFor({ timeout: 5_000 });
    await softphone.getByText('En communication').waitFor({ timeout: 20_000 });
    await softphone.getByText('Association Nour').waitFor();
    await saveScreenshot(page, 'softphone-callback-in-call-fr');
    await page.waitForTimeout(2_500);

    await softphone.getByRole('button', { name: 'Raccrocher' }).click();
    await softphone.getByRole('heading', { name: "Après l'appel" }).waitFor({ timeout: 10_000 });
    await softphone.getByRole('link', { name: new RegExp(String(ticket.body.reference)) }).waitFor();
    await softphone.getByLabel("Issue de l'appel").selectOption('information-given');
    await softphone.getByLabel("Notes d'appel").fill('Pièces manquantes listées au trésorier.');
    await softphone.getByRole('button', { name: 'Enregistrer et terminer' }).click();
    await softphone.getByText('Aucun appel').waitFor();

    const calls = await api(`/api/calls?associationId=${String(association.body.id)}`);
    const call = calls.body.items[0];
    expect(call).toMatchObject({ direction: 'outbound', phase: 'ended', status: 'completed', result: 'answered', ticketId: ticket.body.id, disposition: 'information-given', simulated: true });
    expect(call.talkSeconds).toBeGreaterThanOrEqual(2);
    expect(call.history.filter((fact: { kind: string }) => fact.kind === 'status').map((fact: { status: string }) => fact.status)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);

    // The timeline shows the call live (no reload): outgoing, answered, its talk time, the notes.
    const timeline = page.getByRole('list', { name: 'Historique du ticket' });
    const talkTime = `0:${String(call.talkSeconds).padStart(2, '0')}`;
    await timeline.getByText(`Sortant · Répondu · ${talkTime}`, { exact: false }).waitFor({ timeout: 10_000 });
    await timeline.getByText('Pièces manquantes listées au trésorier.').waitFor();
    await saveScreenshot(page, 'softphone-callback-timeline-fr');
  });
  it('lets go of a call that went back to the queue because the softphone did not pick up, with a notice, and is not rung with it again', async () => {
    const page = await signIn();
    const softphone = page.getByRole('region', { name: /Téléphone/ });
    await softphone.getByText('Aucun appel').waitFor();
    const call = { CallSid: `CA${'7'.repeat(32)}`, From: '+212661998877', To: '+212522000000', Direction: 'inbound' };
    await postWebhook('/webhooks/twilio/voice', { ...call, CallStatus: 'ringing' });
    await postWebhook('/webhooks/twilio/voice/language?attempt=1', { ...call, Digits: '2' });
    expect(await postWebhook('/webhooks/twilio/voice/topic?lang=fr&attempt=1', { ...call, Digits: '1' })).toContain('<Enqueue');

    // The softphone reads the call as it takes it up. That read, made before Twilio's report below,
    // is answered only once the page has the requeue event, while the page's timers stand still (React
    // hears of the cache's changes on a timer): the older answer lands between the two, as it may on a
    // busy machine, and must not put the call back on this softphone.
    const staleReads: Array<() => Promise<void>> = [];
    await page.route(`**/api/calls/${call.CallSid}`, async (route) => {
      const response = await route.fetch();
      if (route.request().method() === 'GET' && staleReads.length === 0) staleReads.push(() => route.fulfill({ response }));
      else await route.fulfill({ response });
    });
    await softphone.getByText('Appel entrant').waitFor({ timeout: 10_000 });
    await softphone.getByRole('button', { name: 'Répondre' }).click();
    await softphone.getByText("Mise en relation avec l'appelant…").waitFor({ timeout: 5_000 });
    await expect.poll(() => staleReads.length, { timeout: 10_000 }).toBe(1);
    await page.clock.install();
    await page.clock.pauseAt(new Date(Date.now() + 1_000));
    const frames = socketFrames.get(page)!;
    const framesBefore = frames.length;
    // Twilio rang the agent's softphone for 20 s without an answer, and puts the caller back in the queue.
    expect(await postWebhook('/webhooks/twilio/voice/dial-result', { ...call, DialCallStatus: 'no-answer', DialCallSid: `CA${'8'.repeat(32)}` })).toContain('<Enqueue');
    await expect.poll(() => frames.slice(framesBefore).some((frame) => frame.includes('"call.queued"') && frame.includes(call.CallSid))).toBe(true);
    await staleReads[0]!();
    await page.unroute(`**/api/calls/${call.CallSid}`);
    await page.clock.resume();

    await softphone.getByText("L'appel est retourné dans la file : votre téléphone n'a pas décroché à temps.").waitFor({ timeout: 5_000 });
    // The caller waits for another agent: this softphone, whose phone did not pick up, is not rung again.
    await softphone.getByText('Aucun appel').waitFor({ timeout: 5_000 });
    expect((await api(`/api/calls/${call.CallSid}`)).body).toMatchObject({ phase: 'queued', offer: null });
    expect(await softphone.getByText('Appel entrant').count()).toBe(0);
    expect(await softphone.getByText("Mise en relation avec l'appelant…").count()).toBe(0);
    await saveScreenshot(page, 'softphone-requeued-fr');
    await softphone.getByRole('button', { name: 'Fermer' }).click();
    expect(await softphone.getByRole('status').filter({ hasText: 'retourné dans la file' }).count()).toBe(0);

    // The caller hangs up in the queue: the softphone stops ringing.
    await postWebhook('/webhooks/twilio/voice/queue-result?lang=fr', { ...call, QueueResult: 'hangup', QueueTime: '30' });
    await postWebhook('/webhooks/twilio/voice/status', { ...call, CallStatus: 'completed', SequenceNumber: '2' });
    await softphone.getByText('Aucun appel').waitFor({ timeout: 5_000 });
  });
});
