/**
 * The per-course Listening page's own tables (the charts build theirs): the before/after of each
 * done corrective action, the sentences by sentiment and kind of text, and the topics. Each is a
 * ChartTable, so the page shows it and the CSV and JSON exports carry it from the same cells.
 */
import type { Locale } from '../../context/launch-context';
import { LOCALE_TAGS } from '../../i18n/format';
import { translator } from '../../i18n/translate';
import { averageCell, type ChartTable, countCell, textCell, type TableCell } from '../../listening/charts/chart-table';
import type { SentenceCounts } from '../../listening/course/course-voices';
import type { Topic } from '../../listening/sentiment/topics';
import type { CorrectiveAction } from '../../storage/ports/corrective-actions';
import type { CourseVersion } from '../../storage/ports/course-versions';
import type { RatingStats } from '../../storage/ports/reviews';
import { beforeAfter } from '../reviews/loop/loop-rules';

const shares: Record<Locale, Intl.NumberFormat> = {
  en: new Intl.NumberFormat(LOCALE_TAGS.en, { style: 'percent', maximumFractionDigits: 0 }),
  fr: new Intl.NumberFormat(LOCALE_TAGS.fr, { style: 'percent', maximumFractionDigits: 0 }),
};

/** "25%", "25 %"; exported as the fraction to three decimals. */
export function shareCell(share: number, locale: Locale): TableCell {
  const safe = Number.isFinite(share) ? Math.min(1, Math.max(0, share)) : 0;
  return { text: shares[locale].format(safe), value: Math.round(safe * 1000) / 1000 };
}

const averageOf = (stats: RatingStats) => (stats.count > 0 ? stats.sum / stats.count : null);

/**
 * The loop page's before/after (loop-rules.ts beforeAfter) of every action done in a known version,
 * newest action first. Staff read every figure, so no minimum applies (the loop page does the same).
 */
export function actionsTable(actions: readonly CorrectiveAction[], versions: readonly CourseVersion[], figures: ReadonlyMap<string, RatingStats>, locale: Locale): ChartTable {
  const t = translator(locale);
  const labelOf = (id: string) => versions.find((v) => v.id === id)?.label ?? t('loop.version.initial');
  const rows: TableCell[][] = [];
  for (const action of actions) {
    if (action.status !== 'done' || !action.doneInVersion) continue;
    const split = beforeAfter(versions, figures, action.doneInVersion, 1);
    if (!split) continue;
    rows.push([
      textCell(action.description),
      textCell(labelOf(action.doneInVersion)),
      averageCell(averageOf(split.before), locale),
      countCell(split.before.count, locale),
      averageCell(averageOf(split.after), locale),
      countCell(split.after.count, locale),
    ]);
  }
  const column = (key: string, numeric: boolean) => ({ key, label: t(`lcourse.actions.column.${key}` as Parameters<typeof t>[0]), numeric });
  return {
    caption: t('lcourse.actions.caption'),
    columns: [column('action', false), column('version', false), column('beforeAverage', true), column('beforeCount', true), column('afterAverage', true), column('afterCount', true)],
    rows,
  };
}

export function sentimentTable(counts: readonly SentenceCounts[], locale: Locale): ChartTable {
  const t = translator(locale);
  const column = (key: string, numeric: boolean) => ({ key, label: t(`lcourse.sentiment.column.${key}` as Parameters<typeof t>[0]), numeric });
  return {
    caption: t('lcourse.sentiment.caption'),
    columns: [column('kind', false), column('texts', true), column('positive', true), column('negative', true), column('neutral', true)],
    rows: counts.map((c) => [
      { text: t(`lcourse.kind.${c.kind}`), value: c.kind },
      countCell(c.texts, locale),
      countCell(c.positive, locale),
      countCell(c.negative, locale),
      countCell(c.neutral, locale),
    ]),
  };
}

export function topicsTable(topics: readonly Topic[], locale: Locale): ChartTable {
  const t = translator(locale);
  const column = (key: string, numeric: boolean) => ({ key, label: t(`lcourse.topics.column.${key}` as Parameters<typeof t>[0]), numeric });
  return {
    caption: t('lcourse.topics.caption'),
    columns: [column('topic', false), column('texts', true), column('negative', true), column('positive', true), column('recent', true), column('previous', true)],
    rows: topics.map((topic) => [
      textCell(topic.label),
      countCell(topic.count, locale),
      shareCell(topic.negativeShare, locale),
      shareCell(topic.positiveShare, locale),
      countCell(topic.trend.recent, locale),
      countCell(topic.trend.previous, locale),
    ]),
  };
}
