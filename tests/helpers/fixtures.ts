import type { TCreateAssociationRequest } from '@mowakaba/shared/schemas/associations';
import type { TCreateTicketRequest } from '@mowakaba/shared/schemas/tickets';
import type { App } from '../../server/src/app.js';
import { jsonRequest } from './factories.js';
import { json } from './json.js';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter += 1)}`;

/** A valid association body; every field can be overridden. */
export function associationInput(overrides: Partial<TCreateAssociationRequest> = {}): TCreateAssociationRequest {
  return {
    name: { ar: 'جمعية الأمل للتنمية', fr: "Association Al Amal pour le développement" },
    registrationRef: `RC-${unique()}`,
    region: 'souss-massa',
    province: 'Agadir Ida-Outanane',
    city: 'Agadir',
    fieldOfActivity: 'Développement local',
    notes: '',
    contacts: [],
    ...overrides,
  };
}

/** A valid ticket body; every field can be overridden. */
export function ticketInput(overrides: Partial<TCreateTicketRequest> = {}): TCreateTicketRequest {
  return {
    subject: 'طلب معلومات حول تجديد المكتب',
    description: 'نريد معرفة الوثائق المطلوبة لتجديد مكتب الجمعية.',
    channel: 'voice',
    language: 'ar',
    topic: 'founding',
    priority: 'normal',
    tags: [],
    custom: {},
    ...overrides,
  };
}

export async function postAssociation(app: App, cookie: string, overrides: Partial<TCreateAssociationRequest> = {}) {
  const response = await app.request('/api/associations', jsonRequest('POST', associationInput(overrides), cookie));
  if (response.status !== 201) throw new Error(`association not created: ${response.status} ${await response.text()}`);
  return json(response);
}

export async function postTicket(app: App, cookie: string, overrides: Partial<TCreateTicketRequest> = {}) {
  const response = await app.request('/api/tickets', jsonRequest('POST', ticketInput(overrides), cookie));
  if (response.status !== 201) throw new Error(`ticket not created: ${response.status} ${await response.text()}`);
  return json(response);
}
