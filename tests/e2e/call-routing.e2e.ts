import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminApi } from './admin-api.js';
import { saveScreenshot, type E2eEnvironment } from './browser.js';
import { localeText } from './locale-text.js';
import { startSimulatedCenter } from './simulated-center.js';

let environment: E2eEnvironment;
let admin: AdminApi;
const PASSWORD = 'call routing test password';
// Simulation mode (no account SID) checking signatures with this token, as Twilio would sign its webhooks.
const TWILIO_TOKEN = 'e2e-routing-token-3c7a1f9d';
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

const people = {
  salma: { email: 'salma.routing@mowakaba.test', name: 'Salma Bennani', role: 'agent', language: 'fr' },
  youssef: { email: 'youssef.routing@mowakaba.test', name: 'يوسف العلمي', role: 'agent', language: 'ar' },
  nadia: { email: 'nadia.routing@mowakaba.test', name: 'Nadia Idrissi', role: 'supervisor', language: 'ar' },
} as const;
const ids: Record<keyof typeof people, string> = { salma: '', youssef: '', nadia: '' };

beforeAll(async () => {
  ({ environment, admin } = await startSimulatedCenter({ password: PASSWORD, twilioToken: TWILIO_TOKEN }));
  for (const [key, person] of Object.entries(people) as Array<[keyof typeof people, (typeof people)[keyof typeof people]]>) {
    const created = await admin.api('/api/users', 'POST', { ...person, password: PASSWORD });
    expect(created.status).toBe(201);
    ids[key] = String(created.body.id);
  }
  const team = await admin.api('/api/teams', 'POST', {
    name: { ar: 'فريق التأسيس', fr: 'Équipe création', en: 'Founding team' },
    skills: { languages: ['fr', 'ar'], topics: ['founding'] },
    memberIds: [ids.salma, ids.youssef],
  });
  expect(team.status).toBe(201);
});

afterAll(async () => {
  await environment?.stop();
});

async function signIn(browser: Browser, person: { email: string; language: 'ar' | 'fr' }, viewport = DESKTOP): Promise<Page> {
  const lang = person.language;
  const context = await browser.newContext({ locale: lang === 'ar' ? 'ar-MA' : 'fr-FR', viewport });
  const page = await context.newPage();
  await page.goto(`${environment.baseUrl}/?lang=${lang}`);
  await page.getByLabel(lang === 'ar' ? 'البريد الإلكتروني' : 'Adresse e-mail').fill(person.email);
  await page.getByLabel(lang === 'ar' ? 'كلمة المرور' : 'Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: lang === 'ar' ? 'دخول' : 'Se connecter' }).click();
  await page.getByRole('region', { name: lang === 'ar' ? /الهاتف/ : /Téléphone/ }).waitFor();
  return page;
}

/** Both sizes of the same screen, so the narrow layout is looked at too. */
async function screenshotBothSizes(page: Page, name: string) {
  await saveScreenshot(page, `${name}-1440`);
  await page.setViewportSize(PHONE);
  await saveScreenshot(page, `${name}-390`);
  await page.setViewportSize(DESKTOP);
}

/** Every action of every callback row, with whether it lies wholly inside the table's card (the card scrolls what does not fit). */
async function callbackActionsInCard(page: Page, language: 'ar' | 'fr') {
  const table = page.getByRole('table', { name: localeText(language)('calls.callbacksTitle') });
  await table.getByRole('row').nth(1).getByRole('button').first().waitFor();
  return table.evaluate((element) => {
    const card = element.closest('.data-table')!.getBoundingClientRect();
    return [...element.querySelectorAll('tbody button')].map((button) => {
      const box = button.getBoundingClientRect();
      return { action: button.textContent, inside: box.left >= card.left && box.right <= card.right };
    });
  });
}

describe('a call routed to one agent', () => {
  it('rings only the available agent, opens the caller’s ticket when she answers, and takes her through busy and wrap-up back to available', async () => {
    const association = await admin.api('/api/associations', 'POST', {
      name: { ar: 'جمعية الواحة للتنمية', fr: 'Association Al Waha pour le développement' },
      registrationRef: `RC-${Date.now()}`,
      region: 'draa-tafilalet',
      province: 'Errachidia',
      city: 'Erfoud',
      fieldOfActivity: 'Développement local',
      notes: '',
      contacts: [{ name: 'Aicha', role: 'présidente', phones: ['0661556677'], emails: [] }],
    });
    expect(association.status).toBe(201);
    const ticket = await admin.api('/api/tickets', 'POST', {
      subject: 'Statuts : modification après l’assemblée générale',
      description: '',
      channel: 'web',
      language: 'fr',
      topic: 'founding',
      priority: 'normal',
      associationId: association.body.id,
      tags: [],
      custom: {},
    });
    expect(ticket.status).toBe(201);

    const salma = await signIn(environment.browser, people.salma);
    const youssef = await signIn(environment.browser, people.youssef);
    const salmaPhone = salma.getByRole('region', { name: /Téléphone/ });
    const youssefPhone = youssef.getByRole('region', { name: /الهاتف/ });
    // Salma is available; Youssef, in the same team, has stepped away.
    await salma.getByLabel('Présence').selectOption('available');
    await youssef.getByLabel('الحضور').selectOption('away');
    await expect.poll(async () => (await admin.api('/api/presence')).body.items.map((status: { userId: string; state: string }) => `${status.userId}:${status.state}`).sort()).toEqual(
      [`${ids.salma}:available`, `${ids.youssef}:away`].sort(),
    );

    const call = { CallSid: `CA${'4'.repeat(32)}`, From: '+212661556677', To: '+212522000000', Direction: 'inbound' };
    await admin.postTwilio('/webhooks/twilio/voice', { ...call, CallStatus: 'ringing' });
    await admin.postTwilio('/webhooks/twilio/voice/language?attempt=1', { ...call, Digits: '2' });
    expect(await admin.postTwilio('/webhooks/twilio/voice/topic?lang=fr&attempt=1', { ...call, Digits: '1' })).toContain('<Enqueue');

    // Only Salma's console rings, with the association's name.
    await salmaPhone.getByText('Appel entrant').waitFor({ timeout: 10_000 });
    await salmaPhone.getByText('Association Al Waha pour le développement').waitFor();
    await salmaPhone.getByRole('button', { name: 'Refuser' }).waitFor();
    // Youssef sees the caller waiting, ringing Salma, and his own softphone stays quiet.
    const youssefQueue = youssef.getByRole('table', { name: 'المكالمات المنتظرة' });
    await youssefQueue.getByText('Salma Bennani').waitFor({ timeout: 10_000 });
    expect(await youssefPhone.getByText('مكالمة واردة').count()).toBe(0);
    expect(await youssefQueue.getByRole('button').count()).toBe(0);
    await screenshotBothSizes(salma, 'call-routing-ringing-fr');
    await screenshotBothSizes(youssef, 'call-routing-waiting-elsewhere-ar');

    // She answers: the association's open ticket opens beside the softphone, and she is busy.
    await salmaPhone.getByRole('button', { name: 'Répondre' }).click();
    await salma.waitForURL(`**/tickets/${String(ticket.body.id)}`, { timeout: 10_000 });
    await salma.getByRole('heading', { name: 'Statuts : modification après l’assemblée générale' }).waitFor();
    await salma.getByText('Association Al Waha pour le développement').first().waitFor();
    await expect.poll(() => salma.getByLabel('Présence').inputValue()).toBe('busy');
    // The caller is put through (in simulation mode, at their next wait page) and the agent's leg answers.
    await admin.postTwilio('/webhooks/twilio/voice/wait?lang=fr', { ...call, QueuePosition: '1' });
    await admin.postTwilio('/webhooks/twilio/voice/queue-result?lang=fr', { ...call, QueueResult: 'redirected', QueueTime: '12' });
    await admin.postTwilio(`/webhooks/twilio/voice/status?leg=agent&parent=${call.CallSid}`, { CallSid: `CA${'5'.repeat(32)}`, ParentCallSid: call.CallSid, CallStatus: 'in-progress', SequenceNumber: '1' });
    await salmaPhone.getByText('En communication').waitFor({ timeout: 10_000 });
    await screenshotBothSizes(salma, 'call-routing-answered-ticket-fr');

    // After the call: wrap-up until the disposition is saved, then available again.
    await salmaPhone.getByRole('button', { name: 'Raccrocher' }).click();
    await salmaPhone.getByRole('heading', { name: "Après l'appel" }).waitFor({ timeout: 10_000 });
    await expect.poll(() => salma.getByLabel('Présence').inputValue(), { timeout: 10_000 }).toBe('wrap-up');
    await salma.getByText('ensuite : Disponible').waitFor();
    await screenshotBothSizes(salma, 'call-routing-wrap-up-fr');
    await salmaPhone.getByLabel("Issue de l'appel").selectOption('information-given');
    await salmaPhone.getByRole('button', { name: 'Enregistrer et terminer' }).click();
    await salmaPhone.getByText('Aucun appel').waitFor();
    await expect.poll(() => salma.getByLabel('Présence').inputValue(), { timeout: 10_000 }).toBe('available');
    expect((await admin.api(`/api/calls/${call.CallSid}`)).body).toMatchObject({ agentId: ids.salma, phase: 'ended', ticketId: ticket.body.id, disposition: 'information-given' });
    await salma.context().close();
    await youssef.context().close();
  });

  it.each([
    ['ar', 'youssef'],
    ['fr', 'salma'],
  ] as const)('a supervisor sees every agent’s state and sets one offline; the agent’s console follows live (%s)', async (language, agentKey) => {
    const text = localeText(language);
    const agent = people[agentKey];
    // Nadia works in the language of this run.
    expect((await admin.api(`/api/users/${ids.nadia}`, 'PATCH', { language })).status).toBe(200);
    const agentPage = await signIn(environment.browser, agent);
    await agentPage.getByLabel(text('presence.label')).selectOption('available');
    const nadia = await signIn(environment.browser, { ...people.nadia, language });
    const board = nadia.getByRole('table', { name: text('presence.board.title') });
    const row = board.getByRole('row').filter({ hasText: agent.name });
    await row.getByText(text('presence.available')).waitFor({ timeout: 10_000 });
    // Each agent's active tickets, counted from the tickets: a ticket given to them shows at once.
    const loadCell = row.getByRole('cell').nth(3);
    const heldBefore = Number(await loadCell.textContent());
    const given = await admin.api('/api/tickets', 'POST', {
      subject: language === 'ar' ? 'طلب مواكبة لإعداد التقرير المالي' : 'Accompagnement pour le rapport financier',
      description: '',
      channel: 'voice',
      language,
      topic: 'funding',
      priority: 'normal',
      assigneeId: ids[agentKey],
      tags: [],
      custom: {},
    });
    expect(given.status).toBe(201);
    await expect.poll(() => loadCell.textContent(), { timeout: 10_000 }).toBe(String(heldBefore + 1));
    expect(await board.getByRole('columnheader', { name: text('presence.board.activeTickets') }).count()).toBe(1);
    await screenshotBothSizes(nadia, `call-routing-agents-board-${language}`);
    await row.getByRole('button', { name: text('presence.board.setOffline') }).click();
    await row.getByText(text('presence.offline')).waitFor({ timeout: 10_000 });

    // The agent's console follows at once, and says who did it.
    await expect.poll(() => agentPage.getByLabel(text('presence.label')).inputValue(), { timeout: 10_000 }).toBe('');
    await agentPage.getByText(text('presence.setBy', { name: people.nadia.name, state: text('presence.offline') })).waitFor();
    await screenshotBothSizes(agentPage, `call-routing-set-offline-${language}`);
    const audit = await admin.api('/api/audit-log?action=presence.override');
    expect(audit.body.items[0]).toMatchObject({ action: 'presence.override', actorName: 'Nadia Idrissi', targetId: ids[agentKey] });
    await nadia.context().close();
    await agentPage.context().close();
  });

  it.each(['ar', 'fr'] as const)('a supervisor reassigns a ticket from one agent to another; the first agent’s open ticket and the second’s own list follow live (supervisor in %s)', async (language) => {
    const text = localeText(language);
    expect((await admin.api(`/api/users/${ids.nadia}`, 'PATCH', { language })).status).toBe(200);
    const created = await admin.api('/api/tickets', 'POST', {
      subject: `Bilan financier (${language}) : quelles pièces pour le dossier de subvention ?`,
      description: '',
      channel: 'email',
      language: 'fr',
      topic: 'founding',
      priority: 'normal',
      tags: [],
      custom: {},
    });
    expect(created.status).toBe(201);
    const subject = String(created.body.subject);
    expect((await admin.api(`/api/tickets/${String(created.body.id)}`, 'PATCH', { version: created.body.version, assigneeId: ids.salma })).status).toBe(200);

    // Salma (French) has the ticket open; Youssef (Arabic) looks at his own tickets.
    const salma = await signIn(environment.browser, people.salma);
    await salma.goto(`${environment.baseUrl}/tickets/${String(created.body.id)}`);
    const salmaAssignee = salma.getByLabel('Responsable');
    await expect.poll(() => salmaAssignee.locator('option:checked').textContent()).toBe('Salma Bennani');
    const youssef = await signIn(environment.browser, people.youssef);
    await youssef.getByRole('tab', { name: 'تذاكري' }).click();
    const youssefList = youssef.getByRole('main');
    await youssefList.getByText(subject).waitFor({ state: 'detached' });

    // Nadia gives it to Youssef from the ticket.
    const nadia = await signIn(environment.browser, { ...people.nadia, language });
    await nadia.goto(`${environment.baseUrl}/tickets/${String(created.body.id)}`);
    await nadia.getByLabel(text('ticket.assignee')).selectOption({ label: 'يوسف العلمي' });

    // Both consoles follow without a reload.
    await expect.poll(() => salmaAssignee.locator('option:checked').textContent(), { timeout: 10_000 }).toBe('يوسف العلمي');
    await youssefList.getByText(subject).waitFor({ timeout: 10_000 });
    await screenshotBothSizes(salma, `reassigned-away-fr-by-${language}`);
    await screenshotBothSizes(youssef, `reassigned-to-me-ar-by-${language}`);
    await screenshotBothSizes(nadia, `reassigning-supervisor-${language}`);
    expect((await admin.api(`/api/tickets/${String(created.body.id)}`)).body.assigneeId).toBe(ids.youssef);
    await Promise.all([salma, youssef, nadia].map((page) => page.context().close()));
  });

  it('shows the French supervisor board and the waiting caller ringing an agent', async () => {
    const salma = await signIn(environment.browser, people.salma);
    await salma.getByLabel('Présence').selectOption('available');
    await expect.poll(async () => (await admin.api('/api/presence')).body.items.filter((status: { state: string }) => status.state === 'available').map((status: { userId: string }) => status.userId)).toEqual([ids.salma]);
    // The console speaks the user's own language: Nadia switches to French for this one.
    expect((await admin.api(`/api/users/${ids.nadia}`, 'PATCH', { language: 'fr' })).status).toBe(200);
    const nadia = await signIn(environment.browser, { ...people.nadia, language: 'fr' });
    const call = { CallSid: `CA${'6'.repeat(32)}`, From: '+212661556677', To: '+212522000000', Direction: 'inbound' };
    await admin.postTwilio('/webhooks/twilio/voice', { ...call, CallStatus: 'ringing' });
    await admin.postTwilio('/webhooks/twilio/voice/language?attempt=1', { ...call, Digits: '2' });
    await admin.postTwilio('/webhooks/twilio/voice/topic?lang=fr&attempt=1', { ...call, Digits: '1' });
    const queue = nadia.getByRole('table', { name: 'Appels en attente' });
    await queue.getByText('Salma Bennani').waitFor({ timeout: 15_000 });
    // A supervisor is never rung, but may pick the caller up.
    await queue.getByRole('button', { name: 'Prendre' }).waitFor();
    expect(await nadia.getByRole('region', { name: /Téléphone/ }).getByText('Appel entrant').count()).toBe(0);
    await screenshotBothSizes(nadia, 'call-routing-supervisor-queue-fr');
    // Salma declines: nobody else is available, so the caller waits for an agent.
    await salma.getByRole('region', { name: /Téléphone/ }).getByRole('button', { name: 'Refuser' }).click();
    await queue.getByText('En attente d’un conseiller disponible').waitFor({ timeout: 10_000 });
    await admin.postTwilio('/webhooks/twilio/voice/queue-result?lang=fr', { ...call, QueueResult: 'hangup', QueueTime: '30' });
    await admin.postTwilio('/webhooks/twilio/voice/status', { ...call, CallStatus: 'completed', SequenceNumber: '2' });
    await nadia.context().close();
    await salma.context().close();
  });
  it('an Arabic agent answers: only his console rings, the caller’s Arabic ticket opens, and he goes busy, then wrap-up, then available', async () => {
    const ar = localeText('ar');
    const associationId = await admin.createAssociation({
      name: { ar: 'جمعية السلام للتنمية القروية', fr: 'Association Assalam pour le développement rural' },
      contacts: [{ name: 'محمد', role: 'الرئيس', phones: ['0662778899'], emails: [] }],
    });
    const ticket = await admin.api('/api/tickets', 'POST', {
      subject: 'تأسيس فرع محلي للجمعية',
      description: 'نريد معرفة مسطرة تأسيس فرع محلي.',
      channel: 'voice',
      language: 'ar',
      topic: 'founding',
      associationId,
    });
    expect(ticket.status).toBe(201);

    const youssef = await signIn(environment.browser, people.youssef);
    const salma = await signIn(environment.browser, people.salma);
    const youssefPhone = youssef.getByRole('region', { name: new RegExp(ar('softphone.title')) });
    // Youssef is available; Salma, in the same team, has stepped away.
    await youssef.getByLabel(ar('presence.label')).selectOption('available');
    await salma.getByLabel('Présence').selectOption('away');
    await expect.poll(async () => (await admin.api('/api/presence')).body.items.filter((status: { userId: string }) => status.userId !== ids.nadia).map((status: { userId: string; state: string }) => `${status.userId}:${status.state}`).sort()).toEqual(
      [`${ids.salma}:away`, `${ids.youssef}:available`].sort(),
    );

    const call = { CallSid: `CA${'7'.repeat(32)}`, From: '+212662778899', To: '+212522000000', Direction: 'inbound' };
    await admin.postTwilio('/webhooks/twilio/voice', { ...call, CallStatus: 'ringing' });
    await admin.postTwilio('/webhooks/twilio/voice/language?attempt=1', { ...call, Digits: '1' });
    expect(await admin.postTwilio('/webhooks/twilio/voice/topic?lang=ar&attempt=1', { ...call, Digits: '1' })).toContain('<Enqueue');

    // Only Youssef's console rings, with the association's Arabic name; Salma's stays quiet.
    await youssefPhone.getByText(ar('softphone.ringing')).waitFor({ timeout: 10_000 });
    await youssefPhone.getByText('جمعية السلام للتنمية القروية').waitFor();
    const salmaQueue = salma.getByRole('table', { name: 'Appels en attente' });
    await salmaQueue.getByText('يوسف العلمي').waitFor({ timeout: 10_000 });
    expect(await salma.getByRole('region', { name: /Téléphone/ }).getByText('Appel entrant').count()).toBe(0);
    await screenshotBothSizes(youssef, 'call-routing-ringing-ar');

    // He answers: the association's open ticket opens beside the softphone, and he is busy.
    await youssefPhone.getByRole('button', { name: ar('softphone.answer') }).click();
    await youssef.waitForURL(`**/tickets/${String(ticket.body.id)}`, { timeout: 10_000 });
    await youssef.getByRole('heading', { name: 'تأسيس فرع محلي للجمعية' }).waitFor();
    await youssef.getByRole('listitem', { name: ar('ticket.description') }).getByText('نريد معرفة مسطرة تأسيس فرع محلي.').waitFor();
    await expect.poll(() => youssef.getByLabel(ar('presence.label')).inputValue()).toBe('busy');
    await admin.postTwilio('/webhooks/twilio/voice/wait?lang=ar', { ...call, QueuePosition: '1' });
    await admin.postTwilio('/webhooks/twilio/voice/queue-result?lang=ar', { ...call, QueueResult: 'redirected', QueueTime: '9' });
    await admin.postTwilio(`/webhooks/twilio/voice/status?leg=agent&parent=${call.CallSid}`, { CallSid: `CA${'8'.repeat(32)}`, ParentCallSid: call.CallSid, CallStatus: 'in-progress', SequenceNumber: '1' });
    await youssefPhone.getByText(ar('softphone.inCall')).waitFor({ timeout: 10_000 });
    await screenshotBothSizes(youssef, 'call-routing-answered-ticket-ar');

    // After the call: wrap-up until the disposition is saved, then available again.
    await youssefPhone.getByRole('button', { name: ar('softphone.hangUp') }).click();
    await youssefPhone.getByRole('heading', { name: ar('softphone.wrapUp') }).waitFor({ timeout: 10_000 });
    await expect.poll(() => youssef.getByLabel(ar('presence.label')).inputValue(), { timeout: 10_000 }).toBe('wrap-up');
    await youssef.getByText(ar('presence.then', { state: ar('presence.available') })).waitFor();
    await screenshotBothSizes(youssef, 'call-routing-wrap-up-ar');
    await youssefPhone.getByLabel(ar('softphone.disposition')).selectOption('information-given');
    await youssefPhone.getByRole('button', { name: ar('softphone.saveDisposition') }).click();
    await youssefPhone.getByText(ar('softphone.idle')).waitFor();
    await expect.poll(() => youssef.getByLabel(ar('presence.label')).inputValue(), { timeout: 10_000 }).toBe('available');
    expect((await admin.api(`/api/calls/${call.CallSid}`)).body).toMatchObject({ agentId: ids.youssef, phase: 'ended', ticketId: ticket.body.id, disposition: 'information-given' });
    await youssef.context().close();
    await salma.context().close();
  });

  it('a call nobody answers moves on after the ring timeout: the next available agent’s console rings', async () => {
    const settings = await admin.api('/api/voice/settings');
    expect((await admin.api('/api/voice/settings', 'PUT', { ...settings.body, ringTimeoutSeconds: 5 })).status).toBe(200);
    const ar = localeText('ar');
    // Youssef has been available longest, so the caller rings him first; Salma became available after him.
    const youssef = await signIn(environment.browser, people.youssef);
    await youssef.getByLabel(ar('presence.label')).selectOption('available');
    const salma = await signIn(environment.browser, people.salma);
    await salma.getByLabel('Présence').selectOption('available');
    await expect.poll(async () => (await admin.api('/api/presence')).body.items.filter((status: { state: string }) => status.state === 'available').length).toBe(2);
    const youssefPhone = youssef.getByRole('region', { name: new RegExp(ar('softphone.title')) });
    const salmaPhone = salma.getByRole('region', { name: /Téléphone/ });

    const call = { CallSid: `CA${'9'.repeat(32)}`, From: '+212661556677', To: '+212522000000', Direction: 'inbound' };
    await admin.postTwilio('/webhooks/twilio/voice', { ...call, CallStatus: 'ringing' });
    await admin.postTwilio('/webhooks/twilio/voice/language?attempt=1', { ...call, Digits: '1' });
    await admin.postTwilio('/webhooks/twilio/voice/topic?lang=ar&attempt=1', { ...call, Digits: '1' });
    await youssefPhone.getByText(ar('softphone.ringing')).waitFor({ timeout: 10_000 });
    expect(await salmaPhone.getByText('Appel entrant').count()).toBe(0);

    // Youssef does not answer: after the ring timeout it rings Salma, and stops ringing on his console.
    await salmaPhone.getByText('Appel entrant').waitFor({ timeout: 20_000 });
    await salmaPhone.getByRole('button', { name: 'Répondre' }).waitFor();
    await youssefPhone.getByText(ar('softphone.ringing')).waitFor({ state: 'detached', timeout: 10_000 });
    // The earlier caller who hung up waits for a callback: at 1440 px its long name gives way, and no action is cut at the card's edge.
    for (const [page, language] of [[salma, 'fr'], [youssef, 'ar']] as const) {
      const actions = await callbackActionsInCard(page, language);
      expect(actions.length).toBeGreaterThanOrEqual(3);
      expect(actions.filter((action) => !action.inside)).toEqual([]);
    }
    await screenshotBothSizes(salma, 'call-routing-next-agent-fr');
    await screenshotBothSizes(youssef, 'call-routing-missed-ar');
    expect((await admin.api(`/api/calls/${call.CallSid}`)).body.phase).toBe('queued');
    await salmaPhone.getByRole('button', { name: 'Refuser' }).click();
    // The caller hangs up: nothing is left waiting.
    await admin.postTwilio('/webhooks/twilio/voice/queue-result?lang=ar', { ...call, QueueResult: 'hangup', QueueTime: '20' });
    await admin.postTwilio('/webhooks/twilio/voice/status', { ...call, CallStatus: 'completed', SequenceNumber: '2' });
    await salma.getByRole('table', { name: 'Appels en attente' }).getByText("Aucun appelant n'attend.").waitFor({ timeout: 10_000 });
    await salma.context().close();
    await youssef.context().close();
  });
});
