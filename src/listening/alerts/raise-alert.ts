/**
 * Stores an alert draft with its deliveries: a webhook delivery when the platform has a webhook, an
 * e-mail to each instructor address kept for the course when the tool can send e-mail. The store
 * keeps one alert per dedupe key, so raising what exists already does nothing (null).
 *
 * raiseMentionAlert is what the mention worker calls for each new mention it stores: the platform's
 * rule decides, the text's sentiment is read here, and the alert is raised at most once per mention.
 */
import type { ContextKey } from '../../context/tenant';
import type { AlertStore, Alert } from '../../storage/ports/alerts';
import type { Mention } from '../../storage/ports/mentions';
import { DEFAULT_ALERT_RULES, type AlertRules } from './alert-rules';
import type { AlertDraft } from './evaluate-course';
import { mentionAlertDraft, type FoundMention } from './mention-alert';

export interface RaiseDeps {
  readonly alerts: AlertStore;
  /** Whether alert e-mails can be sent (SMTP configured). */
  readonly mailEnabled: boolean;
  readonly now: () => Date;
  /** Wakes the sender (absent where no worker runs). */
  readonly nudge?: () => void;
}

export async function rulesOf(alerts: AlertStore, course: Pick<ContextKey, 'issuer' | 'clientId'>): Promise<AlertRules> {
  return (await alerts.findRules({ issuer: course.issuer, clientId: course.clientId })) ?? DEFAULT_ALERT_RULES;
}

export async function raiseAlert(deps: RaiseDeps, draft: AlertDraft): Promise<Alert | null> {
  const platform = { issuer: draft.course.issuer, clientId: draft.course.clientId };
  const [webhook, emails] = await Promise.all([deps.alerts.findWebhook(platform), deps.mailEnabled ? deps.alerts.instructorEmails(draft.course) : Promise.resolve([])]);
  const alert = await deps.alerts.raise(draft, { webhook: webhook !== null && webhook.hasSecret, emails });
  if (alert) deps.nudge?.();
  return alert;
}

export async function raiseMentionAlert(deps: RaiseDeps, mention: FoundMention): Promise<Alert | null> {
  const course: ContextKey = { issuer: mention.course.issuer, clientId: mention.course.clientId, deploymentId: mention.course.deploymentId, contextId: mention.course.contextId };
  const draft = mentionAlertDraft({ ...mention, course }, await rulesOf(deps.alerts, course), deps.now());
  return draft ? raiseAlert(deps, draft) : null;
}

/** A mention as the mentions store keeps it, as the negative-mention rule reads it. */
export function foundMentionOf(mention: Mention): FoundMention {
  const lang = mention.language === 'en' || mention.language === 'fr' ? mention.language : undefined;
  return { course: mention.course, mentionId: mention.id, url: mention.url, title: mention.title, text: mention.excerpt, at: mention.publishedAt ?? mention.foundAt, ...(lang ? { lang } : {}) };
}
