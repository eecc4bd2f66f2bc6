/**
 * The view model of the admin page of external sources: each source with its status in words (and
 * why, when failing or stale), the add form with its problems and what was typed, and a flash read
 * from ?done= after a redirect (own keys only, counts and error codes checked before use).
 */
import { isFeedErrorCode } from '../../catalogue/external/feed-error';
import { isStale, sourceStatus } from '../../catalogue/external/source-status';
import { SOURCE_LANGUAGES, type SourceField, type SourceProblem } from '../../catalogue/external/source-input';
import type { Locale } from '../../context/launch-context';
import type { MessageKey } from '../../i18n/en';
import { formatDate } from '../../i18n/format';
import { translator } from '../../i18n/translate';
import type { ExternalSource } from '../../storage/ports/external-sources';
import type { PanelChrome } from '../chrome';

export interface SourceFormValues {
  readonly name: string;
  readonly url: string;
  readonly language: string;
}

export const EMPTY_FORM: SourceFormValues = { name: '', url: '', language: '' };

export interface SourcesPageInput {
  readonly chrome: PanelChrome;
  readonly locale: Locale;
  readonly sources: readonly ExternalSource[];
  readonly now: Date;
  readonly intervalMs: number;
  readonly problems?: Partial<Record<SourceField, SourceProblem>>;
  readonly values?: SourceFormValues;
  readonly query?: Record<string, unknown>;
}

export function sourcesPage(input: SourcesPageInput) {
  const t = translator(input.locale);
  const values = input.values ?? EMPTY_FORM;
  const problems = Object.fromEntries(
    Object.entries(input.problems ?? {}).map(([field, problem]) => [field, t(`sources.problem.${field}.${problem}` as MessageKey)]),
  ) as Partial<Record<SourceField, string>>;
  return {
    chrome: input.chrome,
    base: `${input.chrome.base}/catalogue/sources`,
    sources: input.sources.map((source) => presentSource(source, input, t)),
    problems,
    values,
    languages: [
      { value: '', label: t('sources.field.languageUnknown'), selected: values.language === '' },
      ...SOURCE_LANGUAGES.map((value) => ({ value, label: t(`sources.language.${value}`), selected: values.language === value })),
    ],
    flash: flashFrom(input.query ?? {}, t),
  };
}

function presentSource(source: ExternalSource, input: SourcesPageInput, t: ReturnType<typeof translator>) {
  const status = sourceStatus(source, input.now, input.intervalMs);
  const error = source.lastError && isFeedErrorCode(source.lastError) ? source.lastError : 'internal';
  const notes: string[] = [];
  // "The feed did not answer in time (3 failed attempts in a row).": the reason's own full stop moves after the count.
  if (status === 'failing') notes.push(`${capitalise(t(`sources.error.${error}`)).replace(/\.$/, '')} (${t('sources.failing.count', { count: source.consecutiveFailures })}).`, ...(source.entryCount > 0 ? [t('sources.failing.kept')] : []));
  if (status !== 'pending' && isStale(source, input.now, input.intervalMs)) notes.push(t('sources.stale.detail'));
  return {
    id: source.id,
    name: source.name,
    url: source.url,
    status,
    statusLabel: t('sources.status.label', { status: t(`sources.status.${status}`) }),
    notes,
    entries: t('sources.entries', { count: source.entryCount }),
    lastSuccess: source.lastSuccessAt ? t('sources.lastSuccess', { date: formatDate(source.lastSuccessAt, input.locale) }) : t('sources.neverFetched'),
    language: source.language === 'en' || source.language === 'fr' ? t('sources.language', { language: t(`sources.language.${source.language}`) }) : undefined,
    removeLabel: t('sources.removeLabel', { name: source.name }),
    refreshLabel: t('sources.refreshLabel', { name: source.name }),
  };
}

function flashFrom(query: Record<string, unknown>, t: ReturnType<typeof translator>): { text: string; tone: 'ok' | 'warn' } | undefined {
  const count = typeof query.n === 'string' && /^\d{1,4}$/.test(query.n) ? Number(query.n) : 0;
  switch (query.done) {
    case 'added':
      return { text: t('sources.flash.added'), tone: 'ok' };
    case 'removed':
      return { text: t('sources.flash.removed'), tone: 'ok' };
    case 'refreshed':
      return { text: t('sources.flash.refreshed', { count }), tone: 'ok' };
    case 'notModified':
      return { text: t('sources.flash.notModified'), tone: 'ok' };
    case 'busy':
      return { text: t('sources.flash.busy'), tone: 'warn' };
    case 'failed':
      return { text: t('sources.flash.failed', { error: capitalise(t(`sources.error.${isFeedErrorCode(query.error) ? query.error : 'internal'}`)) }), tone: 'warn' };
    default:
      return undefined;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
