import { Hono, type Context } from 'hono';
import twilio from 'twilio';
import { BODY_MAX_LENGTH } from '@mowakaba/shared/schemas/tickets';
import type { Modules } from '../../composition.js';
import { AppError } from '../../errors.js';
import { verifyTwilioSignature, type TwilioParams, type TwilioWebhookEnv } from '../../twilio/verify-twilio-signature.js';
import { isDeliveryStatus, receiveInboundMessage, recordMessageStatus } from './messages.service.js';

const MESSAGE_SID = /^(SM|MM)[0-9a-f]{32}$/;
const MAX_MEDIA = 10;

function requireField(params: TwilioParams, name: string, value: string | undefined): string {
  if (value === undefined) throw new AppError('validation_failed', 'the request is not valid', [{ path: name, code: 'invalid_format', message: 'is missing or malformed' }]);
  return value;
}

/** Media sent with a message: Twilio's MediaUrl0…n, kept as links (https only). */
function readMedia(params: TwilioParams) {
  const count = Math.min(params.count('NumMedia') ?? 0, MAX_MEDIA);
  return Array.from({ length: count }, (_, index) => ({
    url: params.matching(`MediaUrl${index}`, /^https:\/\/\S+$/, 1000),
    contentType: params.matching(`MediaContentType${index}`, /^[\w.+-]+\/[\w.+-]+$/, 100) ?? null,
  })).filter((item): item is { url: string; contentType: string | null } => item.url !== undefined);
}

/**
 * Twilio's messaging webhooks: inbound SMS and WhatsApp messages (answered with TwiML carrying the
 * acknowledgement, if any) and delivery reports of outbound ones. Signatures are checked first.
 */
export function createMessagingWebhookRoutes(deps: Modules) {
  const gateway = deps.twilio;
  const serviceDeps = { publisher: deps.publisher, twilio: gateway, tickets: deps.ticketDirectory };
  const app = new Hono<TwilioWebhookEnv>();
  app.use('*', verifyTwilioSignature(gateway));

  const guarded = (handler: (c: Context<TwilioWebhookEnv>, params: TwilioParams) => Promise<Response>) => async (c: Context<TwilioWebhookEnv>) => {
    try {
      return await handler(c, c.get('twilioParams'));
    } catch (error) {
      if (error instanceof AppError) throw error;
      c.get('logger').warn({ err: error, path: c.req.path }, 'messaging webhook failed');
      // Twilio retries or uses the fallback URL on a 5xx; a 503 says "later", not "broken".
      throw new AppError('service_unavailable', 'the message could not be stored; try again');
    }
  };

  app.post(
    '/',
    guarded(async (c, params) => {
      const messageSid = requireField(params, 'MessageSid', params.matching('MessageSid', MESSAGE_SID, 34));
      const from = requireField(params, 'From', params.text('From', 64));
      const { reply } = await receiveInboundMessage(
        { messageSid, from, to: params.text('To', 64) ?? '', body: params.text('Body', BODY_MAX_LENGTH) ?? '', media: readMedia(params) },
        serviceDeps,
      );
      const response = new twilio.twiml.MessagingResponse();
      if (reply) response.message(reply);
      return c.body(response.toString(), 200, { 'Content-Type': 'text/xml; charset=utf-8' });
    }),
  );

  app.post(
    '/status',
    guarded(async (c, params) => {
      const messageSid = requireField(params, 'MessageSid', params.matching('MessageSid', MESSAGE_SID, 34));
      const status = requireField(params, 'MessageStatus', params.matching('MessageStatus', /^[a-z_]{1,30}$/, 30));
      // Statuses we do not track (receiving, scheduled, canceled…) are acknowledged and left alone.
      if (isDeliveryStatus(status)) {
        const from = params.text('From', 64) ?? '';
        await recordMessageStatus(
          {
            messageSid,
            status,
            errorCode: params.matching('ErrorCode', /^\d{1,10}$/, 10) ?? null,
            channel: from.toLowerCase().startsWith('whatsapp:') ? 'whatsapp' : 'sms',
          },
          serviceDeps,
        );
      }
      return c.body(null, 204);
    }),
  );

  return app;
}
