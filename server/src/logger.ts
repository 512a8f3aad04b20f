import { pino, type Logger } from 'pino';

export type { Logger };

// Seven or more digits, optionally led by + or 00 and split by single spaces, dots or dashes;
// not inside a longer word (ids, hashes) and not an ISO date.
const PHONE_LIKE = /(?<![\w-])\+?\d(?:[ .-]?\d){6,15}(?![\w-])/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Masks phone-number-like digit runs, keeping the first three and last two digits: `+212•••••••78`. */
export function maskPhoneNumbers(text: string): string {
  return text.replace(PHONE_LIKE, (match) => {
    if (ISO_DATE.test(match)) return match;
    const digits = match.replace(/\D/g, '');
    const sign = match.startsWith('+') ? '+' : '';
    return `${sign}${digits.slice(0, 3)}${'•'.repeat(digits.length - 5)}${digits.slice(-2)}`;
  });
}

const EMAIL_LIKE = /[\w.+-]+@([\w-]+(?:\.[\w-]+)+)/g;

/** Masks e-mail addresses, keeping the first character and the domain: `r•••@example.org`. */
export function maskEmailAddresses(text: string): string {
  return text.replace(EMAIL_LIKE, (match, domain: string) => `${match[0]}•••@${domain}`);
}

const maskPersonalData = (text: string) => maskEmailAddresses(maskPhoneNumbers(text));

function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPersonalData(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskDeep(item, depth + 1)]));
}

/** Structured JSON logger; secrets are removed and phone numbers and e-mail addresses masked before anything is written. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'mowakaba' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'password',
          '*.password',
          '*.newPassword',
          '*.currentPassword',
          'passwordHash',
          '*.passwordHash',
          'token',
          '*.token',
          'headers.cookie',
          'headers.authorization',
          '*.headers.cookie',
          '*.headers.authorization',
          'config.SESSION_SECRET',
          'config.ADMIN_PASSWORD',
          'config.TWILIO_AUTH_TOKEN',
          'config.TWILIO_API_SECRET',
        ],
        censor: '[redacted]',
      },
      formatters: {
        log: (object) => maskDeep(object) as Record<string, unknown>,
      },
      // Errors are turned into objects after the formatter has run: their messages and stacks (a
      // duplicate key on a phone, Twilio's "The 'To' number …") are masked here.
      serializers: {
        err: (error: Error) => maskDeep(pino.stdSerializers.err(error)),
        error: (error: unknown) => (error instanceof Error ? maskDeep(pino.stdSerializers.err(error)) : maskDeep(error)),
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((argument) => (typeof argument === 'string' ? maskPersonalData(argument) : argument));
          return method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
