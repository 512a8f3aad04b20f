import { afterEach, describe, expect, it } from 'vitest';
import { ZCall } from '@mowakaba/shared/schemas/calls';
import { CallModel } from '../../server/src/modules/calls/call.model.js';
import { offerWaitingCalls } from '../../server/src/modules/calls/calls.service.js';
import { WAITING_CALLS_LIST, readWaitingCalls, rebuildWaitingCalls } from '../../server/src/modules/calls/waiting-calls.js';
import { AgentStateModel } from '../../server/src/modules/presence/agent-state.model.js';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { getStorage } from '../../server/src/platform/storage/index.js';
import { createTwilioGateway } from '../../server/src/twilio/twilio-gateway.js';
import { createAgentInFoundingTeam, createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { useManualClock, useTestDatabase } from '../helpers/test-database.js';
import { callParams, createTwilioTestApp, getCall, newCallSid, postSigned, queueCall } from '../helpers/twilio.js';

useTestDatabase();
const clock = useManualClock();

// Each test has its own team, agents and callers: the earlier ones are gone or offline.
afterEach(async () => {
  await TeamModel.deleteMany({});
  await AgentStateModel.updateMany({}, { $set: { state: 'offline', callSid: null } });
  await CallModel.deleteMany({});
  await getStorage().lists.replace(WAITING_CALLS_LIST, []);
});

const METRICS_TOKEN = 'metrics-token-for-the-scraper-0123';

type Agent = Awaited<ReturnType<typeof createSignedInUser>>;
type TestApp = ReturnType<typeof createTwilioTestApp>;


async function setPresence(app: TestApp['app'], agent: Agent, state: string) {
  expect((await app.request('/api/presence/me', jsonRequest('PUT', { state }, agent.cookie))).status).toBe(200);
}

const offerOf = async (app: TestApp['app'], agent: Agent, callSid: string) => ZCall.parse(await getCall(app, agent.cookie, callSid)).offer;
const routingPass = ({ hub, config }: TestApp) => offerWaitingCalls({ publisher: hub, twilio: createTwilioGateway(config) });
const waitPoll = (app: TestApp['app'], callSid: string, from: string) => postSigned(app, '/webhooks/twilio/voice/wait?lang=ar', callParams(callSid, from, { QueuePosition: '1' }));
const listedCalls = async () => (await readWaitingCalls()).map((call) => call.callSid);

describe('the list of waiting callers', () => {
  it('holds the callers still in a queue, in the order they joined it, and a rebuild from the calls gives the same list', async () => {
    const testApp = createTwilioTestApp({ mode: 'simulated', environment: { METRICS_TOKEN } });
    const { app } = testApp;
    await createAgentInFoundingTeam(app);
    const [first, second, third] = [newCallSid(), newCallSid(), newCallSid()];
    await queueCall(app, first, '+212661710001');
    await clock.advance(1_000);
    await queueCall(app, second, '+212661710002');
    await clock.advance(1_000);
    await queueCall(app, third, '+212661710003');
    expect(await listedCalls()).toEqual([first, second, third]);

    // The second caller hangs up while waiting: they leave the list, and /metrics counts the other two.
    await postSigned(app, '/webhooks/twilio/voice/status', callParams(second, '+212661710002', { CallStatus: 'completed', CallDuration: '5' }));
    expect(await listedCalls()).toEqual([first, third]);
    expect(await (await app.request('/metrics', { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text()).toMatch(/^mowakaba_queue_size\{queue="waiting_calls"\} 2$/m);

    await getStorage().lists.replace(WAITING_CALLS_LIST, []);
    await rebuildWaitingCalls();
    expect(await listedCalls()).toEqual([first, third]);
  });

  it('takes a caller who hung up in the queue off the list at once, before Twilio’s final status, and rings nobody for them', async () => {
    const testApp = createTwilioTestApp({ mode: 'simulated' });
    const { app } = testApp;
    const agent = await createAgentInFoundingTeam(app);
    const callSid = newCallSid();
    await queueCall(app, callSid, '+212661710050');
    await postSigned(app, '/webhooks/twilio/voice/queue-result?lang=ar', callParams(callSid, '+212661710050', { QueueResult: 'hangup', QueueTime: '12' }));
    expect(await listedCalls()).toEqual([]);
    await setPresence(app, agent, 'available');
    await routingPass(testApp);
    const call = ZCall.parse(await getCall(app, agent.cookie, callSid));
    expect(call).toMatchObject({ phase: 'ended', result: 'abandoned', offer: null });
    const waiting = await json(await app.request('/api/calls?phase=queued', { headers: { Cookie: agent.cookie } }));
    expect(waiting.items).toEqual([]);
  });

  it('rings a caller whose listing was lost at their next wait-page poll', async () => {
    const testApp = createTwilioTestApp({ mode: 'simulated' });
    const { app } = testApp;
    const agent = await createAgentInFoundingTeam(app);
    const callSid = newCallSid();
    await queueCall(app, callSid, '+212661710010');
    // The write that listed the caller was lost (the node stopped right after writing the call).
    const [entry] = await readWaitingCalls();
    await getStorage().lists.remove(WAITING_CALLS_LIST, [entry!.key]);

    await setPresence(app, agent, 'available');
    await routingPass(testApp);
    expect(await offerOf(app, agent, callSid)).toBeNull();
    // Twilio asks for the wait page again a few seconds later: the caller is listed again, and rung.
    expect((await waitPoll(app, callSid, '+212661710010')).status).toBe(200);
    expect(await offerOf(app, agent, callSid)).toMatchObject({ agentId: agent.user.id });
    expect(await listedCalls()).toEqual([callSid]);
  });

  it('does not keep an agent ringing for good for a caller who left while the list said otherwise', async () => {
    const testApp = createTwilioTestApp({ mode: 'simulated' });
    const { app } = testApp;
    const agent = await createAgentInFoundingTeam(app);
    await setPresence(app, agent, 'available');
    const gone = newCallSid();
    await queueCall(app, gone, '+212661710020');
    expect(await offerOf(app, agent, gone)).toMatchObject({ agentId: agent.user.id });
    // The caller's end reached the call but not the list (a lost write): the list still has the agent ringing for them.
    await CallModel.updateOne({ _id: gone }, { $set: { phase: 'ended' } });

    const next = newCallSid();
    await queueCall(app, next, '+212661710021');
    expect(await offerOf(app, agent, next)).toBeNull();
    // Long after the ring timeout (whose job would have closed a real offer), the next pass checks the call.
    await clock.advance(60_000);
    await routingPass(testApp);
    expect(await offerOf(app, agent, next)).toMatchObject({ agentId: agent.user.id });
    expect(await listedCalls()).toEqual([next]);
  });

  it('rings nobody outside the team a call moved to while the list said otherwise, and follows the call from then on', async () => {
    const testApp = createTwilioTestApp({ mode: 'simulated' });
    const { app } = testApp;
    const outsider = await createSignedInUser(app);
    const member = await createAgentInFoundingTeam(app);
    const team = (await TeamModel.findOne({}).lean())!;
    const callSid = newCallSid();
    // French and another topic: no team is skilled for it, so it waits in no team, until a write the list never heard of moves it.
    await queueCall(app, callSid, '+212661710040', '2', '2');
    expect((await readWaitingCalls())[0]).toMatchObject({ callSid, teamId: null });
    await CallModel.updateOne({ _id: callSid }, { $set: { teamId: team._id } });

    await setPresence(app, outsider, 'available');
    await routingPass(testApp);
    expect((await readWaitingCalls())[0]).toMatchObject({ callSid, teamId: team._id.toString(), offer: null });
    await setPresence(app, member, 'available');
    await routingPass(testApp);
    expect(await offerOf(app, member, callSid)).toMatchObject({ agentId: member.user.id });
  });

  it('takes a caller who is no longer waiting off the list when a pass tries to ring them', async () => {
    const testApp = createTwilioTestApp({ mode: 'simulated' });
    const { app } = testApp;
    const agent = await createAgentInFoundingTeam(app);
    const callSid = newCallSid();
    await queueCall(app, callSid, '+212661710030');
    await CallModel.updateOne({ _id: callSid }, { $set: { phase: 'ended' } });
    await setPresence(app, agent, 'available');
    await routingPass(testApp);
    expect(await offerOf(app, agent, callSid)).toBeNull();
    expect(await listedCalls()).toEqual([]);
  });
});
