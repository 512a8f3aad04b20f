import { describe, expect, it } from 'vitest';
import { ZErrorBody } from '@mowakaba/shared/errors';
import { ZVoiceSettings } from '@mowakaba/shared/schemas/calls';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { createTwilioTestApp, newCallSid, postSigned } from '../helpers/twilio.js';

useTestDatabase();

const CENTER = '+212522000000';
const call = (callSid: string, from: string, extra: Record<string, string> = {}) => ({ CallSid: callSid, From: from, To: CENTER, Direction: 'inbound', CallStatus: 'in-progress', ...extra });

async function twimlOf(response: Response): Promise<string> {
  expect(response.status).toBe(200);
  return response.text();
}

const ARABIC_WELCOME = 'أهلا بكم في مواكبة، نحن هنا لمرافقة جمعيتكم.';
const FRENCH_TOPIC_MENU = 'Pour la création d’une association, tapez 1. Pour toute autre question, tapez 0.';
const ARABIC_TOPIC_MENU = 'لتأسيس جمعية اضغطوا 1، ولأي سؤال آخر اضغطوا 0.';
// Tamazight in Latin letters: no voice reads Tifinagh.
const TAMAZIGHT = {
  languageMenu: 'I tmazight, sit 3.',
  topicMenu: 'I usnulfu n tamesmunt, sit 1.',
  invalidChoice: 'Ur nessin ayen tferned.',
  waiting: 'Tanmirt, rju cwiṭ.',
  callbackOffer: 'Ma tebɣam ad awen-d-nɣer, sit 1.',
  callbackConfirmed: 'Tanmirt, ad awen-d-nɣer.',
  agentUnavailable: 'Amsawal ur yelli ara.',
};

describe('prompt texts written by an admin', () => {
  it('are spoken in the caller’s language from the next call on, and Tamazight texts make Tamazight a choice', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const admin = await createSignedInUser(app, 'admin');
    const before = await twimlOf(await postSigned(app, '/webhooks/twilio/voice', call(newCallSid(), '+212670000101')));
    expect(before).toContain('مرحبا بكم في مواكبة');

    const saved = await app.request(
      '/api/voice/settings',
      jsonRequest('PUT', { prompts: { ar: {}, fr: {}, zgh: {} }, promptTexts: { ar: { welcome: ARABIC_WELCOME, topicMenu: ARABIC_TOPIC_MENU }, fr: { topicMenu: FRENCH_TOPIC_MENU }, zgh: TAMAZIGHT } }, admin.cookie),
    );
    expect(saved.status).toBe(200);
    expect(ZVoiceSettings.parse(await saved.json()).promptTexts.fr.topicMenu).toBe(FRENCH_TOPIC_MENU);

    const callSid = newCallSid();
    const greeting = await twimlOf(await postSigned(app, '/webhooks/twilio/voice', call(callSid, '+212670000101')));
    expect(greeting).toContain(`<Say voice="Polly.Zeina" language="arb">${ARABIC_WELCOME}</Say>`);
    expect(greeting).not.toContain('مرحبا بكم في مواكبة');
    expect(greeting).toContain(`<Say voice="Polly.Lea" language="fr-FR">${TAMAZIGHT.languageMenu}</Say>`);

    const french = await twimlOf(await postSigned(app, '/webhooks/twilio/voice/language?attempt=1', call(callSid, '+212670000101', { Digits: '2' })));
    expect(french).toContain(`<Say voice="Polly.Lea" language="fr-FR">${FRENCH_TOPIC_MENU}</Say>`);
    expect(french).not.toContain(ARABIC_TOPIC_MENU);

    const arabic = await twimlOf(await postSigned(app, '/webhooks/twilio/voice/language?attempt=1', call(newCallSid(), '+212670000102', { Digits: '1' })));
    expect(arabic).toContain(`<Say voice="Polly.Zeina" language="arb">${ARABIC_TOPIC_MENU}</Say>`);
    expect(arabic).not.toContain('Polly.Lea');

    const tamazight = await twimlOf(await postSigned(app, '/webhooks/twilio/voice/language?attempt=1', call(newCallSid(), '+212670000103', { Digits: '3' })));
    expect(tamazight).toContain('lang=zgh');
    expect(tamazight).toContain(`<Say voice="Polly.Lea" language="fr-FR">${TAMAZIGHT.topicMenu}</Say>`);
  });

  it('refuses markup, Tifinagh, over-long texts and a prompt given both a recording and a text, each on its field', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const admin = await createSignedInUser(app, 'admin');
    const readSettings = async () => ZVoiceSettings.parse(await (await app.request('/api/voice/settings', { headers: { Cookie: admin.cookie } })).json());
    const before = await readSettings();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ promptTexts: { fr: { welcome: '<speak>Bonjour</speak>' } } }, 'promptTexts.fr.welcome'],
      [{ promptTexts: { ar: { waiting: 'مرحبا\u0007' } } }, 'promptTexts.ar.waiting'],
      [{ promptTexts: { fr: { closed: 'a'.repeat(601) } } }, 'promptTexts.fr.closed'],
      [{ promptTexts: { zgh: { waiting: 'ⴰⵣⵓⵍ' } } }, 'promptTexts.zgh.waiting'],
      [{ prompts: { ar: { welcome: 'https://media.mowakaba.test/ar/welcome.mp3' }, fr: {}, zgh: {} }, promptTexts: { ar: { welcome: 'مرحبا' } } }, 'promptTexts.ar.welcome'],
    ];
    for (const [change, path] of cases) {
      const refused = await app.request('/api/voice/settings', jsonRequest('PUT', { prompts: { ar: {}, fr: {}, zgh: {} }, ...change }, admin.cookie));
      expect(refused.status, path).toBe(400);
      const body = ZErrorBody.parse(await refused.json());
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details).toEqual([expect.objectContaining({ path })]);
    }
    expect(await readSettings()).toEqual(before);
  });
});
