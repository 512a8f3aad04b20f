import type { MiddlewareHandler } from 'hono';
import twilio from 'twilio';
import type { AppEnv } from '../app-env.js';
import { AppError } from '../errors.js';
import type { TwilioGateway } from './twilio-gateway.js';

/** The form fields of a signed Twilio request, read defensively: every value may be missing or absurd. */
export class TwilioParams {
  constructor(private readonly values: Record<string, string | string[]>) {}

  /** The first value of a field, cut to `maxLength`; undefined when absent or empty. */
  text(name: string, maxLength = 200): string | undefined {
    const raw = this.values[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    return value === undefined || value === '' ? undefined : value.slice(0, maxLength);
  }

  /** A whole number ≥ 0, or null when absent or not one. */
  count(name: string): number | null {
    const value = this.text(name, 20);
    return value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : null;
  }

  /** A value matching `pattern` (anchored by the caller), or undefined. */
  matching(name: string, pattern: RegExp, maxLength = 200): string | undefined {
    const value = this.text(name, maxLength + 1);
    return value !== undefined && value.length <= maxLength && pattern.test(value) ? value : undefined;
  }
}

export interface TwilioWebhookEnv {
  Variables: AppEnv['Variables'] & { twilioParams: TwilioParams };
}

/**
 * Refuses, with 403 and before anything else happens, a request whose X-Twilio-Signature does not
 * match PUBLIC_URL + path + query and the posted fields under the auth token. PUBLIC_URL, not the
 * Host header, so it works behind a proxy. Repeated fields are kept (`all: true`): Twilio signs them all.
 */
export function verifyTwilioSignature(gateway: TwilioGateway): MiddlewareHandler<TwilioWebhookEnv> {
  return async (c, next) => {
    const signature = c.req.header('X-Twilio-Signature');
    const token = gateway.authToken;
    if (!token || !signature) throw new AppError('forbidden', 'the Twilio signature is missing or wrong');
    const isForm = (c.req.header('Content-Type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
    const body = isForm ? await c.req.parseBody({ all: true }) : {};
    const fields: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(body)) {
      fields[name] = Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : typeof value === 'string' ? value : '';
    }
    const { pathname, search } = new URL(c.req.url);
    if (!twilio.validateRequest(token, signature, gateway.webhookUrl(pathname + search), fields)) {
      throw new AppError('forbidden', 'the Twilio signature is missing or wrong');
    }
    c.set('twilioParams', new TwilioParams(fields));
    await next();
  };
}
