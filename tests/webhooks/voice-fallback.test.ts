import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { json } from '../helpers/json.js';
import { createTwilioTestApp, newCallSid, postSigned } from '../helpers/twilio.js';

// No database at all in this file: every query waits briefly for a connection that never comes.
beforeAll(() => {
  mongoose.set('bufferTimeoutMS', 300);
});

const call = (callSid: string) => ({ CallSid: callSid, From: '+212661234567', To: '+212522000000', Direction: 'inbound', CallStatus: 'ringing' });

describe('voice without the database', () => {
  it('answers the fallback route at once with an apology and the default queue', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    // Any query would now wait 5 s for the missing database: answering well before proves none is made.
    mongoose.set('bufferTimeoutMS', 5_000);
    const started = performance.now();
    const response = await Promise.resolve(
      postSigned(app, '/webhooks/twilio/voice/fallback', { ...call(newCallSid()), ErrorCode: '11200', ErrorUrl: 'https://mowakaba.example/webhooks/twilio/voice' }),
    ).finally(() => mongoose.set('bufferTimeoutMS', 300));
    expect(performance.now() - started).toBeLessThan(2_500);
    expect(response.status).toBe(200);
    const twiml = await response.text();
    expect(twiml).toContain('نعتذر، نواجه مشكلة تقنية.');
    expect(twiml).toContain('Nous rencontrons un problème technique.');
    expect(twiml).toMatch(/<Enqueue [^>]*waitUrl="http:\/\/localhost:3000\/webhooks\/twilio\/voice\/wait\?lang=ar"[^>]*>mowakaba-default<\/Enqueue>/);
  });

  it('keeps a caller whose menu step fails: the same apology and queue, never a 500', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const incoming = await postSigned(app, '/webhooks/twilio/voice', call(newCallSid()));
    expect(incoming.status).toBe(200);
    expect(await incoming.text()).toContain('>mowakaba-default</Enqueue>');
    const wait = await postSigned(app, '/webhooks/twilio/voice/wait?lang=fr', { ...call(newCallSid()), QueuePosition: '2' });
    expect(wait.status).toBe(200);
    expect(await wait.text()).toContain('Vous êtes en position 2');
  });

  it('answers a status callback it cannot store with 503, not 500', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const response = await postSigned(app, '/webhooks/twilio/voice/status', { ...call(newCallSid()), CallStatus: 'completed' });
    expect(response.status).toBe(503);
    expect((await json(response)).error.code).toBe('service_unavailable');
  });
});
