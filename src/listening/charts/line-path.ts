/**
 * The line of a series as SVG path data: one subpath per run of points with a value, so a bucket
 * without ratings breaks the line instead of drawing a slope through nothing.
 */
import { round } from './chart-geometry';

export interface PlotPoint {
  readonly x: number;
  /** null where the bucket had no value: a gap. */
  readonly y: number | null;
}

/** "M10 20L30 40M70 10L90 30": each run of two or more drawable points becomes one subpath. */
export function linePath(points: readonly PlotPoint[]): string {
  let path = '';
  let run: string[] = [];
  const flush = () => {
    if (run.length >= 2) path += 'M' + run.join('L');
    run = [];
  };
  for (const point of points) {
    if (point.y === null) flush();
    else run.push(`${round(point.x)} ${round(point.y)}`);
  }
  flush();
  return path;
}

/** Indexes of points with a value and no neighbour with one: only a dot can show them. */
export function isolatedPoints(points: readonly PlotPoint[]): Set<number> {
  const isolated = new Set<number>();
  points.forEach((point, i) => {
    if (point.y === null) return;
    const before = i > 0 && points[i - 1].y !== null;
    const after = i < points.length - 1 && points[i + 1].y !== null;
    if (!before && !after) isolated.add(i);
  });
  return isolated;
}

/** Which dots to draw: all of them when they stand apart, otherwise only those the line cannot show. */
export function dotIndexes(points: readonly PlotPoint[], minSpacing: number): number[] {
  const spacing = points.length > 1 ? Math.abs(points[points.length - 1].x - points[0].x) / (points.length - 1) : Infinity;
  const isolated = isolatedPoints(points);
  return points.flatMap((point, i) => (point.y !== null && (spacing >= minSpacing || isolated.has(i)) ? [i] : []));
}
