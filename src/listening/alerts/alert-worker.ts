/**
 * The one alerts worker of a tool process. Each pass:
 * 1. evaluates courses: every course of every platform once per `evaluateMs`, and at once the
 *    courses a review write nudged (nudgeCourse); each raise is deduplicated by the store;
 * 2. sends the deliveries due, claimed with a lease like the grade outbox's scores (processes sharing
 *    the store never send one twice; a crashed process's claims run out), each settled with its
 *    attempt in the log: delivered, retried after a capped exponential back-off, or given up after
 *    `maxAttempts`.
 *
 * Wiring: createApp builds it and exposes it; main.ts calls start() when ALERTS_ENABLED and awaits
 * stop() before closing the store. Tests call runOnce() (joins a pass under way) with their clock.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { PassLoop } from '../../background/pass-loop';
import type { ContextKey } from '../../context/tenant';
import type { Logger } from '../../http/logger';
import type { Storage } from '../../storage/port';
import type { Locale } from '../../context/launch-context';
import type { Alert, AlertDelivery, AlertStore, DeliveryAttempt } from '../../storage/ports/alerts';
import type { AlertMailer } from './alert-mail';
import { readCourseEvidence } from './course-evidence';
import { evaluateCourse } from './evaluate-course';
import { raiseAlert, rulesOf, type RaiseDeps } from './raise-alert';
import { webhookPayload } from './webhook-payload';
import { openWebhookSecret } from './webhook-secret';
import { sendWebhook, type WebhookLimits } from './webhook-send';

export interface AlertWorkerSettings {
  readonly tickMs: number;
  readonly evaluateMs: number;
  readonly batch: number;
  readonly leaseMs: number;
  readonly webhook: WebhookLimits;
  /** Delay before the first retry; doubled at each failure up to retryMaxMs. */
  readonly retryFirstMs: number;
  readonly retryMaxMs: number;
  /** Attempts before a delivery is given up (the log says so). */
  readonly maxAttempts: number;
}

export interface AlertWorkerDeps {
  readonly storage: Pick<Storage, 'alerts' | 'reviews' | 'responses' | 'platforms' | 'catalogue'>;
  readonly settings: AlertWorkerSettings;
  readonly logger: Logger;
  readonly mailer?: AlertMailer;
  /** The tool's LTI_KEY, which the webhook secret is sealed under (webhook-secret.ts). */
  readonly ltiKey: string;
  readonly now?: () => Date;
}

/** The wait after the (attempts)th failure: first, 2 × first, 4 × first… at most max. */
export function alertRetryDelayMs(attempts: number, firstMs: number, maxMs: number): number {
  return Math.min(maxMs, firstMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30));
}

/** How many courses one pass evaluates at most from nudges (the rest wait for the next pass). */
const NUDGED_PER_PASS = 100;

/**
 * The language of an alert e-mail: the one the recipient's own last launch of the course said, else
 * the one of the course's latest instructor launch that said one (the course's language as the
 * platform sends it), else English. The store keeps it with the address (rememberInstructorEmail).
 */
export async function mailLocaleOf(alerts: AlertStore, alert: Alert, recipient: string): Promise<Locale> {
  return (await alerts.mailLocale(alert.course, recipient)) ?? 'en';
}

export class AlertWorker {
  readonly owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly loop: PassLoop;
  private readonly now: () => Date;
  private readonly nudged = new Map<string, ContextKey>();
  private lastFullEvaluation = Number.NEGATIVE_INFINITY;
  readonly raiseDeps: RaiseDeps;

  constructor(private readonly deps: AlertWorkerDeps) {
    this.now = deps.now ?? (() => new Date());
    this.loop = new PassLoop('alerts', () => this.pass(), deps.logger);
    this.raiseDeps = { alerts: deps.storage.alerts, mailEnabled: deps.mailer !== undefined, now: this.now, nudge: () => this.loop.nudge() };
  }

  start(): void {
    this.loop.start(this.deps.settings.tickMs);
  }

  /** A review of the course was written: evaluate it in the next pass, soon. Cheap: no read here. */
  nudgeCourse(course: ContextKey): void {
    const key = JSON.stringify([course.issuer, course.clientId, course.deploymentId, course.contextId]);
    if (this.nudged.size < 10_000) this.nudged.set(key, { issuer: course.issuer, clientId: course.clientId, deploymentId: course.deploymentId, contextId: course.contextId });
    this.loop.nudge();
  }

  /** One pass (evaluation, then sending); resolves with how many deliveries succeeded. */
  runOnce(): Promise<number> {
    return this.loop.runOnce();
  }

  async stop(waitMs = Number.POSITIVE_INFINITY): Promise<void> {
    await this.loop.stop(waitMs);
    this.deps.mailer?.close();
  }

  /** Evaluates one course now and raises what it finds (also the integration test's entry). */
  async evaluate(course: ContextKey): Promise<number> {
    const now = this.now();
    const [rules, evidence] = await Promise.all([rulesOf(this.deps.storage.alerts, course), readCourseEvidence(this.deps.storage, course, now)]);
    let raised = 0;
    for (const draft of evaluateCourse(evidence, rules, now)) if (await raiseAlert(this.raiseDeps, draft)) raised++;
    return raised;
  }

  private async pass(): Promise<number> {
    await this.evaluateDue();
    return this.sendDue();
  }

  private async evaluateDue(): Promise<void> {
    const courses = [...this.nudged.values()].slice(0, NUDGED_PER_PASS);
    for (const course of courses) this.nudged.delete(JSON.stringify([course.issuer, course.clientId, course.deploymentId, course.contextId]));
    if (this.now().getTime() - this.lastFullEvaluation >= this.deps.settings.evaluateMs) {
      this.lastFullEvaluation = this.now().getTime();
      for (const platform of await this.deps.storage.platforms.listPlatforms()) {
        for (const entry of await this.deps.storage.catalogue.listPlatformCourses(platform)) courses.push(entry.course);
      }
    }
    for (const course of courses) {
      if (this.loop.stopped) return;
      try {
        await this.evaluate(course);
      } catch (err) {
        // One course failing (a store hiccup) must not keep the others from being evaluated.
        this.deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'alert evaluation of a course failed');
      }
    }
  }

  private async sendDue(): Promise<number> {
    const { storage, settings } = this.deps;
    const claimed = await storage.alerts.claimDueDeliveries(this.owner, this.now(), settings.leaseMs, settings.batch);
    let delivered = 0;
    for (const [i, delivery] of claimed.entries()) {
      if (this.loop.stopped) {
        await Promise.all(claimed.slice(i).map((rest) => storage.alerts.releaseDelivery(rest.id, this.owner, this.now())));
        break;
      }
      if (await this.deliver(delivery)) delivered++;
    }
    return delivered;
  }

  /** Sends one claimed delivery and settles it; true when it reached its receiver. */
  private async deliver(delivery: AlertDelivery): Promise<boolean> {
    const { storage, settings, logger } = this.deps;
    const attempt = delivery.attempts + 1;
    const outcome = await this.attempt(delivery);
    const at = this.now();
    const base = { deliveryId: delivery.id, alertId: delivery.alertId, channel: delivery.channel, attempt, at };
    if (outcome.ok) {
      await storage.alerts.settleDelivery(delivery.id, this.owner, { ...base, outcome: 'delivered', ...(outcome.status ? { status: outcome.status } : {}) }, null);
      return true;
    }
    const givingUp = outcome.final || attempt >= settings.maxAttempts;
    const record: DeliveryAttempt = { ...base, outcome: givingUp ? 'given-up' : 'retry', error: outcome.error, ...(outcome.status ? { status: outcome.status } : {}) };
    const retryAt = givingUp ? null : new Date(at.getTime() + alertRetryDelayMs(attempt, settings.retryFirstMs, settings.retryMaxMs));
    // No address, URL or secret in the log line: the issuer and the delivery's id are enough to find it.
    logger.warn({ issuer: delivery.platform.issuer, deliveryId: delivery.id, channel: delivery.channel, attempt, error: outcome.error }, 'alert delivery failed');
    await storage.alerts.settleDelivery(delivery.id, this.owner, record, retryAt);
    return false;
  }

  private async attempt(delivery: AlertDelivery): Promise<{ ok: true; status?: number } | { ok: false; status?: number; error: string; final?: boolean }> {
    const { storage, settings, mailer } = this.deps;
    const alert = await storage.alerts.alertOfDelivery(delivery.alertId);
    if (!alert) return { ok: false, error: 'alert no longer stored', final: true };
    const course = await storage.catalogue.findCourse(alert.course);
    const title = course?.title ?? '';
    if (delivery.channel === 'webhook') {
      const webhook = await storage.alerts.webhookForSending(delivery.platform);
      if (!webhook || !webhook.secret) return { ok: false, error: 'no webhook configured', final: true };
      let secret: string;
      try {
        secret = openWebhookSecret(webhook.secret, this.deps.ltiKey);
      } catch (err) {
        return { ok: false, error: (err as Error).message, final: true };
      }
      return sendWebhook(webhook.url, secret, JSON.stringify(webhookPayload(alert, title)), this.now(), settings.webhook);
    }
    if (!mailer) return { ok: false, error: 'no SMTP server configured', final: true };
    try {
      await mailer.send(delivery.recipient, alert, title, await mailLocaleOf(storage.alerts, alert, delivery.recipient));
      return { ok: true };
    } catch (err) {
      // An SMTP refusal often quotes the address: the admin's log keeps the reason, not the address.
      return { ok: false, error: (err instanceof Error ? err.message : String(err)).replace(/[^\s<>]+@[^\s<>]+/g, '…').slice(0, 200) };
    }
  }
}
