/**
 * What every dated chart shows around its lines (time-series and multi-series): the ids that name it
 * for assistive technologies, the plot area and its axes, the markers, and the data tables.
 */
import type { PlotArea } from './chart-geometry';
import type { ChartTable } from './chart-table';
import type { DrawnMarker, MarkerKeyItem } from './timeline-markers';
import type { XTick } from './time-ticks';

export interface YTick {
  readonly y: number;
  readonly label: string;
}

export interface DatedChartFrame {
  readonly id: string;
  readonly titleId: string;
  readonly descId: string;
  readonly title: string;
  readonly description: string;
  readonly width: number;
  readonly height: number;
  readonly plot: PlotArea;
  readonly yTicks: readonly YTick[];
  readonly xTicks: readonly XTick[];
  readonly xLabelY: number;
  /** Where the vertical grid lines under the date labels stop. */
  readonly gridBottom: number;
  readonly markers: readonly DrawnMarker[];
  readonly markerKey: readonly MarkerKeyItem[];
  /** Shown in the plot when no bucket has a figure. */
  readonly emptyText: string | null;
  readonly tableSummary: string;
  readonly tables: readonly ChartTable[];
}
