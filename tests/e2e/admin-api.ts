import twilio from 'twilio';
import { expect } from 'vitest';
import type { TCreateAssociationRequest } from '@mowakaba/shared/schemas/associations';
import { associationInput } from '../helpers/fixtures.js';

export interface AdminApi {
  /** A JSON call with the admin's session. */
  api(path: string, method?: string, body?: unknown): Promise<{ status: number; body: Record<string, any> }>;
  /** A webhook as Twilio posts it: form-encoded and signed with `twilioToken` for `publicUrl` + path. */
  postTwilio(path: string, params: Record<string, string>): Promise<string>;
  /** Opens the center all week, so callers are queued rather than offered a voicemail. */
  openAllWeek(): Promise<void>;
  /** Creates an association (a valid one, with these fields) and returns its id. */
  createAssociation(overrides?: Partial<TCreateAssociationRequest>): Promise<string>;
}

/** Signs the admin in through the API, for the setup a browser test needs but does not test. */
export async function connectAdmin(options: { baseUrl: string; email: string; password: string; twilioToken?: string; publicUrl?: string }): Promise<AdminApi> {
  const { baseUrl } = options;
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: options.email, password: options.password }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const api: AdminApi['api'] = async (path, method = 'GET', body) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { Cookie: cookie, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as Record<string, any> };
  };
  return {
    api,
    async postTwilio(path, params) {
      const signedUrl = `${options.publicUrl ?? baseUrl}${path}`;
      const response = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(options.twilioToken ?? '', signedUrl, params) },
        body: new URLSearchParams(params).toString(),
      });
      expect(response.status).toBeLessThan(300);
      return response.text();
    },
    async openAllWeek() {
      const sla = await api('/api/sla');
      const allWeek = Object.fromEntries(Object.keys(sla.body.calendar.weekly).map((day) => [day, [{ start: '00:00', end: '23:59' }]]));
      expect((await api('/api/sla', 'PUT', { ...sla.body, calendar: { ...sla.body.calendar, weekly: allWeek, overrides: [], fixedHolidays: [] } })).status).toBe(200);
    },
    async createAssociation(overrides = {}) {
      const created = await api('/api/associations', 'POST', associationInput(overrides));
      expect(created.status).toBe(201);
      return String(created.body.id);
    },
  };
}
