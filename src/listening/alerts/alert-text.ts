/**
 * An alert in one sentence of the reader's language, from its kind and facts: the same words on the
 * pages, in the webhook's text and in the e-mail. Shares are shown as percentages, averages with one
 * decimal in the locale's way ("3,6" in French).
 */
import type { Locale } from '../../context/launch-context';
import { formatAverage } from '../../i18n/format';
import { translate } from '../../i18n/translate';
import type { Alert } from '../../storage/ports/alerts';

const percent = (locale: Locale, share: unknown) =>
  new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(Number(share) || 0);
const num = (value: unknown) => (typeof value === 'number' ? value : Number(value) || 0);
const str = (value: unknown) => (typeof value === 'string' ? value : String(value ?? ''));

export function alertSentence(alert: Pick<Alert, 'kind' | 'facts'>, locale: Locale): string {
  const f = alert.facts;
  switch (alert.kind) {
    case 'average-drop':
      return translate(locale, 'alerts.kind.average-drop', { ratings: num(f.ratings), before: formatAverage(locale, num(f.before)), after: formatAverage(locale, num(f.after)) });
    case 'low-spike':
      return translate(locale, 'alerts.kind.low-spike', { count: num(f.count), days: num(f.days), baseline: num(f.baseline) });
    case 'unanswered-low':
      return translate(locale, 'alerts.kind.unanswered-low', { rating: num(f.rating), days: num(f.days) });
    case 'topic-negative':
      return translate(locale, 'alerts.kind.topic-negative', { topic: str(f.topic), share: percent(locale, f.share), previousShare: percent(locale, f.previousShare), mentions: num(f.mentions) });
    case 'negative-mention':
      return translate(locale, 'alerts.kind.negative-mention', { title: str(f.title) });
  }
}

export function alertKindLabel(alert: Pick<Alert, 'kind'>, locale: Locale): string {
  return translate(locale, `alerts.label.${alert.kind}`);
}
