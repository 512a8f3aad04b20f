import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TEventEnvelope, TLiveEnvelope, TMessageEventPayload, TSyncResponse } from '@mowakaba/shared/events';
import { MessageModel } from '../../server/src/modules/messages/message.model.js';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { nextMatching, openConsole, startTestServer, type ConsoleSocket, type TestServer } from '../helpers/test-server.js';
import { CENTER_NUMBER, newMessageSid, postSigned, startFakeTwilioApi, twilioTestDependencies, type FakeTwilioApi } from '../helpers/twilio.js';

useTestDatabase();

let api: FakeTwilioApi;
let server: TestServer;
const sockets: ConsoleSocket[] = [];

beforeAll(async () => {
  api = await startFakeTwilioApi();
  const { environment, extra } = twilioTestDependencies({ mode: 'real', api });
  server = await startTestServer({ environment, extra });
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server?.close();
  await api?.close();
});

const isDelivery = (messageSid: string, status: string) => (envelope: TLiveEnvelope) =>
  envelope.event === 'message.updated' && (envelope.payload as TMessageEventPayload).message.messageSid === messageSid && (envelope.payload as TMessageEventPayload).message.status === status;

describe('delivery reports of outbound messages', () => {
  it("reach the ticket's team and whoever has the ticket open, even its assignee from another team, as they arrive", async () => {
    const author = await createSignedInUser(server.app);
    const outsider = await createSignedInUser(server.app);
    await TeamModel.create({ key: `fr-${Date.now()}`, name: { ar: 'فرنسية', fr: 'Francophone', en: 'French' }, skills: { languages: ['fr'], topics: ['other'] }, memberIds: [author.user.id] });

    const inboundSid = newMessageSid();
    const inbound = await postSigned(server.app, '/webhooks/twilio/messaging', { MessageSid: inboundSid, From: '+212671010101', To: CENTER_NUMBER, Body: 'Bonjour, nous attendons votre réponse', NumMedia: '0' });
    expect(inbound.status).toBe(200);
    const ticketId = (await MessageModel.findById(inboundSid).lean())!.ticketId!.toString();
    // Handed to an agent of another team: theirs to see, though not their team's.
    const { version } = await json(await server.app.request(`/api/tickets/${ticketId}`, { headers: { Cookie: author.cookie } }));
    const handOver = await server.app.request(`/api/tickets/${ticketId}`, jsonRequest('PATCH', { version, assigneeId: outsider.user.id }, author.cookie));
    expect(handOver.status).toBe(200);

    const team = await openConsole(server.url, author.cookie);
    const viewer = await openConsole(server.url, outsider.cookie);
    sockets.push(team.socket, viewer.socket);
    // The outsider opens the ticket; the sync answer proves the server has handled the view first.
    viewer.socket.emit('ticket.view', { ticketId, activity: 'viewing' });
    await new Promise<TSyncResponse>((resolve) => viewer.socket.emit('sync', { rooms: {} }, resolve));

    const reply = await server.app.request(`/api/tickets/${ticketId}/entries`, jsonRequest('POST', { kind: 'public-reply', body: 'Voici la réponse' }, author.cookie));
    expect(reply.status).toBe(201);
    const messageSid = (await json(reply)).data.messageSid as string;

    const byViewer = nextMatching<TLiveEnvelope>(viewer.socket, 'event.live', isDelivery(messageSid, 'delivered'));
    const byTeam = nextMatching<TEventEnvelope>(team.socket, 'event', isDelivery(messageSid, 'delivered'));
    expect((await postSigned(server.app, '/webhooks/twilio/messaging/status', { MessageSid: messageSid, MessageStatus: 'delivered', From: CENTER_NUMBER })).status).toBe(204);
    const [seenByViewer, seenByTeam] = await Promise.all([byViewer, byTeam]);
    // The viewer's copy comes live through the ticket's room, unnumbered; the team's is numbered in its room.
    expect(seenByViewer.room).toBe(`ticket:${ticketId}`);
    expect(seenByViewer).not.toHaveProperty('seq');
    expect(seenByTeam.seq).toBeGreaterThan(0);
    expect(seenByTeam.room).toMatch(/^team:/);
    expect(seenByViewer.payload).toMatchObject({ message: { messageSid, ticketId, direction: 'outbound', status: 'delivered', errorCode: null } });

    // A later failure outranks delivery and carries Twilio's error code.
    const failed = nextMatching<TLiveEnvelope>(viewer.socket, 'event.live', isDelivery(messageSid, 'undelivered'));
    await postSigned(server.app, '/webhooks/twilio/messaging/status', { MessageSid: messageSid, MessageStatus: 'undelivered', ErrorCode: '30005', From: CENTER_NUMBER });
    expect((await failed).payload).toMatchObject({ message: { status: 'undelivered', errorCode: '30005' } });
    expect(await MessageModel.findById(messageSid).lean()).toMatchObject({ status: 'undelivered', errorCode: '30005' });
  });
});
