import { describe, expect, it } from 'vitest';
import { runDueJobs } from '../../server/src/jobs/job-runner.js';
import { MessageModel } from '../../server/src/modules/messages/message.model.js';
import { createSatisfactionSurveyHandler, SATISFACTION_SURVEY_JOB, SURVEY_DELAY_MS } from '../../server/src/modules/messages/messages.service.js';
import { SurveyRequestModel } from '../../server/src/modules/messages/survey-request.model.js';
import { TicketEntryModel } from '../../server/src/modules/tickets/ticket-entry.model.js';
import { TicketModel } from '../../server/src/modules/tickets/ticket.model.js';
import { RealtimeEventModel } from '../../server/src/realtime/realtime-event.model.js';
import { createTwilioGateway } from '../../server/src/twilio/twilio-gateway.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postAssociation } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { TEST_PUBLIC_URL } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';
import {
  CENTER_NUMBER,
  LocalTwilioHttpClient,
  TEST_ACCOUNT_SID,
  createTwilioTestApp,
  newMessageSid,
  postSigned,
  useFakeTwilioApi,
} from '../helpers/twilio.js';

useTestDatabase();

const api = useFakeTwilioApi();

type TestApp = ReturnType<typeof createTwilioTestApp>['app'];
const STATUS_CALLBACK = `${TEST_PUBLIC_URL}/webhooks/twilio/messaging/status`;
const MESSAGES_PATH = `/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/Messages.json`;

function inbound(app: TestApp, from: string, body: string, extra: Record<string, string> = {}, messageSid = newMessageSid()) {
  const to = from.startsWith('whatsapp:') ? `whatsapp:${CENTER_NUMBER}` : CENTER_NUMBER;
  return postSigned(app, '/webhooks/twilio/messaging', { MessageSid: messageSid, AccountSid: TEST_ACCOUNT_SID, From: from, To: to, Body: body, NumMedia: '0', ...extra });
}

async function replyOf(response: Response): Promise<string | null> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
  const match = /<Message>([\s\S]*)<\/Message>/.exec(await response.text());
  return match ? match[1]! : null;
}

const ticketOfMessage = async (messageSid: string) => (await MessageModel.findById(messageSid).lean())!.ticketId!.toString();

describe('inbound SMS and WhatsApp', () => {
  it('opens a ticket for a known contact, keeps the media, acknowledges in Arabic with the reference, and ignores a redelivery', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(app);
    const association = await postAssociation(app, agent.cookie, {
      name: { ar: 'جمعية التضامن', fr: 'Association Tadamoun' },
      contacts: [{ name: 'Youssef', role: 'secrétaire', phones: ['0661010101'], emails: [] }],
    });
    const messageSid = newMessageSid();
    const params = {
      NumMedia: '2',
      MediaUrl0: 'https://api.twilio.com/media/ME1',
      MediaContentType0: 'image/jpeg',
      MediaUrl1: 'https://api.twilio.com/media/ME2',
      MediaContentType1: 'application/pdf',
    };
    const reply = await replyOf(await inbound(app, '+212661010101', 'السلام عليكم\nنريد معرفة وثائق تجديد المكتب', params, messageSid));
    const ticketId = await ticketOfMessage(messageSid);
    const ticket = await json(await app.request(`/api/tickets/${ticketId}`, { headers: { Cookie: agent.cookie } }));
    expect(ticket).toMatchObject({ channel: 'sms', language: 'ar', subject: 'السلام عليكم', associationId: association.id, contactId: association.contacts[0].id, contactPhone: '+212661010101' });
    expect(reply).toBe(`مواكبة: توصلنا برسالتكم، مرجع طلبكم ${ticket.reference}. سيجيبكم أحد المستشارين قريبا.`);

    const entries = await TicketEntryModel.find({ ticketId, kind: 'message' }).lean();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.data).toMatchObject({
      messageSid,
      direction: 'inbound',
      media: [
        { url: 'https://api.twilio.com/media/ME1', contentType: 'image/jpeg' },
        { url: 'https://api.twilio.com/media/ME2', contentType: 'application/pdf' },
      ],
    });
    expect(await RealtimeEventModel.countDocuments({ event: 'message.received', 'payload.message.messageSid': messageSid })).toBeGreaterThan(0);

    const again = await inbound(app, '+212661010101', 'السلام عليكم\nنريد معرفة وثائق تجديد المكتب', params, messageSid);
    expect(await replyOf(again)).toBeNull();
    expect(await TicketEntryModel.countDocuments({ ticketId, kind: 'message' })).toBe(1);
    expect(await MessageModel.countDocuments({ _id: messageSid })).toBe(1);
  });

  it('appends to the open ticket on that channel from the last 7 days, and opens a new one after', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(app);
    await postAssociation(app, agent.cookie, { contacts: [{ name: 'Laila', role: '', phones: ['0662020202'], emails: [] }] });
    const first = newMessageSid();
    expect(await replyOf(await inbound(app, '+212662020202', 'Bonjour, nous avons une question sur la subvention', {}, first))).toContain('Mowakaba : nous avons bien reçu votre message');
    const ticketId = await ticketOfMessage(first);

    const second = newMessageSid();
    expect(await replyOf(await inbound(app, '+212662020202', 'Et aussi le rapport financier', {}, second))).toBeNull();
    expect(await ticketOfMessage(second)).toBe(ticketId);

    // The same number on WhatsApp is another conversation.
    const whatsapp = newMessageSid();
    expect(await replyOf(await inbound(app, 'whatsapp:+212662020202', 'Hello, we need help with the platform', {}, whatsapp))).toContain('Mowakaba: we received your message');
    expect(await ticketOfMessage(whatsapp)).not.toBe(ticketId);
    expect((await TicketModel.findById(await ticketOfMessage(whatsapp)).lean())!.channel).toBe('whatsapp');

    // Eight days of silence: the next message opens a new ticket.
    const old = new Date(Date.now() - 8 * 24 * 3_600_000);
    await TicketModel.collection.updateOne({ _id: (await TicketModel.findById(ticketId))!._id }, { $set: { updatedAt: old } });
    await TicketModel.db.collection('conversations').updateMany({}, { $set: { lastMessageAt: old } });
    const later = newMessageSid();
    expect(await replyOf(await inbound(app, '+212662020202', 'Bonjour, une autre question', {}, later))).not.toBeNull();
    expect(await ticketOfMessage(later)).not.toBe(ticketId);
  });

  it('answers Darija written in Latin letters in Arabic, and Tifinagh in Arabic too', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    expect(await replyOf(await inbound(app, '+212663030301', 'salam, bghit n3ref kifach n9ad jam3iya'))).toMatch(/^مواكبة: توصلنا برسالتكم/);
    const tifinagh = newMessageSid();
    expect(await replyOf(await inbound(app, '+212663030302', 'ⴰⵣⵓⵍ, ⵏⵔⴰ ⴰⴷ ⵏⵙⵙⵏ', {}, tifinagh))).toMatch(/^مواكبة/);
    expect((await TicketModel.findById(await ticketOfMessage(tifinagh)).lean())!.language).toBe('zgh');
  });
});

describe('agent replies on SMS and WhatsApp tickets', () => {
  it('go out through the Messages API with a status callback; the furthest delivery status is kept, failures show on the ticket', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app);
    const sms = newMessageSid();
    await inbound(app, '+212664040401', 'Bonjour, question sur le volontariat', {}, sms);
    const ticketId = await ticketOfMessage(sms);

    const before = api.requests.length;
    const reply = await app.request(`/api/tickets/${ticketId}/entries`, jsonRequest('POST', { kind: 'public-reply', body: 'Bonjour, voici la procédure…' }, agent.cookie));
    expect(reply.status).toBe(201);
    const entry = await json(reply);
    expect(api.requests.slice(before)).toEqual([
      { method: 'POST', path: MESSAGES_PATH, authorization: expect.stringMatching(/^Basic /), form: { To: '+212664040401', From: CENTER_NUMBER, Body: 'Bonjour, voici la procédure…', StatusCallback: STATUS_CALLBACK } },
    ]);
    expect(entry.data).toMatchObject({ direction: 'outbound', channel: 'sms', status: 'queued', errorCode: null });
    const sid = entry.data.messageSid as string;

    const status = (MessageStatus: string, extra: Record<string, string> = {}) =>
      postSigned(app, '/webhooks/twilio/messaging/status', { MessageSid: sid, MessageStatus, From: CENTER_NUMBER, To: '+212664040401', ...extra });
    expect((await status('delivered')).status).toBe(204);
    expect((await status('sent')).status).toBe(204);
    expect(await MessageModel.findById(sid).lean()).toMatchObject({ status: 'delivered', direction: 'outbound', ticketId: (await TicketModel.findById(ticketId))!._id });

    // An internal note is not sent.
    await app.request(`/api/tickets/${ticketId}/entries`, jsonRequest('POST', { kind: 'internal-note', body: 'Vérifier le statut' }, agent.cookie));
    expect(api.requests.length).toBe(before + 1);

    const second = await json(await app.request(`/api/tickets/${ticketId}/entries`, jsonRequest('POST', { kind: 'public-reply', body: 'Complément' }, agent.cookie)));
    await postSigned(app, '/webhooks/twilio/messaging/status', { MessageSid: second.data.messageSid, MessageStatus: 'undelivered', ErrorCode: '30008', From: CENTER_NUMBER });
    const timeline = await json(await app.request(`/api/tickets/${ticketId}/timeline`, { headers: { Cookie: agent.cookie } }));
    const failed = timeline.items.find((item: { id: string }) => item.id === second.id);
    expect(failed.data).toMatchObject({ status: 'undelivered', errorCode: '30008' });
    expect(await RealtimeEventModel.countDocuments({ event: 'message.updated', 'payload.message.messageSid': second.data.messageSid, 'payload.message.status': 'undelivered' })).toBeGreaterThan(0);
  });

  it('go to WhatsApp numbers on WhatsApp tickets, and record Twilio’s refusal as a visible failure', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app);
    const first = newMessageSid();
    await inbound(app, 'whatsapp:+212665050501', 'Bonjour, besoin d’aide', {}, first);
    const ticketId = await ticketOfMessage(first);
    const before = api.requests.length;
    api.replyNext({ status: 400, body: { code: 63016, message: 'Failed to send freeform message outside the window', status: 400 } });
    const reply = await app.request(`/api/tickets/${ticketId}/entries`, jsonRequest('POST', { kind: 'public-reply', body: 'Bonjour !' }, agent.cookie));
    expect(reply.status).toBe(201);
    expect(api.requests[before]!.form).toMatchObject({ To: 'whatsapp:+212665050501', From: `whatsapp:${CENTER_NUMBER}` });
    expect((await json(reply)).data).toMatchObject({ channel: 'whatsapp', status: 'failed', errorCode: '63016' });
  });

  it('are recorded as simulated without a Twilio account', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(app);
    const first = newMessageSid();
    await inbound(app, '+212665050502', 'Bonjour', {}, first);
    const reply = await json(await app.request(`/api/tickets/${await ticketOfMessage(first)}/entries`, jsonRequest('POST', { kind: 'public-reply', body: 'Bonjour !' }, agent.cookie)));
    expect(reply.data).toMatchObject({ status: 'simulated' });
    expect(await MessageModel.findById(reply.data.messageSid).lean()).toMatchObject({ simulated: true, status: 'simulated', direction: 'outbound' });
  });
});

describe('opting out', () => {
  it('honours STOP, توقف and ARRET until START: nothing goes out in between', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app);
    const phone = '+212666060601';
    const first = newMessageSid();
    await inbound(app, phone, 'Bonjour, une question', {}, first);
    const ticketId = await ticketOfMessage(first);

    for (const keyword of ['STOP', 'توقف', 'Arrêt !']) {
      expect(await replyOf(await inbound(app, phone, keyword))).toMatch(/START/);
    }
    expect(await replyOf(await inbound(app, phone, 'Encore une question'))).toBeNull();
    const before = api.requests.length;
    const blocked = await json(await app.request(`/api/tickets/${ticketId}/entries`, jsonRequest('POST', { kind: 'public-reply', body: 'Réponse' }, agent.cookie)));
    expect(blocked.data).toMatchObject({ status: 'blocked' });
    expect(api.requests.length).toBe(before);

    expect(await replyOf(await inbound(app, phone, 'start'))).toContain('de nouveau');
    const sent = await json(await app.request(`/api/tickets/${ticketId}/entries`, jsonRequest('POST', { kind: 'public-reply', body: 'Réponse' }, agent.cookie)));
    expect(sent.data).toMatchObject({ status: 'queued' });
    expect(api.requests.length).toBe(before + 1);
  });
});

describe('the satisfaction survey', () => {
  it('is sent by SMS after a ticket is solved, and the 1–5 answer is stored on the ticket', async () => {
    const { app, hub, config } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app);
    const first = newMessageSid();
    await inbound(app, '+212667070701', 'Bonjour, comment renouveler le bureau ?', {}, first);
    const ticketId = await ticketOfMessage(first);
    const solved = await json(await app.request(`/api/tickets/${ticketId}`, jsonRequest('PATCH', { version: 0, status: 'solved' }, agent.cookie)));
    expect(solved.status).toBe('solved');

    const before = api.requests.length;
    const twilio = createTwilioGateway(config, { httpClient: new LocalTwilioHttpClient(api.url) });
    const ran = await runDueJobs({
      now: new Date(Date.now() + SURVEY_DELAY_MS + 60_000),
      owner: 'survey-test',
      handlers: { [SATISFACTION_SURVEY_JOB]: createSatisfactionSurveyHandler({ publisher: hub, twilio }), 'sla-check': async () => undefined },
    });
    expect(ran).toBeGreaterThan(0);
    const surveys = api.requests.slice(before).filter((request) => request.form.To === '+212667070701');
    expect(surveys).toHaveLength(1);
    expect(surveys[0]!.form.Body).toBe(`Mowakaba : votre demande ${solved.reference} est traitée. Êtes-vous satisfait ? Répondez de 1 (pas du tout) à 5 (très satisfait).`);
    expect(await SurveyRequestModel.findById('+212667070701').lean()).not.toBeNull();

    // Arabic-Indic digits count too.
    expect(await replyOf(await inbound(app, '+212667070701', '٤'))).toBe('Mowakaba : merci pour votre réponse.');
    const rated = await json(await app.request(`/api/tickets/${ticketId}`, { headers: { Cookie: agent.cookie } }));
    expect(rated.satisfaction).toMatchObject({ rating: 4 });
    expect(await SurveyRequestModel.findById('+212667070701').lean()).toBeNull();
    // Without a pending question, a digit is just a message.
    expect(await replyOf(await inbound(app, '+212667070701', '5'))).not.toBe('Mowakaba : merci pour votre réponse.');
  });
});

describe('bad input on messaging webhooks', () => {
  it('answers 4xx for missing fields and keeps what it can of odd messages, never 500', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    expect((await postSigned(app, '/webhooks/twilio/messaging', { From: '+212661111111', Body: 'x' })).status).toBe(400);
    expect((await postSigned(app, '/webhooks/twilio/messaging', { MessageSid: 'SM123', From: '+212661111111', Body: 'x' })).status).toBe(400);
    expect((await postSigned(app, '/webhooks/twilio/messaging', { MessageSid: newMessageSid(), Body: 'x' })).status).toBe(400);
    expect((await postSigned(app, '/webhooks/twilio/messaging/status', { MessageSid: newMessageSid() })).status).toBe(400);
    expect((await postSigned(app, '/webhooks/twilio/messaging/status', { MessageSid: newMessageSid(), MessageStatus: 'scheduled' })).status).toBe(204);

    // An alphanumeric sender: kept on a ticket, no acknowledgement (nowhere to send it).
    const alphanumeric = newMessageSid();
    expect(await replyOf(await inbound(app, 'Orange', 'Votre forfait', {}, alphanumeric))).toBeNull();
    expect((await TicketModel.findById(await ticketOfMessage(alphanumeric)).lean())!.contactPhone).toBeNull();

    // Absurd media counts and URLs: only real https links are kept.
    const media = newMessageSid();
    await inbound(app, '+212668080801', '', { NumMedia: '999', MediaUrl0: 'javascript:alert(1)', MediaUrl1: 'https://api.twilio.com/media/ok', MediaUrl2: 'x'.repeat(5000) }, media);
    expect((await MessageModel.findById(media).lean())!.media.map((item) => item.url)).toEqual(['https://api.twilio.com/media/ok']);
    expect((await TicketModel.findById(await ticketOfMessage(media)).lean())!.subject).toBe('SMS');

    const long = newMessageSid();
    expect((await inbound(app, '+212668080802', 'ب'.repeat(30_000), {}, long)).status).toBe(200);
    expect((await MessageModel.findById(long).lean())!.body).toHaveLength(20_000);
  });
});
