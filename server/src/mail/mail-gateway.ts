import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Config } from '../config.js';
import { isMailSimulated } from '../config.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The e-mail's language (`ar`, `fr`, `en`), told to mail clients. */
  language: string;
}

export interface SentMail {
  messageId: string;
  status: 'sent' | 'simulated';
}

/** A failure of the SMTP server or of the connection to it, with nodemailer's code (EAUTH, EENVELOPE…). */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'MailDeliveryError';
  }
}

/**
 * The one place that sends e-mail: through SMTP_URL with nodemailer, or — without it — simulated
 * (nothing leaves; the caller records the e-mail as it records simulated SMS).
 */
export interface MailGateway {
  readonly simulated: boolean;
  send(mail: OutgoingMail): Promise<SentMail>;
}

// A staff reply waits for the e-mail: a dead SMTP server must fail it in seconds, not nodemailer's two minutes.
const SMTP_TIMEOUT_MS = 10_000;

/** Builds the gateway from the configuration: SMTP with SMTP_URL, simulated without. */
export function createMailGateway(config: Config): MailGateway {
  if (isMailSimulated(config)) {
    return { simulated: true, send: async () => ({ messageId: `<simulated-${randomBytes(12).toString('hex')}@mowakaba>`, status: 'simulated' }) };
  }
  const transport = nodemailer.createTransport({
    url: config.SMTP_URL!,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  });
  return {
    simulated: false,
    async send(mail) {
      try {
        const sent = await transport.sendMail({
          from: config.MAIL_FROM,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          headers: { 'Content-Language': mail.language },
        });
        return { messageId: sent.messageId, status: 'sent' };
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        throw new MailDeliveryError(error instanceof Error ? error.message : String(error), typeof code === 'string' ? code : 'unknown');
      }
    },
  };
}
