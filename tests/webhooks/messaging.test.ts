import { describe, expect, it } from 'vitest';
import { runDueJobs } from '../../server/src/jobs/job-runner.js';
import { MessageModel } from '../../server/src/modules/messages/message.model.js';
import { loadConfig } from '../../server/src/config.js';
import {
  createSatisfactionSurveyHandler,
  REOPEN_WINDOW_MS,
  SATISFACTION_SURVEY_JOB,
  SURVEY_DELAY_MS,
} from '../../server/src/modules/messages/messages.service.js';
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
  type TwilioTestApp,
} from '../helpers/twilio.js';

useTestDatabase();

const api = useFakeTwilioApi();

const STATUS_CALLBACK = `${TEST_PUBLIC_URL}/webhooks/twilio/messaging/status`;
const MESSAGES_PATH = `/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/Messages.json`;

function inbound(app: TwilioTestApp, from: string, body: string, extra: Record<string, string> = {}, messageSid = newMessageSid()) {
  const to = extra.To ?? (from.startsWith('whatsapp:') ? `whatsapp:${CENTER_NUMBER}` : CENTER_NUMBER);
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

  it('stores one message, one timeline entry and one ticket when Twilio delivers the same message twenty times at once', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const messageSid = newMessageSid();
    const responses = await Promise.all(Array.from({ length: 20 }, () => inbound(app, '+212661020304', 'بغيت نعرف كيفاش نجدد المكتب', {}, messageSid)));
    const replies = await Promise.all(responses.map((response) => replyOf(response)));
    expect(replies.filter((reply) => reply !== null)).toHaveLength(1);
    expect(await MessageModel.countDocuments({ _id: messageSid })).toBe(1);
    const ticketId = await ticketOfMessage(messageSid);
    expect(await TicketEntryModel.countDocuments({ ticketId, kind: 'message' })).toBe(1);
    expect(await TicketModel.countDocuments({ contactPhone: '+212661020304' })).toBe(1);
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
    const audit = await json(await app.request(`/api/tickets/${ticketId}/audit`, { headers: { Cookie: agent.cookie } }));
    expect(audit.items.at(-1)).toMatchObject({ actorId: null, changes: [{ field: 'satisfaction', from: null, to: 4 }] });
    expect(await SurveyRequestModel.findById('+212667070701').lean()).toBeNull();
    // The answer is no colleague's change: the agent's save on the version she had is taken.
    const tagged = await app.request(`/api/tickets/${ticketId}`, jsonRequest('PATCH', { version: solved.version, tags: ['bureau'] }, agent.cookie));
    expect(tagged.status).toBe(200);
    expect(await json(tagged)).toMatchObject({ tags: ['bureau'], satisfaction: { rating: 4 } });
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

describe('a message from the contact on a ticket waiting for them', () => {
  const setStatus = async (app: TwilioTestApp, cookie: string, ticketId: string, status: string) => {
    const current = await json(await app.request(`/api/tickets/${ticketId}`, { headers: { Cookie: cookie } }));
    const response = await app.request(`/api/tickets/${ticketId}`, jsonRequest('PATCH', { version: current.version, status }, cookie));
    expect(response.status).toBe(200);
    return json(response);
  };
  /** A ticket opened by a first SMS from `phone`, and an agent to work it. */
  const startConversation = async (phone: string, body: string) => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(app);
    const first = newMessageSid();
    await inbound(app, phone, body, {}, first);
    return { app, agent, ticketId: await ticketOfMessage(first) };
  };

  it('reopens a pending ticket: status-change entry after the message, ticket.updated, SLA running again', async () => {
    const { app, agent, ticketId } = await startConversation('+212669090901', 'Bonjour, quels documents pour le renouvellement ?');
    const pending = await setStatus(app, agent.cookie, ticketId, 'pending');
    expect(pending.sla).toMatchObject({ paused: true, resolutionDueAt: null });

    const answer = newMessageSid();
    expect(await replyOf(await inbound(app, '+212669090901', 'Voici le PV de l’assemblée', {}, answer))).toBeNull();
    expect(await ticketOfMessage(answer)).toBe(ticketId);
    const reopened = await json(await app.request(`/api/tickets/${ticketId}`, { headers: { Cookie: agent.cookie } }));
    expect(reopened).toMatchObject({ status: 'open', version: pending.version + 1, sla: { paused: false, resolutionDueAt: expect.any(String) } });

    const timeline = await json(await app.request(`/api/tickets/${ticketId}/timeline`, { headers: { Cookie: agent.cookie } }));
    const kinds = timeline.items.map((item: { kind: string; data: { messageSid?: string } | null }) => (item.kind === 'message' ? `message:${item.data!.messageSid}` : item.kind));
    expect(kinds.slice(-2)).toEqual([`message:${answer}`, 'status-change']);
    expect(timeline.items.at(-1)).toMatchObject({ authorId: null, data: { field: 'status', from: 'pending', to: 'open', reason: 'customer-message' } });
    expect(await RealtimeEventModel.countDocuments({ event: 'ticket.updated', 'payload.ticket.id': ticketId, 'payload.ticket.status': 'open', 'payload.actorId': null })).toBeGreaterThan(0);
  });

  it('reopens a ticket solved in the last four days instead of opening another; later, a new ticket', async () => {
    const { app, agent, ticketId } = await startConversation('+212669090902', 'Bonjour, une question sur la subvention');
    await setStatus(app, agent.cookie, ticketId, 'solved');

    const again = newMessageSid();
    expect(await replyOf(await inbound(app, '+212669090902', 'Finalement ça ne marche pas', {}, again))).toBeNull();
    expect(await ticketOfMessage(again)).toBe(ticketId);
    expect(await TicketModel.findById(ticketId).lean()).toMatchObject({ status: 'open', solvedAt: null });

    await setStatus(app, agent.cookie, ticketId, 'solved');
    const longAgo = new Date(Date.now() - REOPEN_WINDOW_MS - 3_600_000);
    await TicketModel.collection.updateOne({ _id: (await TicketModel.findById(ticketId))!._id }, { $set: { solvedAt: longAgo } });
    const later = newMessageSid();
    expect(await replyOf(await inbound(app, '+212669090902', 'Bonjour, une nouvelle question', {}, later))).not.toBeNull();
    expect(await ticketOfMessage(later)).not.toBe(ticketId);
    expect((await TicketModel.findById(ticketId).lean())!.status).toBe('solved');
  });

  it('reopens on a redelivery when the first delivery stored the message but failed before reopening', async () => {
    const { app, agent, ticketId } = await startConversation('+212669090904', 'Bonjour, le dossier est prêt ?');
    await setStatus(app, agent.cookie, ticketId, 'pending');
    // What a failed first delivery leaves: the message stored on the ticket, the ticket still pending.
    const stored = newMessageSid();
    await MessageModel.create({ _id: stored, direction: 'inbound', channel: 'sms', phone: '+212669090904', body: 'Oui, le voici', status: 'received', ticketId });

    expect(await replyOf(await inbound(app, '+212669090904', 'Oui, le voici', {}, stored))).toBeNull();
    expect((await TicketModel.findById(ticketId).lean())!.status).toBe('open');
    expect(await MessageModel.countDocuments({ _id: stored })).toBe(1);
  });

  it('withdraws the satisfaction question of a solved ticket the contact writes on again', async () => {
    const { app, agent, ticketId } = await startConversation('+212669090905', 'Bonjour, merci pour votre aide');
    await setStatus(app, agent.cookie, ticketId, 'solved');
    await SurveyRequestModel.create({ _id: '+212669090905', ticketId, sentAt: new Date() });

    await inbound(app, '+212669090905', 'En fait il manque encore un document');
    expect((await TicketModel.findById(ticketId).lean())!.status).toBe('open');
    expect(await SurveyRequestModel.exists({ _id: '+212669090905' })).toBeNull();
    // A "3" is now just a message on the open ticket, not a rating.
    await inbound(app, '+212669090905', '3');
    expect((await TicketModel.findById(ticketId).lean())!.satisfaction ?? null).toBeNull();
  });

  it('leaves open and on-hold tickets as they are', async () => {
    const { app, agent, ticketId } = await startConversation('+212669090903', 'Bonjour');
    const held = await setStatus(app, agent.cookie, ticketId, 'on-hold');
    await inbound(app, '+212669090903', 'Des nouvelles ?');
    expect(await TicketModel.findById(ticketId).lean()).toMatchObject({ status: 'on-hold', version: held.version });
  });
});

describe('the WhatsApp sender', () => {
  const WHATSAPP_SENDER = '+212522000999';
  /** A WhatsApp ticket an agent opens for an association's contact (no message from them yet). */
  const openWhatsAppTicket = async (app: TwilioTestApp, cookie: string, phone: string) => {
    const association = await postAssociation(app, cookie, { contacts: [{ name: 'Hafsa', role: '', phones: [phone], emails: [] }] });
    const body = { subject: 'Suivi', channel: 'whatsapp', language: 'fr', topic: 'funding', associationId: association.id, contactId: association.contacts[0].id };
    return json(await app.request('/api/tickets', jsonRequest('POST', body, cookie)));
  };
  const SECOND_SENDER = '+212522000777';

  it('is TWILIO_WHATSAPP_NUMBER by default, and the number the contact wrote to in a conversation; SMS stays on TWILIO_NUMBER', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api, environment: { TWILIO_WHATSAPP_NUMBER: `whatsapp:${WHATSAPP_SENDER}` } });
    const agent = await createSignedInUser(app);
    const send = async (ticketId: string, body: string) => {
      const before = api.requests.length;
      const response = await app.request(`/api/tickets/${ticketId}/entries`, jsonRequest('POST', { kind: 'public-reply', body }, agent.cookie));
      expect(response.status).toBe(201);
      const sent = api.requests.slice(before);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ method: 'POST', path: MESSAGES_PATH });
      return sent[0]!.form;
    };

    // A WhatsApp ticket opened by an agent: the configured WhatsApp sender.
    const opened = await openWhatsAppTicket(app, agent.cookie, '0670101010');
    expect(await send(opened.id, 'Bonjour Hafsa')).toEqual({ To: 'whatsapp:+212670101010', From: `whatsapp:${WHATSAPP_SENDER}`, Body: 'Bonjour Hafsa', StatusCallback: STATUS_CALLBACK });

    // The contact wrote to a second WhatsApp sender: the reply comes from it.
    const first = newMessageSid();
    await inbound(app, 'whatsapp:+212670202020', 'Salam, bghit n3ref', { To: `whatsapp:${SECOND_SENDER}` }, first);
    const conversation = await ticketOfMessage(first);
    expect(await send(conversation, 'Wa alaykum salam')).toMatchObject({ To: 'whatsapp:+212670202020', From: `whatsapp:${SECOND_SENDER}` });
    expect(await MessageModel.findById(first).lean()).toMatchObject({ centerNumber: SECOND_SENDER });

    // Later messages of the conversation to the first sender move the replies there.
    await inbound(app, 'whatsapp:+212670202020', 'Merci', { To: `whatsapp:${WHATSAPP_SENDER}` });
    expect(await send(conversation, 'Avec plaisir')).toMatchObject({ From: `whatsapp:${WHATSAPP_SENDER}` });

    // SMS: the center's number.
    const sms = newMessageSid();
    await inbound(app, '+212670303030', 'Bonjour', {}, sms);
    const smsForm = await send(await ticketOfMessage(sms), 'Bonjour !');
    expect(smsForm).toMatchObject({ To: '+212670303030', From: CENTER_NUMBER });
  });

  it('is TWILIO_NUMBER when no WhatsApp sender is configured, and the setting is checked at start', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app);
    const opened = await openWhatsAppTicket(app, agent.cookie, '0670404040');
    const before = api.requests.length;
    await app.request(`/api/tickets/${opened.id}/entries`, jsonRequest('POST', { kind: 'public-reply', body: 'Bonjour' }, agent.cookie));
    expect(api.requests[before]!.form).toMatchObject({ From: `whatsapp:${CENTER_NUMBER}` });

    expect(loadConfig({ TWILIO_WHATSAPP_NUMBER: '+212522000999' }).TWILIO_WHATSAPP_NUMBER).toBe('+212522000999');
    expect(() => loadConfig({ TWILIO_WHATSAPP_NUMBER: '0522000999' })).toThrow(/TWILIO_WHATSAPP_NUMBER must be an E\.164 number/);
  });
});
