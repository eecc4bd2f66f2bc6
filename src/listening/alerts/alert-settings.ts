/** The alerts settings of config.ts in the units the worker uses. */
import type { AlertsConfig } from './alerts-config';
import { smtpMailer, type AlertMailer } from './alert-mail';
import type { AlertWorkerSettings } from './alert-worker';

const BATCH = 20;

export function alertWorkerSettings(config: AlertsConfig): AlertWorkerSettings {
  const timeoutMs = config.webhookTimeoutSeconds * 1000;
  return {
    tickMs: config.tickSeconds * 1000,
    evaluateMs: config.evaluateMinutes * 60_000,
    batch: BATCH,
    // The whole batch sent at the time limit, plus a minute to record the outcomes.
    leaseMs: BATCH * timeoutMs + 60_000,
    webhook: { timeoutMs, policy: { allowHttp: config.allowHttp, allowPrivateAddresses: config.allowPrivateAddresses } },
    // 30 s, 1, 2, 4… minutes up to an hour; given up after 12 attempts (about seven hours).
    retryFirstMs: 30_000,
    retryMaxMs: 3_600_000,
    maxAttempts: 12,
  };
}

/** The mailer when SMTP is configured, else none (alerts are then not e-mailed). */
export function alertMailer(config: AlertsConfig): AlertMailer | undefined {
  return config.smtpUrl && config.smtpFrom ? smtpMailer(config.smtpUrl, config.smtpFrom, config.webhookTimeoutSeconds * 1000) : undefined;
}
