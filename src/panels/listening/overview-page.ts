/**
 * The overview's presenter: sorts the courses by the chosen column (courses without the figure
 * last, whatever the direction), cuts one page, and turns each into plain texts for the view: the
 * rating with its number of ratings, a sparkline, trend arrows with words, counts. The export table
 * is built from the same sorted rows, so the page and the files cannot disagree.
 */
import type { Locale } from '../../context/launch-context';
import { formatAverage, formatNumber, LOCALE_TAGS } from '../../i18n/format';
import { translator } from '../../i18n/translate';
import type { MessageKey } from '../../i18n/en';
import { sparkline, type ChartTable, type Sparkline, type TableCell } from '../../listening/charts';
import type { CourseOverview, CourseOverviewRow } from '../../listening/course-overview';
import { DEFAULT_DIRECTION, type OverviewQuery, type OverviewSort } from './overview-query';

export const PAGE_SIZE = 50;
const HOUR_MS = 3_600_000;

type Translate = ReturnType<typeof translator>;

/** A column's value for sorting; null sorts last in either direction. */
function sortValue(row: CourseOverviewRow, sort: OverviewSort): number | string | null {
  const f = row.figures;
  switch (sort) {
    case 'rating':
      return row.rated && row.trend ? row.trend.adjusted90 : null;
    case 'trend30':
      return row.rated ? (row.trend?.change30 ?? null) : null;
    case 'trend90':
      return row.rated ? (row.trend?.change90 ?? null) : null;
    case 'attention':
      return f.needsAttention;
    case 'answered':
      return f.reviews > 0 ? f.answered / f.reviews : null;
    case 'response':
      return f.medianResponseMs;
    case 'actions':
      return f.actionsOpen;
    case 'overdue':
      return f.actionsOverdue;
    case 'buyin':
      return f.buyIn.opened > 0 ? f.buyIn.launched / f.buyIn.opened : null;
    case 'participation':
      return f.learners > 0 ? f.participants / f.learners : null;
    case 'title':
      return (f.title ?? f.course.contextId).toLocaleLowerCase();
  }
}

/** Equal values: the rating order (best first), then more ratings over 90 days, then the course id. */
function tieBreak(a: CourseOverviewRow, b: CourseOverviewRow): number {
  const ratings = (row: CourseOverviewRow) => row.trend?.last90.count ?? 0;
  return (a.rank ?? Infinity) - (b.rank ?? Infinity) || ratings(b) - ratings(a) || (a.figures.course.contextId < b.figures.course.contextId ? -1 : a.figures.course.contextId > b.figures.course.contextId ? 1 : 0);
}

export function sortRows(rows: readonly CourseOverviewRow[], query: Pick<OverviewQuery, 'sort' | 'dir'>): CourseOverviewRow[] {
  const sign = query.dir === 'asc' ? 1 : -1;
  const decorated = rows.map((row, i) => ({ row, i, value: sortValue(row, query.sort) }));
  decorated.sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === null ? (b.value === null ? tieBreak(a.row, b.row) : 1) : -1;
    const order = typeof a.value === 'string' ? a.value.localeCompare(b.value as string) : a.value - (b.value as number);
    // Equal values keep the rating order (best first), then the course id.
    return order * sign || tieBreak(a.row, b.row);
  });
  return decorated.map((d) => d.row);
}

/**
 * The overview's rows in one order, sorted once per kept overview (listening/overview-cache.ts keeps
 * the same object until a course changes): a page then costs its slice and render, not a sort of
 * every course. Weakly held, so an overview that is replaced takes its orders with it.
 */
const sortedByOverview = new WeakMap<CourseOverview, Map<string, readonly CourseOverviewRow[]>>();
function sortedRows(overview: CourseOverview, query: Pick<OverviewQuery, 'sort' | 'dir'>): readonly CourseOverviewRow[] {
  let orders = sortedByOverview.get(overview);
  if (!orders) sortedByOverview.set(overview, (orders = new Map()));
  const key = `${query.sort}:${query.dir}`;
  let rows = orders.get(key);
  if (!rows) orders.set(key, (rows = sortRows(overview.rows, query)));
  return rows;
}

const percentFormats = { en: new Intl.NumberFormat(LOCALE_TAGS.en, { style: 'percent' }), fr: new Intl.NumberFormat(LOCALE_TAGS.fr, { style: 'percent' }) };
/** "33 %" in French with the narrow no-break space French typography asks for (ICU versions differ on it). */
const percent = (locale: Locale, share: number) => percentFormats[locale].format(share).replace(/[\u00a0\u202f ]%/u, '\u202f%');

function titleOf(row: CourseOverviewRow, t: Translate): string {
  return row.figures.title?.trim() || t('listening.untitled', { id: row.figures.course.contextId });
}

function trendCell(change: number | null | undefined, rated: boolean, locale: Locale, t: Translate) {
  if (!rated || change === null || change === undefined) return { arrow: '', text: t('listening.trend.none'), tone: 'none', value: null };
  const shown = formatAverage(locale, Math.abs(change));
  // The words follow the figure as written: a change that rounds to 0.0 is steady.
  if (shown === formatAverage(locale, 0)) return { arrow: '→', text: t('listening.trend.steady'), tone: 'steady', value: Math.round(change * 100) / 100 };
  const up = change > 0;
  return { arrow: up ? '↑' : '↓', text: t(up ? 'listening.trend.up' : 'listening.trend.down', { change: shown }), tone: up ? 'up' : 'down', value: Math.round(change * 100) / 100 };
}

function responseText(ms: number | null, t: Translate): string {
  if (ms === null) return t('listening.response.none');
  const hours = Math.max(1, Math.round(ms / HOUR_MS));
  return hours < 48 ? t('listening.response.hours', { count: hours }) : t('listening.response.days', { count: Math.round(hours / 24) });
}

export interface OverviewRowView {
  readonly href: string;
  readonly title: string;
  readonly label?: string;
  readonly rank: string;
  readonly rating: { readonly shown: boolean; readonly average: string; readonly count: string };
  readonly spark: Sparkline | null;
  readonly trend30: { arrow: string; text: string; tone: string };
  readonly trend90: { arrow: string; text: string; tone: string };
  readonly attention: string;
  readonly answered: string;
  readonly response: string;
  readonly actions: string;
  readonly overdue: string | null;
  readonly buyIn: string;
  readonly participation: string;
}

function presentRow(row: CourseOverviewRow, base: string, locale: Locale, t: Translate): OverviewRowView {
  const f = row.figures;
  const n = (value: number) => formatNumber(locale, value);
  const title = titleOf(row, t);
  const count90 = row.trend?.last90.count ?? 0;
  const average = row.trend?.last90.average ?? null;
  return {
    href: `${base}/listening/courses/${encodeURIComponent(f.course.contextId)}`,
    title,
    ...(f.label ? { label: f.label } : {}),
    rank: row.rank === null ? '' : n(row.rank),
    rating: {
      shown: row.rated && average !== null,
      average: row.rated && average !== null ? formatAverage(locale, average) : count90 === 0 ? t('listening.rating.none') : t('listening.rating.belowMinimum', { min: row.minRatings }),
      count: t('listening.rating.count', { count: count90 }),
    },
    spark: row.rated ? sparkline({ points: row.weeks, locale, days: 90, about: f.course.contextId }) : null,
    trend30: trendCell(row.trend?.change30, row.rated, locale, t),
    trend90: trendCell(row.trend?.change90, row.rated, locale, t),
    attention: n(f.needsAttention),
    answered: f.reviews > 0 ? t('listening.answered.share', { share: percent(locale, f.answered / f.reviews), count: n(f.reviews) }) : t('listening.answered.none'),
    response: responseText(f.medianResponseMs, t),
    actions: n(f.actionsOpen),
    overdue: f.actionsOverdue > 0 ? t('listening.actions.overdue', { count: n(f.actionsOverdue) }) : null,
    buyIn: f.buyIn.opened > 0 ? t('listening.buyin.share', { launched: n(f.buyIn.launched), opened: n(f.buyIn.opened) }) : t('listening.buyin.none'),
    participation: f.participants > 0 ? t('listening.participation.share', { participants: n(f.participants), learners: n(f.learners) }) : t('listening.participation.none'),
  };
}

/** The headings that sort: each links to the same page sorted by it (the current one reverses). */
const SORTABLE_COLUMNS: ReadonlyArray<{ sort: OverviewSort; label: MessageKey }> = [
  { sort: 'title', label: 'listening.col.title' },
  { sort: 'rating', label: 'listening.col.rating' },
  { sort: 'trend30', label: 'listening.col.trend30' },
  { sort: 'trend90', label: 'listening.col.trend90' },
  { sort: 'attention', label: 'listening.col.attention' },
  { sort: 'answered', label: 'listening.col.answered' },
  { sort: 'response', label: 'listening.col.response' },
  { sort: 'actions', label: 'listening.col.actions' },
  { sort: 'buyin', label: 'listening.col.buyin' },
  { sort: 'participation', label: 'listening.col.participation' },
];

const queryString = (q: { sort: OverviewSort; dir: string; page?: number; format?: string }) =>
  `?sort=${q.sort}&dir=${q.dir}${q.page && q.page > 1 ? `&page=${q.page}` : ''}${q.format ? `&format=${q.format}` : ''}`;

export function overviewPage(overview: CourseOverview, query: OverviewQuery, base: string, locale: Locale) {
  const t = translator(locale);
  const sorted = sortedRows(overview, query);
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const from = (page - 1) * PAGE_SIZE;
  const shown = sorted.slice(from, from + PAGE_SIZE);
  const href = `${base}/listening`;
  const columnLabel = (sort: OverviewSort) => t(SORTABLE_COLUMNS.find((c) => c.sort === sort)?.label ?? 'listening.col.overdue');
  const totals = overview.totals;
  return {
    headline: [
      t('listening.headline.courses', { count: totals.courses }),
      t('listening.headline.ratings', { count: totals.ratings90 }),
      totals.average90 === null ? t('listening.headline.noAverage') : t('listening.headline.average', { average: formatAverage(locale, totals.average90) }),
      t('listening.headline.attention', { count: totals.needsAttention }),
      t('listening.headline.actions', { count: totals.actionsOpen }),
      t('listening.headline.overdue', { count: totals.actionsOverdue }),
    ],
    caption: t('listening.table.caption', { column: columnLabel(query.sort).toLocaleLowerCase(LOCALE_TAGS[locale]), direction: t(`listening.dir.${query.dir}`) }),
    columns: SORTABLE_COLUMNS.map(({ sort, label }) => {
      const current = sort === query.sort;
      const dir = current ? (query.dir === 'asc' ? 'desc' : 'asc') : DEFAULT_DIRECTION[sort];
      return { sort, label: t(label), href: `${href}${queryString({ sort, dir })}`, ariaSort: current ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined };
    }),
    rows: shown.map((row) => presentRow(row, base, locale, t)),
    empty: sorted.length === 0,
    paging:
      pages > 1
        ? {
            status: t('listening.page.status', { from: formatNumber(locale, from + 1), to: formatNumber(locale, from + shown.length), total: formatNumber(locale, sorted.length) }),
            previous: page > 1 ? `${href}${queryString({ ...query, page: page - 1, format: undefined })}` : null,
            next: page < pages ? `${href}${queryString({ ...query, page: page + 1, format: undefined })}` : null,
          }
        : null,
    exports: {
      csv: `${href}${queryString({ sort: query.sort, dir: query.dir, format: 'csv' })}`,
      json: `${href}${queryString({ sort: query.sort, dir: query.dir, format: 'json' })}`,
    },
  };
}

/** Every course (not one page) as the export table: raw values, headers in the reader's language. */
export function overviewTable(overview: CourseOverview, query: Pick<OverviewQuery, 'sort' | 'dir'>, locale: Locale): ChartTable {
  const t = translator(locale);
  const keys = [
    ['contextId', 'listening.col.contextId', false],
    ['title', 'listening.col.title', false],
    ['rank', 'listening.col.rank', true],
    ['rating90', 'listening.col.rating', true],
    ['ratings90', 'listening.col.ratings', true],
    ['adjusted90', 'listening.col.adjusted', true],
    ['change30', 'listening.col.trend30', true],
    ['change90', 'listening.col.trend90', true],
    ['needsAttention', 'listening.col.attention', true],
    ['reviews12m', 'listening.col.reviews', true],
    ['answered12m', 'listening.col.answered', true],
    ['medianResponseHours', 'listening.col.response', true],
    ['actionsOpen', 'listening.col.actions', true],
    ['actionsOverdue', 'listening.col.overdue', true],
    ['catalogueOpened', 'listening.col.buyinOpened', true],
    ['catalogueLaunched', 'listening.col.buyin', true],
    ['participants', 'listening.col.participants', true],
    ['learners', 'listening.col.learners', true],
  ] as const;
  const cell = (value: string | number | null): TableCell => ({ text: value === null ? '' : typeof value === 'number' ? formatNumber(locale, value) : value, value });
  const round2 = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 100) / 100);
  const rows = sortedRows(overview, query).map((row) => {
    const f = row.figures;
    const rated = row.rated;
    const values: Array<string | number | null> = [
      f.course.contextId,
      titleOf(row, t),
      row.rank,
      rated ? round2(row.trend?.last90.average) : null,
      row.trend?.last90.count ?? 0,
      rated ? round2(row.trend?.adjusted90) : null,
      rated ? round2(row.trend?.change30) : null,
      rated ? round2(row.trend?.change90) : null,
      f.needsAttention,
      f.reviews,
      f.answered,
      f.medianResponseMs === null ? null : round2(f.medianResponseMs / HOUR_MS),
      f.actionsOpen,
      f.actionsOverdue,
      f.buyIn.opened,
      f.buyIn.launched,
      f.participants,
      f.learners,
    ];
    return values.map(cell);
  });
  return { caption: t('listening.overview.title'), columns: keys.map(([key, label, numeric]) => ({ key, label: t(label), numeric })), rows };
}

