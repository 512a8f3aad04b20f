import { z } from 'zod';

const ZBooleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const ZOptionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

// Printed in the README for the demo: a production server must not run with them.
const PUBLISHED_PASSWORDS = new Set(['mowakaba-admin-2026', 'mowakaba-demo-2026']);

export const ZEnv = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    MONGODB_URI: ZOptionalString.pipe(
      z
        .string()
        .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
        .optional(),
    ),
    DATA_DIR: z.string().min(1).default('./data'),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3000'),
    SESSION_SECRET: ZOptionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
    SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
    TRUST_PROXY: ZBooleanFlag.default(false),
    /** Bearer token a Prometheus scraper sends to GET /metrics; unset, /metrics does not exist. */
    METRICS_TOKEN: ZOptionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    REDIS_URL: ZOptionalString.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
    ADMIN_EMAIL: ZOptionalString.pipe(z.email().optional()),
    ADMIN_PASSWORD: ZOptionalString.pipe(z.string().min(10, 'must be at least 10 characters').optional()),
    /** Defaults to true, but false when NODE_ENV=production. */
    DEMO_DATA: ZBooleanFlag.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    TWILIO_ACCOUNT_SID: ZOptionalString,
    TWILIO_AUTH_TOKEN: ZOptionalString,
    TWILIO_API_KEY: ZOptionalString,
    TWILIO_API_SECRET: ZOptionalString,
    TWILIO_TWIML_APP_SID: ZOptionalString,
    TWILIO_NUMBER: ZOptionalString,
    /** The WhatsApp sender, when it is not TWILIO_NUMBER; `whatsapp:+212…` or `+212…`, kept as E.164. */
    TWILIO_WHATSAPP_NUMBER: ZOptionalString.pipe(
      z
        .string()
        .regex(/^(whatsapp:)?\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +212522000000 (optionally prefixed with whatsapp:)')
        .transform((value) => value.replace(/^whatsapp:/, ''))
        .optional(),
    ),
    /** The SMTP server e-mails go through (`smtp://user:pass@host:587`, `smtps://…:465`); unset, e-mails are only recorded (simulation). */
    SMTP_URL: ZOptionalString.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
    /** The sender of e-mails to associations, e.g. `Mowakaba <no-reply@mowakaba.ma>`; required with SMTP_URL. */
    MAIL_FROM: ZOptionalString,
  })
  .superRefine((env, ctx) => {
    if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.ADMIN_EMAIL === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD'],
        message: 'ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
      });
    }
    // A real account needs the token that signs its webhooks and the number calls and messages come from.
    for (const required of ['TWILIO_AUTH_TOKEN', 'TWILIO_NUMBER'] as const) {
      if (env.TWILIO_ACCOUNT_SID !== undefined && env[required] === undefined) {
        ctx.addIssue({ code: 'custom', path: [required], message: 'is required when TWILIO_ACCOUNT_SID is set' });
      }
    }
    if (env.SMTP_URL !== undefined && env.MAIL_FROM === undefined) {
      ctx.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'is required when SMTP_URL is set' });
    }
    if (env.NODE_ENV === 'production' && env.SESSION_SECRET === undefined) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required in production' });
    }
    if (env.NODE_ENV === 'production' && env.DEMO_DATA === true) {
      ctx.addIssue({ code: 'custom', path: ['DEMO_DATA'], message: 'must be false in production: the demo accounts share a password printed in the README' });
    }
    if (env.NODE_ENV === 'production' && env.ADMIN_PASSWORD !== undefined && PUBLISHED_PASSWORDS.has(env.ADMIN_PASSWORD)) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: 'is the README example password; choose another in production' });
    }
  })
  .transform((env) => ({ ...env, DEMO_DATA: env.DEMO_DATA ?? env.NODE_ENV !== 'production' }));

export type Config = z.infer<typeof ZEnv>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

/** Reads the environment; throws a ConfigError naming each bad variable. */
export function loadConfig(environment: NodeJS.ProcessEnv): Config {
  const parsed = ZEnv.safeParse(environment);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`),
    );
  }
  return parsed.data;
}

/** Twilio runs for real only with an account SID; otherwise calls and messages are simulated. */
export function isTwilioSimulated(config: Config): boolean {
  return config.TWILIO_ACCOUNT_SID === undefined;
}

/** E-mails go out for real only with an SMTP server; otherwise they are recorded, not sent. */
export function isMailSimulated(config: Config): boolean {
  return config.SMTP_URL === undefined;
}
