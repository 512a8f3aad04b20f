import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ZErrorBody } from '@mowakaba/shared/errors';
import { ZArticle } from '@mowakaba/shared/schemas/kb';
import { MessageModel } from '../../server/src/modules/messages/message.model.js';
import { SHORT_LINK_LIMIT } from '../../server/src/modules/short-links/short-links.routes.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { createArticleThroughApi } from '../helpers/kb.js';
import { createTestApp, TEST_PUBLIC_URL } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { CENTER_NUMBER, TEST_ACCOUNT_SID, createTwilioTestApp, newMessageSid, postSigned, useFakeTwilioApi, type TwilioTestApp } from '../helpers/twilio.js';

useTestDatabase();

const api = useFakeTwilioApi();
const SHORT_LINK = new RegExp(`${TEST_PUBLIC_URL}/s/([A-Za-z0-9]{10})(?![\\w/])`);

/** A built web app reduced to what the short links use: the portal's first screen per language. */
const webDistDir = mkdtempSync(join(tmpdir(), 'mowakaba-web-'));
writeFileSync(join(webDistDir, 'index.html'), '<!doctype html><title>console</title>');
for (const language of ['ar', 'fr', 'en']) writeFileSync(join(webDistDir, `portal.${language}.html`), `<!doctype html><html lang="${language}"><title>portal ${language}</title>`);
afterAll(() => rmSync(webDistDir, { recursive: true, force: true }));

let addresses = 0;

/** The app with a real Twilio account whose REST calls reach the local fake API, a supervisor and an agent. */
async function createShortLinkApp() {
  addresses += 1;
  const { app } = createTwilioTestApp({ mode: 'real', api, environment: { TRUST_PROXY: 'true' } });
  const supervisor = await createSignedInUser(app, 'supervisor');
  const agent = await createSignedInUser(app, 'agent');
  const visitor = { 'X-Forwarded-For': `192.0.2.${addresses}` };
  return { app, supervisor, agent, visitor };
}

/** An association member writes to the center by SMS (or WhatsApp): the ticket it opens. */
async function ticketFromMessage(app: TwilioTestApp, from: string) {
  const messageSid = newMessageSid();
  const to = from.startsWith('whatsapp:') ? `whatsapp:${CENTER_NUMBER}` : CENTER_NUMBER;
  const response = await postSigned(app, '/webhooks/twilio/messaging', { MessageSid: messageSid, AccountSid: TEST_ACCOUNT_SID, From: from, To: to, Body: 'سلام، بغيت نعرف كيفاش نأسس جمعية', NumMedia: '0' });
  expect(response.status).toBe(200);
  return (await MessageModel.findById(messageSid).lean())!.ticketId!.toString();
}

/** Staff reply publicly; the text that reached Twilio's REST API for it. */
async function replyAndReadSms(app: TwilioTestApp, cookie: string, ticketId: string, body: string): Promise<string> {
  const sentBefore = api.requests.length;
  const response = await app.request(`/api/tickets/${ticketId}/entries`, jsonRequest('POST', { kind: 'public-reply', body }, cookie));
  expect(response.status).toBe(201);
  const sent = api.requests.slice(sentBefore).filter((request) => request.method === 'POST' && request.path.endsWith('/Messages.json'));
  expect(sent).toHaveLength(1);
  return String(sent[0]!.form.Body);
}

const articleUrl = (id: string) => `${TEST_PUBLIC_URL}/portal/articles/${id}`;

describe('short links to knowledge-base articles in SMS', () => {
  it('sends a short link instead of the article’s address, and the link leads to the public article', async () => {
    const { app, supervisor, agent, visitor } = await createShortLinkApp();
    const article = await createArticleThroughApi(app, supervisor.cookie, { title: 'تأسيس جمعية', lang: 'ar', body: 'الخطوات: صياغة القانون الأساسي ثم الجمع العام التأسيسي.' });
    const ticketId = await ticketFromMessage(app, '+212661300400');

    const sms = await replyAndReadSms(app, agent.cookie, ticketId, `مرحبا، تجدون الخطوات هنا: تأسيس جمعية: ${articleUrl(article.id)}. بالتوفيق`);
    expect(sms).not.toContain('/portal/articles/');
    const [shortLink, code] = SHORT_LINK.exec(sms) ?? [];
    expect(shortLink).toBeDefined();
    expect(sms).toBe(`مرحبا، تجدون الخطوات هنا: تأسيس جمعية: ${shortLink}. بالتوفيق`);
    // The message agents see as sent is the text that went out.
    expect((await MessageModel.findOne({ ticketId, direction: 'outbound' }).lean())!.body).toBe(sms);

    const followed = await app.request(`/s/${code}`, { headers: visitor });
    expect(followed.status).toBe(302);
    const location = followed.headers.get('Location')!;
    expect(location).toBe(`/portal/articles/${article.id}`);
    // Where it leads, anyone (no session) reads the article.
    const [, , , id] = location.split('/');
    const read = await app.request(`/api/kb/articles/${id}`);
    expect(read.status).toBe(200);
    expect(ZArticle.parse(await json(read)).title).toBe('تأسيس جمعية');
  });

  it('gives one article the same short link in every reply, on SMS and WhatsApp alike', async () => {
    const { app, supervisor, agent } = await createShortLinkApp();
    const article = await createArticleThroughApi(app, supervisor.cookie, { title: 'Subventions publiques' });
    const other = await createArticleThroughApi(app, supervisor.cookie, { title: 'Bénévolat contractuel', topic: 'volunteering' });
    const smsTicket = await ticketFromMessage(app, '+212661300401');
    const whatsappTicket = await ticketFromMessage(app, 'whatsapp:+212661300402');

    const first = await replyAndReadSms(app, agent.cookie, smsTicket, `Voir ${articleUrl(article.id)} et ${articleUrl(other.id)}`);
    const second = await replyAndReadSms(app, agent.cookie, whatsappTicket, `Bonjour, voir ${articleUrl(article.id)}`);
    const links = [...first.matchAll(new RegExp(SHORT_LINK, 'g'))].map((match) => match[0]);
    expect(links).toHaveLength(2);
    expect(links[0]).not.toBe(links[1]);
    expect(second).toBe(`Bonjour, voir ${links[0]}`);
  });

  it('leaves links to internal or draft articles, and other addresses, as written', async () => {
    const { app, supervisor, agent } = await createShortLinkApp();
    const internal = await createArticleThroughApi(app, supervisor.cookie, { title: 'Procédure interne', visibility: 'internal' });
    const draft = await createArticleThroughApi(app, supervisor.cookie, { title: 'Brouillon', status: 'draft' });
    const ticketId = await ticketFromMessage(app, '+212661300403');
    const body = [
      articleUrl(internal.id),
      articleUrl(draft.id),
      `${articleUrl('0123456789abcdef01234567')}`,
      `https://www.finances.gov.ma/portal/articles/${internal.id}`,
      `${TEST_PUBLIC_URL}/portal/follow?reference=T-2026-000001`,
    ].join('\n');
    expect(await replyAndReadSms(app, agent.cookie, ticketId, body)).toBe(body);
  });
});

describe('following a short link', () => {
  it('answers an unknown or malformed code with 404 in the error shape, and a browser with the portal’s “page not found” in its language', async () => {
    const { app, visitor } = await createShortLinkApp();
    for (const code of ['AbCdEfGhJk', 'x']) {
      const response = await app.request(`/s/${code}`, { headers: visitor });
      expect(response.status, code).toBe(404);
      expect(ZErrorBody.parse(await json(response)).error.code).toBe('not_found');
    }
    const { app: browserApp } = createTestApp({ TRUST_PROXY: 'true' }, undefined, () => ({ webDistDir }));
    const page = await browserApp.request('/s/AbCdEfGhJk', { headers: { ...visitor, Accept: 'text/html,application/xhtml+xml', 'Accept-Language': 'fr-FR,fr;q=0.9,ar;q=0.5' } });
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<html lang="fr">');
  });

  it('is documented in the OpenAPI document as a public redirect', async () => {
    const { app, agent } = await createShortLinkApp();
    const document = await json(await app.request('/api/openapi.json', { headers: { Cookie: agent.cookie } }));
    expect(Object.keys(document.paths['/s/{code}'].get.responses)).toEqual(['302', '404', '429']);
  });

  it('answers 429 with Retry-After to an address following too many links, not to others', async () => {
    const { app, supervisor, agent, visitor } = await createShortLinkApp();
    const article = await createArticleThroughApi(app, supervisor.cookie, { title: 'Pétitions' });
    const ticketId = await ticketFromMessage(app, '+212661300404');
    const [, code] = SHORT_LINK.exec(await replyAndReadSms(app, agent.cookie, ticketId, articleUrl(article.id)))!;
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= SHORT_LINK_LIMIT.limit; attempt += 1) statuses.push((await app.request(`/s/${code}`, { headers: visitor })).status);
    expect(statuses.slice(0, SHORT_LINK_LIMIT.limit).every((status) => status === 302)).toBe(true);
    const limited = await app.request(`/s/${code}`, { headers: visitor });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect((await app.request(`/s/${code}`, { headers: { 'X-Forwarded-For': '192.0.2.250' } })).status).toBe(302);
  });
});
