/**
 * Alerts (issue 15, "told when it turns sour"): each platform's rules and webhook, the alerts raised
 * per course, their deliveries (a store-backed outbox) and the log of every delivery attempt, and
 * the instructors' e-mail addresses the platforms shared in launches.
 *
 * - An alert is unique by its dedupe key (listening/alerts/evaluate-course.ts): raising a key that
 *   exists changes nothing and returns null, atomically, so two processes evaluating the same course
 *   raise it once. Its deliveries are queued in the same transaction: an alert is never stored
 *   without them nor sent without being stored.
 * - Deliveries are claimed like the grade outbox's scores (ports/grade-outbox.ts): a claim names its
 *   owner and lasts until a lease runs out; while held, nextAttemptAt is the lease's end, so "due"
 *   and "free to claim" are one indexed condition. Only the owner may settle a claim.
 * - The webhook secret is written by the admin and read by the sender only: no read for a page
 *   returns it (WebhookSettings.hasSecret).
 * - pageAlerts is the read API's list (api/alerts.ts): newest first by raisedAt then id, both
 *   descending, resumed after the last alert served (keyset paging: no offset, and an alert raised
 *   while a client pages never shifts a page). Each scope, with or without a state, is one ordered
 *   index range on both adapters.
 */
import type { Locale } from '../../context/launch-context';
import type { ContextKey, DeploymentKey, PlatformKey } from '../../context/tenant';
import type { AlertKind, AlertRules } from '../../listening/alerts/alert-rules';
import type { AlertDraft, AlertFacts } from '../../listening/alerts/evaluate-course';

export type AlertState = 'open' | 'acknowledged';

export interface Alert {
  readonly id: string;
  readonly kind: AlertKind;
  readonly course: ContextKey;
  readonly dedupeKey: string;
  readonly reviewIds: readonly string[];
  readonly facts: AlertFacts;
  readonly raisedAt: Date;
  readonly state: AlertState;
  readonly acknowledgedAt?: Date;
  readonly acknowledgedBy?: string;
}

export interface WebhookSettings {
  readonly url: string;
  readonly hasSecret: boolean;
  readonly updatedAt: Date;
}

export type DeliveryChannel = 'webhook' | 'email';

export interface AlertDelivery {
  readonly id: string;
  readonly alertId: string;
  readonly platform: PlatformKey;
  readonly channel: DeliveryChannel;
  /** The address of an e-mail delivery; empty for the webhook (its URL is read when sending). */
  readonly recipient: string;
  readonly attempts: number;
  readonly nextAttemptAt: Date;
}

/** One try of a delivery, as the admin's log shows it: no secret, no body, no address. */
export interface DeliveryAttempt {
  readonly deliveryId: string;
  readonly alertId: string;
  readonly channel: DeliveryChannel;
  readonly attempt: number;
  readonly at: Date;
  /** The HTTP status of the webhook's answer (absent when none came, and for e-mail). */
  readonly status?: number;
  readonly outcome: 'delivered' | 'retry' | 'given-up';
  /** Why it failed, in a few words (timeout, connection refused, HTTP 500). */
  readonly error?: string;
}

export type AlertScope = { readonly kind: 'deployment'; readonly deployment: DeploymentKey } | { readonly kind: 'course'; readonly course: ContextKey };

/** What the read API pages through: a whole platform, one deployment, or one course. */
export type AlertPageScope = AlertScope | { readonly kind: 'platform'; readonly platform: PlatformKey };

/** Where a page ends: the last alert served. */
export interface AlertPosition {
  readonly raisedAt: Date;
  readonly id: string;
}

export interface AlertPageQuery {
  readonly scope: AlertPageScope;
  /** Only alerts in this state; both when absent. */
  readonly state?: AlertState;
  readonly limit: number;
  /** The position of the previous page's last alert: this page starts just after it. */
  readonly after?: AlertPosition;
}

export interface AlertPage {
  readonly items: Alert[];
  /** The position to resume after, or null when no alert follows. */
  readonly next: AlertPosition | null;
}

export interface AlertStore {
  /** The platform's rules, or null when it never changed the defaults. */
  findRules(platform: PlatformKey): Promise<AlertRules | null>;
  saveRules(platform: PlatformKey, rules: AlertRules, at: Date): Promise<void>;

  findWebhook(platform: PlatformKey): Promise<WebhookSettings | null>;
  /** Sets the URL; the secret is replaced only when one is given (an empty field keeps it). */
  saveWebhook(platform: PlatformKey, url: string, secret: string | null, at: Date): Promise<void>;
  removeWebhook(platform: PlatformKey): Promise<boolean>;
  /** For the sender only: the URL and secret, or null. */
  webhookForSending(platform: PlatformKey): Promise<{ url: string; secret: string } | null>;

  /**
   * Stores the alert unless its dedupe key exists, and queues its deliveries (a webhook delivery when
   * `webhook`, one e-mail per address) due at `raisedAt`, in one transaction. Null when it existed.
   */
  raise(draft: AlertDraft, deliveries: { readonly webhook: boolean; readonly emails: readonly string[] }): Promise<Alert | null>;
  /** Alerts of the scope, open first, then newest first. */
  listAlerts(scope: AlertScope, limit: number): Promise<Alert[]>;
  /** A page of the scope's alerts, newest first by raisedAt then id (see above). */
  pageAlerts(query: AlertPageQuery): Promise<AlertPage>;
  countOpen(scope: AlertScope): Promise<number>;
  findAlert(scope: AlertScope, alertId: string): Promise<Alert | null>;
  /** The alert a delivery is for (the worker's read; never reached from a request). */
  alertOfDelivery(alertId: string): Promise<Alert | null>;
  /** Marks an open alert of the scope acknowledged; false when there is no such open alert. */
  acknowledge(scope: AlertScope, alertId: string, by: string, at: Date): Promise<boolean>;

  /** Takes up to `limit` due deliveries across every platform for `owner` until `now + leaseMs` (see above). */
  claimDueDeliveries(owner: string, now: Date, leaseMs: number, limit: number): Promise<AlertDelivery[]>;
  /** Settles a claimed delivery: done (delivered or given up), or due again at `retryAt`; the attempt goes to the log. False unless `owner` holds it. */
  settleDelivery(id: string, owner: string, attempt: DeliveryAttempt, retryAt: Date | null): Promise<boolean>;
  /** A claimed delivery not tried (the worker stopping): free and due at `now`. */
  releaseDelivery(id: string, owner: string, now: Date): Promise<boolean>;
  /** The platform's delivery attempts, newest first. */
  deliveryLog(platform: PlatformKey, limit: number): Promise<DeliveryAttempt[]>;
  countPendingDeliveries(): Promise<number>;

  /**
   * Keeps the address an instructor's launch shared (replacing an earlier one of theirs in the course),
   * with the language of that launch when given (an address remembered without one keeps none).
   */
  rememberInstructorEmail(course: ContextKey, userId: string, email: string, at: Date, locale?: Locale): Promise<void>;
  instructorEmails(course: ContextKey): Promise<string[]>;
  /**
   * The language to write an alert e-mail to `email` of the course in: the one its owner's last launch
   * of the course said; else the one of the course's latest instructor launch that said one; else null.
   */
  mailLocale(course: ContextKey, email: string): Promise<Locale | null>;
  /** GDPR export: the addresses kept for the person, per course. */
  emailsOfUser(platform: PlatformKey, userId: string): Promise<Array<{ course: ContextKey; email: string; at: Date }>>;
  /** GDPR erasure: forgets them and drops pending e-mails to those addresses. Returns how many addresses went. */
  forgetUser(platform: PlatformKey, userId: string): Promise<number>;
}
