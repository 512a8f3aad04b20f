import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAdmin, type AdminApi } from './admin-api.js';
import { saveScreenshot, startE2eEnvironment, type E2eEnvironment } from './browser.js';
import { localeText } from './locale-text.js';
import { signInThroughPage } from './sign-in-page.js';

const PASSWORD = 'contact reveal test password';
const ADMIN_EMAIL = 'admin@mowakaba.test';
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

let environment: E2eEnvironment;
let admin: AdminApi;

beforeAll(async () => {
  environment = await startE2eEnvironment({ DEMO_DATA: 'false', ADMIN_EMAIL, ADMIN_PASSWORD: PASSWORD });
  admin = await connectAdmin({ baseUrl: environment.baseUrl, email: ADMIN_EMAIL, password: PASSWORD });
});

afterAll(async () => {
  await environment?.stop();
});

describe.each(['ar', 'fr'] as const)('in %s', (language) => {
  const text = localeText(language);

  it("an agent sees a portal requester's e-mail masked, reveals it in one click, and the audit log names the reveal", async () => {
    const stamp = `${language}-${Date.now().toString(36)}`;
    const address = `nadia.${stamp}@example.org`;
    // A team for the request's topic and language, with the agent in it: the ticket is theirs to work.
    const team = await admin.api('/api/teams', 'POST', { name: `Gouvernance ${stamp}`, skills: { languages: [language], topics: ['governance'] } });
    expect(team.status).toBe(201);
    const agentEmail = `agent-${stamp}@mowakaba.test`;
    const agent = await admin.api('/api/users', 'POST', { email: agentEmail, name: `Agent ${stamp}`, password: PASSWORD, role: 'agent', language, teamIds: [team.body.id] });
    expect(agent.status).toBe(201);
    const request = await fetch(`${environment.baseUrl}/api/portal/requests`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        associationName: language === 'ar' ? 'جمعية الأمل للتنمية' : 'Association Al Amal',
        subject: language === 'ar' ? `تجديد المكتب المسير ${stamp}` : `Renouvellement du bureau ${stamp}`,
        description: language === 'ar' ? 'ما هي الوثائق المطلوبة بعد الجمع العام؟' : 'Quels documents déposer après l’assemblée générale ?',
        language,
        topic: 'governance',
        email: address,
        consent: true,
      }),
    });
    expect(request.status).toBe(201);
    const { reference } = (await request.json()) as { reference: string };
    const found = await admin.api(`/api/tickets?limit=100&sort=-createdAt`);
    const ticket = (found.body.items as Array<{ id: string; reference: string; teamId: string | null }>).find((item) => item.reference === reference)!;
    expect(ticket.teamId).toBe(team.body.id);

    const page = await signInThroughPage(environment.browser, environment.baseUrl, { email: agentEmail, password: PASSWORD, language, viewport: DESKTOP });
    await page.goto(`${environment.baseUrl}/tickets/${ticket.id}`);
    const contact = page.locator('.ticket-header__email');
    await contact.getByText(text('privacyContacts.requesterEmail')).waitFor();
    // Masked: the first letter and the domain, never the whole address.
    await contact.getByText(`n•••@example.org`).waitFor();
    expect(await page.textContent('main')).not.toContain(address);
    await saveScreenshot(page, `contact-masked-${language}-desktop`);
    await page.setViewportSize(PHONE);
    await saveScreenshot(page, `contact-masked-${language}-phone`);

    await contact.getByRole('button', { name: text('privacyContacts.reveal') }).click();
    await contact.getByRole('link', { name: address }).waitFor();
    expect(await contact.getByRole('button', { name: text('privacyContacts.reveal') }).count()).toBe(0);
    await saveScreenshot(page, `contact-revealed-${language}-phone`);
    await page.setViewportSize(DESKTOP);
    await saveScreenshot(page, `contact-revealed-${language}-desktop`);

    // The audit log holds the reveal: who, on which ticket, answered 200; and never the address itself.
    const trail = await admin.api(`/api/audit-log?action=contact.reveal&targetKind=ticket`);
    const reveals = (trail.body.items as Array<{ actorId: string; targetId: string; status: number }>).filter((entry) => entry.targetId === ticket.id);
    expect(reveals.map(({ actorId, status }) => ({ actorId, status }))).toEqual([{ actorId: agent.body.id, status: 200 }]);
    expect(JSON.stringify(trail.body)).not.toContain(address);
    await page.context().close();
  }, 180_000);
});
