import { describe, expect, it } from 'vitest';
import { CallModel } from '../../server/src/modules/calls/call.model.js';
import { MessageModel } from '../../server/src/modules/messages/message.model.js';
import { json } from '../helpers/json.js';
import { createTestApp, TEST_PUBLIC_URL } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { createTwilioTestApp, formBody, newCallSid, newMessageSid, postSigned, signTwilioRequest, TEST_AUTH_TOKEN } from '../helpers/twilio.js';

useTestDatabase();

const incomingCall = (callSid: string) => ({ CallSid: callSid, From: '+212661234567', To: '+212522000000', CallStatus: 'ringing', Direction: 'inbound' });
const forbidden = { error: { code: 'forbidden', message: 'the Twilio signature is missing or wrong' } };

describe('Twilio webhook signatures', () => {
  it('refuses a missing, forged, replayed or tampered signature with 403 and changes nothing', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const callSid = newCallSid();
    const params = incomingCall(callSid);
    const attempts = [
      { name: 'missing', response: await postSigned(app, '/webhooks/twilio/voice', params, { signature: null }) },
      { name: 'forged with another token', response: await postSigned(app, '/webhooks/twilio/voice', params, { signature: signTwilioRequest('/webhooks/twilio/voice', params, 'not-the-token') }) },
      { name: 'replayed from another path', response: await postSigned(app, '/webhooks/twilio/voice', params, { signature: signTwilioRequest('/webhooks/twilio/messaging', params) }) },
      { name: 'tampered parameter', response: await postSigned(app, '/webhooks/twilio/voice', { ...params, From: '+212600000001' }, { signature: signTwilioRequest('/webhooks/twilio/voice', params) }) },
      { name: 'tampered query', response: await postSigned(app, '/webhooks/twilio/voice/topic?lang=fr', params, { signature: signTwilioRequest('/webhooks/twilio/voice/topic?lang=ar', params) }) },
    ];
    for (const attempt of attempts) {
      expect({ name: attempt.name, status: attempt.response.status }).toEqual({ name: attempt.name, status: 403 });
      expect(await json(attempt.response)).toEqual(forbidden);
    }
    expect(await CallModel.countDocuments()).toBe(0);

    const genuine = await postSigned(app, '/webhooks/twilio/voice', params);
    expect(genuine.status).toBe(200);
    expect(genuine.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await CallModel.exists({ _id: callSid })).not.toBeNull();
  });

  it('checks against PUBLIC_URL, not the Host the proxy forwarded to', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const params = incomingCall(newCallSid());
    const behindProxy = (signature: string) =>
      app.request('http://10.0.0.7:8080/webhooks/twilio/voice', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Host: '10.0.0.7:8080', 'X-Forwarded-Host': 'evil.example', 'X-Twilio-Signature': signature },
        body: formBody(params),
      });
    expect((await behindProxy(signTwilioRequest('/webhooks/twilio/voice', params))).status).toBe(200);
    expect((await behindProxy(signTwilioRequest('/webhooks/twilio/voice', params, TEST_AUTH_TOKEN, 'http://10.0.0.7:8080'))).status).toBe(403);
  });

  it('keeps repeated form keys, as Twilio signs them all', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const sid = newMessageSid();
    const params = { MessageSid: sid, MessageStatus: 'delivered', From: '+212522000000', AddOns: ['second', 'first'] };
    expect((await postSigned(app, '/webhooks/twilio/messaging/status', params)).status).toBe(204);
    // The same fields with one of the repeated values dropped no longer match.
    const dropped = await postSigned(app, '/webhooks/twilio/messaging/status', { ...params, AddOns: 'second' }, { signature: signTwilioRequest('/webhooks/twilio/messaging/status', params) });
    expect(dropped.status).toBe(403);
  });

  it('refuses an unsigned request on every Twilio route, and leaks nothing', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const routes = [...new Set(app.routes.filter((route) => route.path.startsWith('/webhooks/twilio/') && route.method === 'POST').map((route) => route.path))];
    const [callsBefore, messagesBefore] = [await CallModel.countDocuments(), await MessageModel.countDocuments()];
    expect(routes).toEqual(
      expect.arrayContaining(['/webhooks/twilio/voice', '/webhooks/twilio/voice/status', '/webhooks/twilio/voice/fallback', '/webhooks/twilio/messaging', '/webhooks/twilio/messaging/status']),
    );
    for (const path of routes) {
      const response = await app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: formBody(incomingCall(newCallSid())) });
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
      expect(await json(response)).toEqual(forbidden);
    }
    expect(await CallModel.countDocuments()).toBe(callsBefore);
    expect(await MessageModel.countDocuments()).toBe(messagesBefore);
  });

  it('refuses every webhook when no auth token is configured', async () => {
    const { app } = createTestApp();
    const response = await postSigned(app, '/webhooks/twilio/voice', incomingCall(newCallSid()));
    expect(response.status).toBe(403);
  });

  it('verifies with TWILIO_AUTH_TOKEN in simulation mode too', async () => {
    const { app, config } = createTwilioTestApp({ mode: 'simulated' });
    expect(config.TWILIO_ACCOUNT_SID).toBeUndefined();
    expect(config.PUBLIC_URL).toBe(TEST_PUBLIC_URL);
    expect((await postSigned(app, '/webhooks/twilio/voice/fallback', incomingCall(newCallSid()), { signature: 'bm90IGEgc2lnbmF0dXJl' })).status).toBe(403);
    expect((await postSigned(app, '/webhooks/twilio/voice/fallback', incomingCall(newCallSid()))).status).toBe(200);
  });
});
