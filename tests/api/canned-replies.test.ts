import { describe, expect, it } from 'vitest';
import { ZErrorBody } from '@mowakaba/shared/errors';
import { ZCannedReply, ZCannedReplyList } from '@mowakaba/shared/schemas/canned-replies';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

const arabicFunding = { title: 'وثائق الشراكة', body: 'مرحبا {association}، بخصوص طلبكم {reference}: المرجو إرسال الملف. {agent}', language: 'ar', topic: 'funding' };

describe('canned replies', () => {
  it('lets a supervisor write replies per language and topic; agents get those of the ticket’s language, its topic first', async () => {
    const { app } = createTestApp();
    const supervisor = await createSignedInUser(app, 'supervisor');
    const agent = await createSignedInUser(app, 'agent');
    const created = await app.request('/api/canned-replies', jsonRequest('POST', arabicFunding, supervisor.cookie));
    expect(created.status).toBe(201);
    const funding = ZCannedReply.parse(await json(created));
    const greeting = ZCannedReply.parse(await json(await app.request('/api/canned-replies', jsonRequest('POST', { title: 'تحية', body: 'مرحبا {association}', language: 'ar' }, supervisor.cookie))));
    await app.request('/api/canned-replies', jsonRequest('POST', { title: 'Bonjour', body: 'Bonjour {association}', language: 'fr' }, supervisor.cookie));
    await app.request('/api/canned-replies', jsonRequest('POST', { ...arabicFunding, title: 'الجائزة', topic: 'award' }, supervisor.cookie));

    const listed = await app.request('/api/canned-replies?language=ar&topic=funding', { headers: { Cookie: agent.cookie } });
    expect(listed.status).toBe(200);
    expect(ZCannedReplyList.parse(await json(listed)).items.map((reply) => reply.id)).toEqual([funding.id, greeting.id]);

    const renamed = await app.request(`/api/canned-replies/${greeting.id}`, jsonRequest('PATCH', { title: 'تحية الاستقبال' }, supervisor.cookie));
    expect(ZCannedReply.parse(await json(renamed)).title).toBe('تحية الاستقبال');
    expect((await app.request(`/api/canned-replies/${greeting.id}`, { method: 'DELETE', headers: { Cookie: supervisor.cookie } })).status).toBe(204);
    expect((await app.request(`/api/canned-replies/${greeting.id}`, { method: 'DELETE', headers: { Cookie: supervisor.cookie } })).status).toBe(404);
  });

  it('refuses unknown variables and bad fields with 400 naming them', async () => {
    const { app } = createTestApp();
    const supervisor = await createSignedInUser(app, 'supervisor');
    const response = await app.request('/api/canned-replies', jsonRequest('POST', { title: '', body: 'Bonjour {president}', language: 'de', topic: 'x' }, supervisor.cookie));
    expect(response.status).toBe(400);
    const paths = (ZErrorBody.parse(await json(response)).error.details as Array<{ path: string }>).map((issue) => issue.path).sort();
    expect(paths).toEqual(['body', 'language', 'title', 'topic']);
  });

  it('keeps writing to supervisors and admins: agents get 403', async () => {
    const { app } = createTestApp();
    const agent = await createSignedInUser(app, 'agent');
    expect((await app.request('/api/canned-replies', jsonRequest('POST', arabicFunding, agent.cookie))).status).toBe(403);
    expect((await app.request('/api/canned-replies/0123456789abcdef01234567', jsonRequest('PATCH', { title: 'x' }, agent.cookie))).status).toBe(403);
    expect((await app.request('/api/canned-replies/0123456789abcdef01234567', { method: 'DELETE', headers: { Cookie: agent.cookie } })).status).toBe(403);
  });
});
