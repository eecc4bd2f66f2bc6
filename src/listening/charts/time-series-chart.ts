/**
 * A course's rating over time as a view model for views/partials/charts/time-series.ejs: the average
 * of each bucket as a line with dots (broken where a bucket has no rating), the number of ratings
 * under each point as a bar (and as a figure when there is room), course versions and corrective
 * actions as numbered rules, and the same figures as a table.
 */
import type { Locale } from '../../context/launch-context';
import { formatNumber } from '../../i18n/format';
import { translate } from '../../i18n/translate';
import { CHART_WIDTH, FONT, isDrawable, type PlotArea, round, textWidth } from './chart-geometry';
import { chartId } from './chart-id';
import { averageCell, type ChartTable, countCell, dayCell } from './chart-table';
import { dotIndexes, linePath, type PlotPoint } from './line-path';
import { shapePath } from './point-shapes';
import { ratingSummary } from './rating-summary';
import { linearScale, ratingTicks, timeDomain, timeScale } from './scales';
import type { DatedChartFrame } from './chart-frame';
import { type DrawnMarker, layoutMarkers, type MarkerKeyItem, type TimelineMarker } from './timeline-markers';
import { timeTicks, type XTick } from './time-ticks';

export interface SeriesPoint {
  readonly at: Date;
  /** The bucket's average; null when nobody rated in it. */
  readonly value: number | null;
  readonly count: number;
}

export interface TimeSeriesInput {
  readonly title: string;
  /** What the chart is about; a summary of the figures is added after it (rating-summary.ts). */
  readonly description?: string;
  readonly points: readonly SeriesPoint[];
  readonly yDomain?: readonly [number, number];
  readonly markers?: readonly TimelineMarker[];
  readonly locale: Locale;
  /** Only to tell apart two charts saying exactly the same on one page. */
  readonly id?: string;
}

export type { YTick } from './chart-frame';

export interface CountBar {
  /** The point's x, where the figure is centred. */
  readonly centreX: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** The figure written above the bar, or null when the bars stand too close for figures. */
  readonly label: string | null;
}

export interface TimeSeriesChart extends DatedChartFrame {
  readonly kind: 'time-series';
  readonly line: string;
  readonly dots: readonly string[];
  readonly bars: readonly CountBar[];
  readonly countLabelY: number;
  readonly markerTop: number;
  readonly legend: readonly string[];
}

const MARGIN = { left: 24, right: 12, top: 8 } as const;
const PLOT_HEIGHT = 120;
/** The count band under the plot: a row of figures, then bars up to BAR_MAX high. */
const COUNT_BAND = { gap: 6, figures: 12, barMax: 14 } as const;
const DOT_RADIUS = 3.5;
/** Dots closer than this would merge into a thick line: only the line is drawn then. */
const DOT_SPACING = 14;

export function timeSeriesChart(input: TimeSeriesInput): TimeSeriesChart {
  const { locale } = input;
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const points = input.points.filter((p) => p.at instanceof Date && Number.isFinite(p.at.getTime())).slice().sort((a, b) => a.at.getTime() - b.at.getTime());
  const yDomain = input.yDomain ?? [1, 5];
  const width = CHART_WIDTH;
  const domain = timeDomain(points.map((p) => p.at));
  const plotX = { left: MARGIN.left, right: width - MARGIN.right };
  const x = timeScale(domain, [plotX.left, plotX.right]);

  const markerLayout = layoutMarkers(input.markers ?? [], domain, x, plotX, locale);
  const markerTop = MARGIN.top;
  const top = MARGIN.top + markerLayout.bandHeight + (markerLayout.bandHeight > 0 ? 4 : 0);
  const plot: PlotArea = { ...plotX, top, bottom: top + PLOT_HEIGHT };
  const y = linearScale([yDomain[0], yDomain[1]], [plot.bottom, plot.top]);

  const plotted: PlotPoint[] = points.map((p) => ({ x: x(p.at), y: isDrawable(p.value) ? y(p.value) : null }));
  const bars = countBars(points, plotted, plot.bottom + COUNT_BAND.gap, locale);
  const countLabelY = plot.bottom + COUNT_BAND.gap + COUNT_BAND.figures - 2;
  const bandBottom = plot.bottom + COUNT_BAND.gap + COUNT_BAND.figures + COUNT_BAND.barMax;
  const xLabelY = bandBottom + 15;
  const description = [input.description ?? '', ratingSummary(points, locale)].filter((part) => part !== '').join(' ');
  const id = chartId('rating', [input.title, description, ...points.map((p) => `${p.at.getTime()}:${p.value}:${p.count}`)], input.id);

  return {
    kind: 'time-series',
    id,
    titleId: `${id}-title`,
    descId: `${id}-desc`,
    title: input.title,
    description,
    width,
    height: xLabelY + 6,
    plot,
    yTicks: ratingTicks(yDomain).map((value) => ({ y: round(y(value)), label: formatNumber(locale, value) })),
    xTicks: points.length > 0 ? timeTicks(domain, x, width, locale) : [],
    gridBottom: bandBottom + 3,
    xLabelY,
    line: linePath(plotted),
    dots: dotIndexes(plotted, DOT_SPACING).map((i) => shapePath('circle', plotted[i].x, plotted[i].y!, DOT_RADIUS)),
    bars,
    countLabelY,
    markers: markerLayout.drawn.map((m) => ({ ...m, tagY: m.tagY + markerTop, textY: m.textY + markerTop })),
    markerTop,
    markerKey: markerLayout.key,
    emptyText: plotted.some((p) => p.y !== null) ? null : t('charts.empty'),
    legend: [t('charts.legend.line'), t(bars.some((bar) => bar.label !== null) ? 'charts.legend.barsAndFigures' : 'charts.legend.bars')],
    tableSummary: t('charts.table.show'),
    tables: [ratingTable(input.title, points, locale), ...(markerLayout.table ? [markerLayout.table] : [])],
  };
}

/** Bars as high as each bucket's share of the busiest one; figures only where they fit side by side. */
function countBars(points: readonly SeriesPoint[], plotted: readonly PlotPoint[], bandTop: number, locale: Locale): CountBar[] {
  const counts = points.map((p) => (Number.isFinite(p.count) && p.count > 0 ? Math.round(p.count) : 0));
  const most = Math.max(1, ...counts);
  const spacing = plotted.length > 1 ? (plotted[plotted.length - 1].x - plotted[0].x) / (plotted.length - 1) : CHART_WIDTH;
  const labels = counts.map((count) => formatNumber(locale, count));
  const widest = Math.max(0, ...labels.map((label) => textWidth(label, FONT.count)));
  const withFigures = spacing >= widest + 4;
  const barWidth = Math.max(1, Math.min(12, spacing * 0.6));
  const baseline = bandTop + COUNT_BAND.figures + COUNT_BAND.barMax;
  return plotted.map((point, i) => {
    // A bucket with ratings keeps a visible sliver, so "few" never looks like "none".
    const height = counts[i] === 0 ? 0 : Math.max(1.5, (counts[i] / most) * COUNT_BAND.barMax);
    return { centreX: round(point.x), x: round(point.x - barWidth / 2), y: round(baseline - height), width: round(barWidth), height: round(height), label: withFigures ? labels[i] : null };
  });
}

function ratingTable(caption: string, points: readonly SeriesPoint[], locale: Locale): ChartTable {
  return {
    caption,
    columns: [
      { key: 'period', label: translate(locale, 'charts.column.period'), numeric: false },
      { key: 'average', label: translate(locale, 'charts.column.average'), numeric: true },
      { key: 'ratings', label: translate(locale, 'charts.column.ratings'), numeric: true },
    ],
    rows: points.map((p) => [dayCell(p.at, locale), averageCell(isDrawable(p.value) ? p.value : null, locale), countCell(p.count, locale)]),
  };
}
