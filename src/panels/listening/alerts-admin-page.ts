/**
 * The view model of the platform administrator's alerts page: the rules form (each rule a fieldset
 * with its switch and thresholds), the webhook form (the URL; the secret never shown, only whether
 * one is set), the delivery log as a table, and the deployment's alerts. Problems of a refused form
 * are shown at their fields and in a summary; the flash is read from ?done= (own keys only).
 */
import type { Locale } from '../../context/launch-context';
import type { MessageKey } from '../../i18n/en';
import { translator } from '../../i18n/translate';
import type { RuleField, RulesFormValues, WebhookProblem } from '../../listening/alerts/alert-rules-input';
import type { DeliveryAttempt, WebhookSettings } from '../../storage/ports/alerts';
import type { PanelChrome } from '../chrome';
import type { AlertsView } from './alerts-view';

export interface AlertsAdminInput {
  readonly chrome: PanelChrome;
  readonly locale: Locale;
  readonly rules: RulesFormValues;
  readonly ruleProblems?: Partial<Record<RuleField, { min: number; max: number }>>;
  readonly webhook: WebhookSettings | null;
  readonly webhookValues?: { url: string };
  readonly webhookProblems?: WebhookProblem;
  readonly log: readonly DeliveryAttempt[];
  readonly alerts: AlertsView;
  readonly query?: Record<string, unknown>;
}

const RULE_GROUPS: ReadonlyArray<{ rule: string; fields: readonly RuleField[] }> = [
  { rule: 'averageDrop', fields: ['averageDropRatings', 'averageDropDrop'] },
  { rule: 'lowSpike', fields: ['lowSpikeDays', 'lowSpikeMinCount', 'lowSpikeFactor'] },
  { rule: 'unansweredLow', fields: ['unansweredLowDays'] },
  { rule: 'topicNegative', fields: ['topicNegativeDays', 'topicNegativeMinMentions', 'topicNegativeRise'] },
  { rule: 'negativeMention', fields: [] },
];

const FLASHES = new Set(['rules', 'webhook', 'webhookRemoved', 'acknowledged']);
const FLASH_KEY: Record<string, MessageKey> = {
  rules: 'alerts.rules.flash.saved',
  webhook: 'alerts.webhook.flash.saved',
  webhookRemoved: 'alerts.webhook.flash.removed',
  acknowledged: 'alerts.flash.acknowledged',
};

export function alertsAdminPage(input: AlertsAdminInput) {
  const t = translator(input.locale);
  const ruleProblems = input.ruleProblems ?? {};
  const groups = RULE_GROUPS.map(({ rule, fields }) => ({
    rule,
    legend: t(`alerts.rules.${rule}` as MessageKey),
    enabled: input.rules[`${rule}Enabled` as keyof RulesFormValues] === 'on',
    fields: fields.map((field) => ({
      name: field,
      label: t(`alerts.rules.${field}` as MessageKey),
      value: input.rules[field],
      problem: ruleProblems[field] ? t('alerts.problem.range', ruleProblems[field]) : undefined,
      decimal: field === 'averageDropDrop' || field === 'lowSpikeFactor',
    })),
  }));
  const webhookProblems = Object.fromEntries(
    Object.entries(input.webhookProblems ?? {}).map(([field, problem]) => [field, t(`alerts.problem.${field}.${problem}` as MessageKey)]),
  ) as Partial<Record<'url' | 'secret', string>>;
  const done = typeof input.query?.done === 'string' && FLASHES.has(input.query.done) ? input.query.done : undefined;
  const timeFormat = new Intl.DateTimeFormat(input.locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });
  return {
    chrome: input.chrome,
    base: `${input.chrome.base}/listening/alerts`,
    flash: done ? t(FLASH_KEY[done]!) : undefined,
    groups,
    ruleProblemList: groups.flatMap((g) => g.fields.filter((f) => f.problem).map((f) => ({ id: `rule-${f.name}`, text: `${f.label}: ${f.problem}` }))),
    webhook: {
      url: input.webhookValues?.url ?? input.webhook?.url ?? '',
      exists: input.webhook !== null,
      secretKept: input.webhook?.hasSecret ?? false,
      problems: webhookProblems,
    },
    log: input.log.map((entry) => ({
      at: `${timeFormat.format(entry.at)} UTC`,
      channel: t(`alerts.log.channel.${entry.channel}`),
      attempt: entry.attempt,
      status: entry.status ?? '—',
      outcome: t(`alerts.log.outcome.${entry.outcome}`),
      outcomeKind: entry.outcome,
      error: entry.error ?? '',
    })),
    alerts: input.alerts,
  };
}
