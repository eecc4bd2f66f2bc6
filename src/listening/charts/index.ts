/**
 * The Listening chart toolkit: pure functions from figures to view models, rendered by
 * views/partials/charts/*.ejs (`include('/partials/charts/time-series', { chart })`), with the
 * stylesheet /static/css/listening.css. Tables export as CSV and JSON.
 */
export { timeSeriesChart, type SeriesPoint, type TimeSeriesChart, type TimeSeriesInput } from './time-series-chart';
export { multiSeriesChart, type MultiSeriesChart, type MultiSeriesInput, type SeriesInput } from './multi-series-chart';
export { sparkline, sparklineName, type Sparkline, type SparklineInput } from './sparkline';
export type { TimelineMarker, MarkerKind } from './timeline-markers';
export type { ChartTable, TableCell, TableColumn } from './chart-table';
export { toCsv, toJson } from './table-export';
