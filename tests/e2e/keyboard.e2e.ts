import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAdmin, type AdminApi } from './admin-api.js';
import { saveScreenshot, startE2eEnvironment, type E2eEnvironment } from './browser.js';

let environment: E2eEnvironment;
let admin: AdminApi;
const PASSWORD = 'keyboard test password';
const TWILIO_TOKEN = 'e2e-keyboard-token-8d2e4b';
const PUBLIC_URL = 'http://localhost:3000';

beforeAll(async () => {
  environment = await startE2eEnvironment({ DEMO_DATA: 'false', ADMIN_EMAIL: 'admin@mowakaba.test', ADMIN_PASSWORD: PASSWORD, PUBLIC_URL, TWILIO_AUTH_TOKEN: TWILIO_TOKEN });
  admin = await connectAdmin({ baseUrl: environment.baseUrl, email: 'admin@mowakaba.test', password: PASSWORD, twilioToken: TWILIO_TOKEN, publicUrl: PUBLIC_URL });
  await admin.openAllWeek();
  expect((await admin.api('/api/users', 'POST', { email: 'layla@mowakaba.test', name: 'ليلى العلوي', password: PASSWORD, role: 'agent', language: 'ar' })).status).toBe(201);
});

afterAll(async () => {
  await environment?.stop();
});

interface FocusedElement {
  tag: string;
  text: string;
  focusVisible: boolean;
  outline: string;
  outlineWidth: number;
  /** Contrast of the focus ring against what it is drawn on (WCAG 1.4.11 asks for 3:1). */
  contrast: number;
  inSoftphone: boolean;
  inMain: boolean;
}

/** What has the focus, and whether a sighted keyboard user can see where it is. */
function describeFocus(page: Page): Promise<FocusedElement> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement;
    const style = getComputedStyle(element);
    const channels = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = (color: string) => {
      const [r, g, b] = channels(color).map((value) => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    // The ring is drawn outside the element (outline-offset), on its parents' background.
    let backdrop = 'rgb(255, 255, 255)';
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      const background = getComputedStyle(parent).backgroundColor;
      const alpha = channels(background)[3];
      if (alpha === undefined || alpha > 0) {
        backdrop = background;
        break;
      }
    }
    const [lighter, darker] = [luminance(style.outlineColor), luminance(backdrop)].sort((a, b) => b - a);
    return {
      tag: element.tagName.toLowerCase(),
      text: (element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 80),
      focusVisible: element.matches(':focus-visible'),
      outline: style.outlineStyle,
      outlineWidth: Number.parseFloat(style.outlineWidth),
      contrast: (lighter! + 0.05) / (darker! + 0.05),
      inSoftphone: element.closest('.softphone') !== null,
      inMain: element.closest('main') !== null,
    };
  });
}

function expectVisibleFocus(focused: FocusedElement) {
  expect(focused, `focus ring on <${focused.tag}> ${focused.text}`).toMatchObject({ focusVisible: true, outline: 'solid' });
  expect(focused.outlineWidth, `ring width on <${focused.tag}> ${focused.text}`).toBeGreaterThanOrEqual(2);
  expect(focused.contrast, `ring contrast on <${focused.tag}> ${focused.text}`).toBeGreaterThanOrEqual(3);
}

/** Presses Tab (or Shift+Tab) until `reached` holds, checking every stop shows its focus; fails after `limit` presses. */
async function tabUntil(page: Page, reached: (focused: FocusedElement) => boolean, options: { backwards?: boolean; limit?: number } = {}) {
  const stops: FocusedElement[] = [];
  for (let press = 0; press < (options.limit ?? 60); press += 1) {
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
    const focused = await describeFocus(page);
    stops.push(focused);
    if (focused.tag !== 'body' && focused.tag !== 'main') expectVisibleFocus(focused);
    if (reached(focused)) return stops;
  }
  throw new Error(`not reached by keyboard; stops: ${stops.map((stop) => `<${stop.tag}> ${stop.text}`).join(' | ')}`);
}

describe('the console by keyboard alone', () => {
  it('signs in, skips to the content, opens a ticket, replies, notes and solves it with shortcuts, and works the softphone without a trap', async () => {
    const context = await environment.browser.newContext({ locale: 'ar-MA', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${environment.baseUrl}/?lang=ar`);
    await page.getByLabel('البريد الإلكتروني').waitFor();

    await tabUntil(page, (focused) => focused.tag === 'input', { limit: 5 });
    await page.keyboard.type('layla@mowakaba.test');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'التذكرة التالية' }).waitFor();

    // The first Tab offers the skip link, shown; Enter lands in the main content.
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'انتقل إلى المحتوى الرئيسي' });
    expect(await skip.evaluate((element) => element === document.activeElement)).toBe(true);
    expectVisibleFocus(await describeFocus(page));
    const box = await skip.boundingBox();
    expect(box && box.y >= 0 && box.width > 0).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main-content');

    // Alt+N with nothing to take says why: this agent is in no team yet.
    await page.keyboard.press('Alt+KeyN');
    await page.getByRole('status').filter({ hasText: 'لستَ عضوا في أي فريق بعد' }).waitFor();

    const subject = `طلب شهادة التسجيل ${Date.now()}`;
    const created = await admin.api('/api/tickets', 'POST', { subject, description: 'نحتاج الشهادة قبل نهاية الشهر', channel: 'web', language: 'ar', topic: 'founding', priority: 'high' });
    expect(created.status).toBe(201);
    await page.getByRole('row', { name: new RegExp(subject) }).waitFor();
    await tabUntil(page, (focused) => focused.tag === 'tr' && focused.text.includes(subject));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: new RegExp(String(created.body.reference)) }).waitFor();
    // The screen changed: focus moved to its content rather than staying on a row that is gone.
    expect((await describeFocus(page)).inMain).toBe(true);

    // Alt+R: the reply box; Tab to Send; Enter.
    await page.keyboard.press('Alt+KeyR');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.keyboard.type('شكرا، سنرسل لكم الشهادة هذا الأسبوع.');
    await tabUntil(page, (focused) => focused.text === 'إرسال الرد', { limit: 3 });
    await page.keyboard.press('Enter');
    const timeline = page.getByRole('list', { name: 'سجل التذكرة' });
    await timeline.getByText('شكرا، سنرسل لكم الشهادة هذا الأسبوع.').waitFor();

    // Alt+I: an internal note, sent with Ctrl+Enter.
    await page.keyboard.press('Alt+KeyI');
    await expect.poll(() => page.getByRole('radio', { name: 'ملاحظة داخلية' }).isChecked()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.keyboard.type('الشهادة جاهزة في المكتب.');
    await page.keyboard.press('Control+Enter');
    await timeline.getByText('الشهادة جاهزة في المكتب.').waitFor();

    // Alt+S: solved.
    await page.keyboard.press('Alt+KeyS');
    await expect.poll(() => page.getByLabel('الحالة').inputValue()).toBe('solved');
    expect((await admin.api(`/api/tickets/${String(created.body.id)}`)).body.status).toBe('solved');

    // Layla is available: a caller waits and rings her; the softphone's Answer is reached by Tab, and Tab goes on past the panel.
    await page.getByLabel('الحضور').selectOption('available');
    const call = { CallSid: `CA${'5'.repeat(32)}`, From: '+212661557788', To: '+212522000000', Direction: 'inbound' };
    await admin.postTwilio('/webhooks/twilio/voice', { ...call, CallStatus: 'ringing' });
    await admin.postTwilio('/webhooks/twilio/voice/language?attempt=1', { ...call, Digits: '1' });
    await admin.postTwilio('/webhooks/twilio/voice/topic?lang=ar&attempt=1', { ...call, Digits: '1' });
    const softphone = page.getByRole('region', { name: /الهاتف/ });
    await softphone.getByRole('button', { name: 'رد', exact: true }).waitFor({ timeout: 10_000 });
    await tabUntil(page, (focused) => focused.inSoftphone && focused.text === 'رد', { backwards: true });
    await tabUntil(page, (focused) => focused.inMain, { limit: 3 });
    await tabUntil(page, (focused) => focused.inSoftphone && focused.text === 'رد', { backwards: true, limit: 3 });
    await saveScreenshot(page, 'keyboard-softphone-ar');

    // Answering opens the caller's ticket, focused as any page is; Hang up, in the panel before it, is one Shift+Tab away.
    await page.keyboard.press('Enter');
    await softphone.getByRole('button', { name: 'إنهاء المكالمة' }).waitFor();
    await page.waitForURL('**/tickets/*');
    await expect.poll(async () => (await describeFocus(page)).inMain).toBe(true);
    await tabUntil(page, (focused) => focused.inSoftphone && focused.text === 'إنهاء المكالمة', { backwards: true, limit: 12 });

    // The softphone did not pick up: the caller goes back to the queue (to ring another agent, never Layla again) and a notice says so; focus stays in the panel.
    await admin.postTwilio('/webhooks/twilio/voice/dial-result', { ...call, DialCallStatus: 'no-answer', DialCallSid: `CA${'6'.repeat(32)}` });
    await softphone.getByText('عادت المكالمة إلى قائمة الانتظار').waitFor({ timeout: 10_000 });
    await expect.poll(() => describeFocus(page)).toMatchObject({ inSoftphone: true, text: 'إغلاق' });
    await page.keyboard.press('Enter');
    await softphone.getByText('عادت المكالمة إلى قائمة الانتظار').waitFor({ state: 'detached' });
    await expect.poll(async () => (await describeFocus(page)).inSoftphone).toBe(true);
    await tabUntil(page, (focused) => focused.inMain, { limit: 3 });

    await admin.postTwilio('/webhooks/twilio/voice/queue-result?lang=ar', { ...call, QueueResult: 'hangup', QueueTime: '30' });
    await admin.postTwilio('/webhooks/twilio/voice/status', { ...call, CallStatus: 'completed', SequenceNumber: '2' });
    await context.close();
  });
});
