/**
 * The admin's forms, checked before anything else sees them: the rules (each switch a checkbox, each
 * threshold a number within RULE_BOUNDS; a decimal comma is read as a point, for French admins) and
 * the webhook (an http(s) URL of at most 2,000 characters, https only where the settings say so; a
 * secret of 16 to 200 characters, required when none is stored yet). Every problem is reported at
 * once, by field, as codes the page translates.
 */
import { z } from 'zod';
import { RULE_BOUNDS, type AlertRules } from './alert-rules';

export type RuleField = keyof typeof RULE_BOUNDS;
export type RulesFormValues = Readonly<Record<RuleField | `${keyof AlertRules}Enabled`, string>>;
export type RulesResult = { readonly ok: true; readonly rules: AlertRules } | { readonly ok: false; readonly problems: Partial<Record<RuleField, { min: number; max: number }>> };

const RULES = ['averageDrop', 'lowSpike', 'unansweredLow', 'topicNegative', 'negativeMention'] as const;
const text = (value: unknown, max = 40) => (typeof value === 'string' ? value.slice(0, max) : '');

/** What the form held, strings only and bounded (to fill it in again after a refusal). */
export function rulesFormValues(body: unknown): RulesFormValues {
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const values: Record<string, string> = {};
  for (const field of Object.keys(RULE_BOUNDS)) values[field] = text(fields[field]).trim();
  for (const rule of RULES) values[`${rule}Enabled`] = fields[`${rule}Enabled`] === 'on' ? 'on' : '';
  return values as RulesFormValues;
}

/** The rules as the form shows them (the rise as percentage points). */
export function rulesToForm(rules: AlertRules): RulesFormValues {
  const values: Record<string, string> = {
    averageDropRatings: String(rules.averageDrop.ratings),
    averageDropDrop: String(rules.averageDrop.drop),
    lowSpikeDays: String(rules.lowSpike.days),
    lowSpikeMinCount: String(rules.lowSpike.minCount),
    lowSpikeFactor: String(rules.lowSpike.factor),
    unansweredLowDays: String(rules.unansweredLow.days),
    topicNegativeDays: String(rules.topicNegative.days),
    topicNegativeMinMentions: String(rules.topicNegative.minMentions),
    topicNegativeRise: String(Math.round(rules.topicNegative.rise * 100)),
  };
  for (const rule of RULES) values[`${rule}Enabled`] = rules[rule].enabled ? 'on' : '';
  return values as RulesFormValues;
}

/** Whole numbers except the drop and the factor, which take one or two decimals. */
const DECIMAL_FIELDS = new Set<RuleField>(['averageDropDrop', 'lowSpikeFactor']);
/** The rise is typed in percentage points and bounded as a share. */
const PERCENT_FIELDS = new Set<RuleField>(['topicNegativeRise']);

export function parseRulesForm(values: RulesFormValues): RulesResult {
  const problems: Partial<Record<RuleField, { min: number; max: number }>> = {};
  const number = {} as Record<RuleField, number>;
  for (const field of Object.keys(RULE_BOUNDS) as RuleField[]) {
    const bounds = RULE_BOUNDS[field];
    const scale = PERCENT_FIELDS.has(field) ? 100 : 1;
    const shown = { min: Math.round(bounds.min * scale * 100) / 100, max: Math.round(bounds.max * scale * 100) / 100 };
    const pattern = DECIMAL_FIELDS.has(field) ? /^\d{1,3}(?:[.,]\d{1,2})?$/ : /^\d{1,3}$/;
    const parsed = z.string().regex(pattern).transform((raw) => Number(raw.replace(',', '.')) / scale).pipe(z.number().min(bounds.min).max(bounds.max)).safeParse(values[field]);
    if (parsed.success) number[field] = parsed.data;
    else problems[field] = shown;
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const on = (rule: (typeof RULES)[number]) => values[`${rule}Enabled`] === 'on';
  return {
    ok: true,
    rules: {
      averageDrop: { enabled: on('averageDrop'), ratings: number.averageDropRatings, drop: number.averageDropDrop },
      lowSpike: { enabled: on('lowSpike'), days: number.lowSpikeDays, minCount: number.lowSpikeMinCount, factor: number.lowSpikeFactor },
      unansweredLow: { enabled: on('unansweredLow'), days: number.unansweredLowDays },
      topicNegative: { enabled: on('topicNegative'), days: number.topicNegativeDays, minMentions: number.topicNegativeMinMentions, rise: number.topicNegativeRise },
      negativeMention: { enabled: on('negativeMention') },
    },
  };
}

export type WebhookProblem = { readonly url?: 'required' | 'invalid' | 'http' | 'too-long'; readonly secret?: 'required' | 'short' | 'too-long' };
export type WebhookResult = { readonly ok: true; readonly url: string; readonly secret: string | null } | { readonly ok: false; readonly problems: WebhookProblem };

export function webhookFormValues(body: unknown): { url: string; secret: string } {
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return { url: text(fields.url, 5000).trim(), secret: text(fields.secret, 1000) };
}

export function parseWebhookForm(values: { url: string; secret: string }, options: { allowHttp: boolean; hasSecret: boolean }): WebhookResult {
  const problems: { url?: NonNullable<WebhookProblem['url']>; secret?: NonNullable<WebhookProblem['secret']> } = {};
  let url = '';
  if (!values.url) problems.url = 'required';
  else if (values.url.length > 2000) problems.url = 'too-long';
  else {
    try {
      const parsed = new URL(values.url);
      if (parsed.protocol === 'http:' && !options.allowHttp) problems.url = 'http';
      else if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.username || parsed.password || !parsed.hostname) problems.url = 'invalid';
      else url = parsed.href;
    } catch {
      problems.url = 'invalid';
    }
  }
  const secret = values.secret;
  if (!secret) {
    if (!options.hasSecret) problems.secret = 'required';
  } else if (secret.length < 16) problems.secret = 'short';
  else if (secret.length > 200) problems.secret = 'too-long';
  if (problems.url || problems.secret) return { ok: false, problems };
  return { ok: true, url, secret: secret || null };
}
