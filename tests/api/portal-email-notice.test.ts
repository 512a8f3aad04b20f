import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/src/config.js';
import { createLogger } from '../../server/src/logger.js';
import { MessageModel } from '../../server/src/modules/messages/message.model.js';
import { OutboundEmailModel } from '../../server/src/modules/messages/outbound-email.model.js';
import { TicketModel } from '../../server/src/modules/tickets/ticket.model.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { createTestApp, TEST_PUBLIC_URL } from '../helpers/test-app.js';
import { useLocalSmtpServer } from '../helpers/smtp-server.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

const MAIL_FROM = 'Mowakaba <no-reply@mowakaba.test>';
let addresses = 0;

/** The app (with `environment`), a client address of its own, an agent, and a way to send a portal request and answer it. */
async function createPortalApp(environment: Record<string, string>) {
  addresses += 1;
  const logLines: string[] = [];
  const { app } = createTestApp({ TRUST_PROXY: 'true', ...environment }, undefined, () => ({
    logger: createLogger('info', { write: (line: string) => logLines.push(line) }),
  }));
  const from = { 'X-Forwarded-For': `203.0.113.${addresses}` };
  const agent = await createSignedInUser(app, 'agent');
  const submit = (overrides: Record<string, unknown>) =>
    app.request(
      '/api/portal/requests',
      jsonRequest(
        'POST',
        {
          associationName: 'جمعية النور للتنمية',
          subject: 'طلب دعم عمومي',
          description: 'نريد معرفة شروط الشراكة مع الدولة لسنة 2027.',
          language: 'ar',
          topic: 'funding',
          consent: true,
          ...overrides,
        },
        undefined,
        from,
      ),
    );
  const replyPublicly = async (reference: string, body: string) => {
    const ticket = await TicketModel.findOne({ reference }).lean();
    const response = await app.request(`/api/tickets/${ticket!._id.toString()}/entries`, jsonRequest('POST', { kind: 'public-reply', body }, agent.cookie));
    expect(response.status).toBe(201);
    return { ticket: ticket!, entry: await json(response) };
  };
  return { app, agent, submit, replyPublicly, logLines };
}

const LONG_ARABIC_REPLY =
  'مرحبا، يمكنكم تقديم طلب الشراكة عبر المنصة الوطنية للجمعيات قبل نهاية شهر مارس، مرفقا بالنظام الأساسي ومحضر آخر جمع عام والتقرير المالي المصادق عليه. ' +
  'نرسل لكم أيضا دليل المساطر الذي يشرح كل مرحلة بالتفصيل، مع لائحة الوثائق المطلوبة ونموذج الميزانية التقديرية، وكذلك أجوبة الأسئلة الأكثر تكرارا. ' +
  'الجملة الأخيرة لا تظهر في الرسالة الإلكترونية.';

describe('telling a portal requester by e-mail that the center answered', () => {
  const smtp = useLocalSmtpServer();

  it('sends the reference, the start of the answer and the follow link to the address the requester gave instead of a phone', async () => {
    const { submit, replyPublicly } = await createPortalApp({ SMTP_URL: smtp.url, MAIL_FROM });
    const response = await submit({ email: '  Amina.Benali@Example.org ' });
    expect(response.status).toBe(201);
    const created = await json(response);
    const { ticket, entry } = await replyPublicly(created.reference, LONG_ARABIC_REPLY);
    expect(ticket.contactPhone).toBeNull();

    const mail = smtp.received.find((item) => item.to.includes('amina.benali@example.org'));
    expect(mail).toBeDefined();
    expect(mail!.from).toBe('no-reply@mowakaba.test');
    expect(mail!.subject).toContain(created.reference);
    expect(mail!.text).toContain(created.reference);
    expect(mail!.text).toContain('مرحبا، يمكنكم تقديم طلب الشراكة عبر المنصة الوطنية للجمعيات');
    expect(mail!.text).not.toContain('الجملة الأخيرة');
    expect(mail!.text).toContain(`${TEST_PUBLIC_URL}/portal/follow?reference=${created.reference}`);
    // The follow-up code stays with the requester: the e-mail never carries it.
    expect(mail!.text).not.toContain(created.followUpCode);
    expect(mail!.html).toContain('dir="rtl"');

    // The agent sees on the reply that the requester was told, without the whole address.
    expect(entry.data).toEqual({ email: { to: 'a•••@example.org', status: 'sent', errorCode: null }, notice: true });
    const recorded = await OutboundEmailModel.findById(entry.id).lean();
    expect(recorded).toMatchObject({ status: 'sent', to: 'a•••@example.org' });
    expect(JSON.stringify(recorded)).not.toContain('amina.benali');
    expect(await MessageModel.countDocuments({ ticketId: ticket._id })).toBe(0);
  });

  it('keeps the reply when the SMTP server refuses the address: the entry shows the failure, the log never the address', async () => {
    const { submit, replyPublicly, logLines } = await createPortalApp({ SMTP_URL: smtp.url, MAIL_FROM });
    const created = await json(await submit({ email: 'refused.member@example.org', language: 'fr' }));
    const { entry } = await replyPublicly(created.reference, 'Bonjour, voici la liste des pièces à fournir.');

    expect(entry.data.email).toMatchObject({ to: 'r•••@example.org', status: 'failed' });
    expect(entry.data.email.errorCode).toEqual(expect.any(String));
    expect(await OutboundEmailModel.findById(entry.id).lean()).toMatchObject({ status: 'failed' });
    const warning = logLines.find((line) => line.includes('e-mail was not sent'));
    expect(warning).toBeDefined();
    expect(logLines.join('\n')).not.toContain('refused.member');
  });

  it('records the e-mail without sending it when no SMTP server is configured, so the demo works offline', async () => {
    const { submit, replyPublicly } = await createPortalApp({});
    const before = smtp.received.length;
    const created = await json(await submit({ email: 'karim@example.org', language: 'fr' }));
    const { entry } = await replyPublicly(created.reference, 'Bonjour, le dossier est complet.');

    expect(entry.data).toEqual({ email: { to: 'k•••@example.org', status: 'simulated', errorCode: null }, notice: true });
    expect(await OutboundEmailModel.findById(entry.id).lean()).toMatchObject({ status: 'simulated', subject: `Mowakaba : réponse à votre demande ${created.reference}` });
    expect(smtp.received.length).toBe(before);
  });

  it('texts, and does not e-mail, a requester who gave both a phone number and an address', async () => {
    const { submit, replyPublicly } = await createPortalApp({ SMTP_URL: smtp.url, MAIL_FROM });
    const created = await json(await submit({ email: 'both@example.org', phone: '0661 77 88 99' }));
    const { ticket } = await replyPublicly(created.reference, 'مرحبا، الجواب في صفحة التتبع.');

    expect(await MessageModel.findOne({ ticketId: ticket._id, direction: 'outbound' }).lean()).toMatchObject({ channel: 'sms', phone: '+212661778899' });
    expect(smtp.received.some((item) => item.to.includes('both@example.org'))).toBe(false);
  });
});

describe('the portal form’s contact', () => {
  it('refuses a request with neither phone nor e-mail, or a malformed address, with 400 naming the field', async () => {
    const { submit } = await createPortalApp({});
    const ticketsBefore = await TicketModel.countDocuments();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, 'phone'],
      [{ email: 'not-an-address' }, 'email'],
      [{ email: 'x'.repeat(250) + '@example.org' }, 'email'],
      [{ email: 42 }, 'email'],
    ];
    const refusals = [];
    for (const [overrides] of cases) {
      const response = await submit(overrides);
      const { error } = await json(response);
      refusals.push([response.status, error.code, error.details.map((detail: { path: string }) => detail.path)]);
    }
    expect(refusals).toEqual(cases.map(([, path]) => [400, 'validation_failed', expect.arrayContaining([path])]));
    expect(await TicketModel.countDocuments()).toBe(ticketsBefore);
  });

  it('will not start with an SMTP server but no sender address', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', SMTP_URL: 'smtp://mail.example.org:587' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', SMTP_URL: 'http://mail.example.org', MAIL_FROM })).toThrow(/SMTP_URL/);
    expect(loadConfig({ NODE_ENV: 'test', SMTP_URL: 'smtps://user:secret@mail.example.org:465', MAIL_FROM }).MAIL_FROM).toBe(MAIL_FROM);
  });
});
