/**
 * Aspects over time (content, trainer, workload…) as a view model for
 * views/partials/charts/multi-series.ejs: one line per aspect, each with its own colour, dash
 * pattern and point shape, its name written at the end of its line, a legend that repeats dash and
 * shape, and one table with a column per aspect.
 */
import type { Locale } from '../../context/launch-context';
import { formatNumber } from '../../i18n/format';
import { translate } from '../../i18n/translate';
import { CHART_WIDTH, FONT, isDrawable, type PlotArea, round, textWidth } from './chart-geometry';
import { chartId } from './chart-id';
import { averageCell, type ChartTable, dayCell } from './chart-table';
import { type DirectLabel, shorten, spreadLabels } from './direct-labels';
import { dotIndexes, linePath, type PlotPoint } from './line-path';
import { DASHES, SHAPES, type Shape, shapePath } from './point-shapes';
import { linearScale, ratingTicks, timeDomain, timeScale } from './scales';
import { type DrawnMarker, layoutMarkers, type MarkerKeyItem, type TimelineMarker } from './timeline-markers';
import { timeTicks, type XTick } from './time-ticks';
import type { DatedChartFrame, YTick } from './chart-frame';

export interface SeriesInput {
  /** A stable name for the JSON export ("content", "trainer"). */
  readonly key: string;
  readonly label: string;
  readonly points: ReadonlyArray<{ readonly at: Date; readonly value: number | null }>;
}

export interface MultiSeriesInput {
  readonly title: string;
  readonly description: string;
  readonly series: readonly SeriesInput[];
  readonly yDomain?: readonly [number, number];
  readonly markers?: readonly TimelineMarker[];
  readonly locale: Locale;
  readonly id?: string;
}

export interface DrawnSeries {
  /** 0–5: the CSS class chart__series--N gives the colour. */
  readonly index: number;
  readonly label: string;
  readonly shape: Shape;
  readonly dash: string;
  readonly line: string;
  readonly shapes: string;
  /** The legend's sample: a short stretch of the line and the shape, in a 36×14 box. */
  readonly swatchShape: string;
}

export interface MultiSeriesChart extends DatedChartFrame {
  readonly kind: 'multi-series';
  readonly series: readonly DrawnSeries[];
  readonly directLabels: readonly DirectLabel[];
  readonly directLabelX: number;
  readonly legendTitle: string;
}

const MARGIN = { left: 24, top: 8, labelGap: 6 } as const;
const PLOT_HEIGHT = 140;
/** The direct labels' gutter takes at most this much of the 280 units; longer names are shortened. */
const GUTTER_MAX = 84;
const SHAPE_RADIUS = 3;
const SHAPE_SPACING = 10;

export function multiSeriesChart(input: MultiSeriesInput): MultiSeriesChart {
  const { locale } = input;
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  // Keys name the JSON export's fields: two series under one key would overwrite each other there.
  const keys = input.series.map((s) => s.key);
  if (new Set(keys).size !== keys.length) throw new RangeError(`series keys must differ: ${keys.join(', ')}`);
  const series = input.series.map((s) => ({ ...s, points: s.points.filter((p) => p.at instanceof Date && Number.isFinite(p.at.getTime())).slice().sort((a, b) => a.at.getTime() - b.at.getTime()) }));
  const yDomain = input.yDomain ?? [1, 5];
  const width = CHART_WIDTH;
  const labelled = series.filter((s) => s.points.some((p) => isDrawable(p.value)));
  const gutter = labelled.length === 0 ? 12 : Math.min(GUTTER_MAX, Math.max(...labelled.map((s) => textWidth(s.label, FONT.direct))) + MARGIN.labelGap + 4);
  const plotX = { left: MARGIN.left, right: width - gutter };
  const domain = timeDomain(series.flatMap((s) => s.points.map((p) => p.at)));
  const x = timeScale(domain, [plotX.left, plotX.right]);
  const markerLayout = layoutMarkers(input.markers ?? [], domain, x, plotX, locale);
  const top = MARGIN.top + markerLayout.bandHeight + (markerLayout.bandHeight > 0 ? 4 : 0);
  const plot: PlotArea = { ...plotX, top, bottom: top + PLOT_HEIGHT };
  const y = linearScale([yDomain[0], yDomain[1]], [plot.bottom, plot.top]);

  const wantedLabels: Array<{ series: number; text: string; y: number }> = [];
  const drawn = series.map((s, index): DrawnSeries => {
    const style = index % SHAPES.length;
    const plotted: PlotPoint[] = s.points.map((p) => ({ x: x(p.at), y: isDrawable(p.value) ? y(p.value) : null }));
    const last = [...plotted].reverse().find((p) => p.y !== null);
    if (last) wantedLabels.push({ series: style, text: shorten(s.label, FONT.direct, gutter - MARGIN.labelGap - 2), y: last.y! + 4 });
    return {
      index: style,
      label: s.label,
      shape: SHAPES[style],
      dash: DASHES[style],
      line: linePath(plotted),
      shapes: dotIndexes(plotted, SHAPE_SPACING).map((i) => shapePath(SHAPES[style], plotted[i].x, plotted[i].y!, SHAPE_RADIUS)).join(''),
      swatchShape: shapePath(SHAPES[style], 18, 7, SHAPE_RADIUS + 0.5),
    };
  });
  const xLabelY = plot.bottom + 18;
  const id = chartId('aspects', [input.title, input.description, ...series.map((s) => `${s.key}:${s.points.map((p) => `${p.at.getTime()}=${p.value}`).join(',')}`)], input.id);
  return {
    kind: 'multi-series',
    id,
    titleId: `${id}-title`,
    descId: `${id}-desc`,
    title: input.title,
    description: input.description,
    width,
    height: xLabelY + 6,
    plot,
    yTicks: ratingTicks(yDomain).map((value) => ({ y: round(y(value)), label: formatNumber(locale, value) })),
    xTicks: series.some((s) => s.points.length > 0) ? timeTicks(domain, x, width, locale) : [],
    xLabelY,
    gridBottom: plot.bottom + 4,
    series: drawn,
    directLabels: spreadLabels(wantedLabels, FONT.direct + 1, plot.top + 4, plot.bottom + 4),
    directLabelX: plot.right + MARGIN.labelGap,
    markers: markerLayout.drawn.map((m) => ({ ...m, tagY: m.tagY + MARGIN.top, textY: m.textY + MARGIN.top })),
    markerKey: markerLayout.key,
    emptyText: labelled.length > 0 ? null : t('charts.empty'),
    legendTitle: t('charts.legend.series'),
    tableSummary: t('charts.table.show'),
    tables: [seriesTable(input.title, series, locale), ...(markerLayout.table ? [markerLayout.table] : [])],
  };
}

/** One row per period found in any series, one column per series; a missing bucket reads "No ratings". */
function seriesTable(caption: string, series: readonly SeriesInput[], locale: Locale): ChartTable {
  const byTime = new Map<number, Date>();
  for (const s of series) for (const p of s.points) byTime.set(p.at.getTime(), p.at);
  const times = [...byTime.keys()].sort((a, b) => a - b);
  const values = series.map((s) => new Map(s.points.map((p) => [p.at.getTime(), p.value])));
  return {
    caption,
    columns: [{ key: 'period', label: translate(locale, 'charts.column.period'), numeric: false }, ...series.map((s) => ({ key: s.key, label: s.label, numeric: true }))],
    rows: times.map((time) => [dayCell(byTime.get(time)!, locale), ...values.map((v) => averageCell(v.get(time) ?? null, locale))]),
  };
}
