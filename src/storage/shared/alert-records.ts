/**
 * What raising an alert writes, computed once for both adapters: the alert record (open) and its
 * deliveries (one webhook, one per e-mail address, each due at once), with fresh ids. Also how a
 * stored rules document is read back: over the defaults, so a rule added by a later version starts
 * at its default on a platform that saved its rules before it existed.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_ALERT_RULES, type AlertRules } from '../../listening/alerts/alert-rules';
import type { AlertDraft } from '../../listening/alerts/evaluate-course';
import type { Alert, AlertDelivery, AlertPage } from '../ports/alerts';

/** Attempts kept in each platform's delivery log; older ones are pruned when a new one is written. */
export const DELIVERY_LOG_KEPT = 500;

export interface RaisePlan {
  readonly alert: Alert;
  readonly deliveries: readonly AlertDelivery[];
}

export function planRaise(draft: AlertDraft, targets: { readonly webhook: boolean; readonly emails: readonly string[] }): RaisePlan {
  const alert: Alert = { id: randomUUID(), ...draft, reviewIds: [...draft.reviewIds], facts: { ...draft.facts }, state: 'open' };
  const platform = { issuer: draft.course.issuer, clientId: draft.course.clientId };
  const delivery = (channel: AlertDelivery['channel'], recipient: string): AlertDelivery => ({
    id: randomUUID(),
    alertId: alert.id,
    platform,
    channel,
    recipient,
    attempts: 0,
    nextAttemptAt: draft.raisedAt,
  });
  const emails = [...new Set(targets.emails)];
  return { alert, deliveries: [...(targets.webhook ? [delivery('webhook', '')] : []), ...emails.map((email) => delivery('email', email))] };
}

export function rulesFromStored(stored: unknown): AlertRules {
  const document = (stored && typeof stored === 'object' ? stored : {}) as Partial<Record<keyof AlertRules, object>>;
  const merged = {} as Record<keyof AlertRules, object>;
  for (const key of Object.keys(DEFAULT_ALERT_RULES) as Array<keyof AlertRules>) merged[key] = { ...DEFAULT_ALERT_RULES[key], ...(document[key] ?? {}) };
  return merged as unknown as AlertRules;
}

/**
 * A page from what an adapter read: it reads one alert more than the limit, so that a full last
 * page is known to be the last without a second query.
 */
export function alertPage(readPlusOne: readonly Alert[], limit: number): AlertPage {
  const items = readPlusOne.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: readPlusOne.length > limit && last ? { raisedAt: last.raisedAt, id: last.id } : null };
}
