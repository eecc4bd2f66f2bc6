/**
 * The alerts' settings from the environment (documented in .env.example and the README's "Alerts"):
 * the worker's schedule, each webhook call's limits and which addresses it may reach, and the SMTP
 * server for e-mails (none: alerts are not e-mailed). Checked with zod at boot; every problem is
 * reported with the others, as config.ts does.
 */
import { z } from 'zod';

export interface AlertsConfig {
  /** Whether this process runs the worker (evaluation and sending); the pages work either way. */
  readonly enabled: boolean;
  /** How often the worker looks for deliveries due. */
  readonly tickSeconds: number;
  /** How often every course is evaluated (a review write also asks for its course at once). */
  readonly evaluateMinutes: number;
  readonly webhookTimeoutSeconds: number;
  /** http:// webhooks (https only in production unless set). */
  readonly allowHttp: boolean;
  /** Webhooks on private or loopback addresses (never in production unless set). */
  readonly allowPrivateAddresses: boolean;
  /** smtp:// or smtps:// URL of the mail server, with its credentials; absent: no e-mail. */
  readonly smtpUrl?: string;
  /** The From address of alert e-mails (required with SMTP_URL). */
  readonly smtpFrom?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((value) => (value === undefined ? fallback : ['true', '1', 'yes'].includes(value)));
const whole = (fallback: number, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/)
    .optional()
    .transform((value) => (value === undefined ? fallback : Number(value)))
    .pipe(z.number().int().min(min).max(max));
const smtpUrl = z
  .string()
  .max(2000)
  .refine((value) => {
    try {
      return ['smtp:', 'smtps:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  });
const address = z.string().max(320).regex(/^(?:[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+|[^<>]{1,120}<[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+>)$/);

const FIELDS = {
  ALERTS_ENABLED: 'true or false',
  ALERTS_TICK_SECONDS: 'a whole number of seconds from 1 to 3600',
  ALERTS_EVALUATE_MINUTES: 'a whole number of minutes from 1 to 1440',
  ALERTS_WEBHOOK_TIMEOUT_SECONDS: 'a whole number of seconds from 1 to 60',
  ALERTS_WEBHOOK_ALLOW_HTTP: 'true or false',
  ALERTS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true or false',
  SMTP_URL: 'an smtp:// or smtps:// URL, for example smtps://user:password@mail.example.edu:465',
  SMTP_FROM: 'an e-mail address, for example "Learner Voice <voice@example.edu>"',
} as const;

export function readAlertsConfig(env: Env, production: boolean, problems: string[]): AlertsConfig {
  const schema = z.object({
    ALERTS_ENABLED: flag(true),
    ALERTS_TICK_SECONDS: whole(30, 1, 3600),
    ALERTS_EVALUATE_MINUTES: whole(15, 1, 1440),
    ALERTS_WEBHOOK_TIMEOUT_SECONDS: whole(10, 1, 60),
    // Outside production a receiver on localhost is how one tries the feature; in production it is SSRF.
    ALERTS_WEBHOOK_ALLOW_HTTP: flag(!production),
    ALERTS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: flag(!production),
    SMTP_URL: smtpUrl.optional(),
    SMTP_FROM: address.optional(),
  });
  const blankless = Object.fromEntries(Object.keys(FIELDS).map((name) => [name, env[name]?.trim() || undefined]));
  const parsed = schema.safeParse(blankless);
  if (!parsed.success) {
    // The value is not repeated: SMTP_URL carries a password.
    for (const name of new Set(parsed.error.issues.map((issue) => String(issue.path[0])))) problems.push(`${name} must be ${FIELDS[name as keyof typeof FIELDS]}.`);
    return { enabled: false, tickSeconds: 30, evaluateMinutes: 15, webhookTimeoutSeconds: 10, allowHttp: false, allowPrivateAddresses: false };
  }
  const v = parsed.data;
  if (v.SMTP_URL && !v.SMTP_FROM) problems.push('SMTP_FROM is required with SMTP_URL: the From address of alert e-mails.');
  return {
    enabled: v.ALERTS_ENABLED,
    tickSeconds: v.ALERTS_TICK_SECONDS,
    evaluateMinutes: v.ALERTS_EVALUATE_MINUTES,
    webhookTimeoutSeconds: v.ALERTS_WEBHOOK_TIMEOUT_SECONDS,
    allowHttp: v.ALERTS_WEBHOOK_ALLOW_HTTP,
    allowPrivateAddresses: v.ALERTS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
    ...(v.SMTP_URL ? { smtpUrl: v.SMTP_URL } : {}),
    ...(v.SMTP_FROM ? { smtpFrom: v.SMTP_FROM } : {}),
  };
}
