import { textWidth } from '../../src/listening/charts/chart-geometry';
import { dotIndexes, linePath } from '../../src/listening/charts/line-path';
import { linearScale, ratingTicks, timeDomain, timeScale } from '../../src/listening/charts/scales';
import { timeTicks } from '../../src/listening/charts/time-ticks';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('scales', () => {
  it('maps a rating of 1 to the bottom of the plot and 5 to the top, and clamps what lies outside', () => {
    const y = linearScale([1, 5], [150, 30]);
    expect(y(1)).toBe(150);
    expect(y(5)).toBe(30);
    expect(y(3)).toBe(90);
    expect(y(0)).toBe(150);
    expect(y(9)).toBe(30);
  });

  it('puts every value in the middle of a flat domain instead of dividing by zero', () => {
    expect(linearScale([4, 4], [0, 100])(4)).toBe(50);
  });

  it('widens the time domain by half the usual gap, and by a day each side around a single point', () => {
    const [from, to] = timeDomain([day('2026-01-05'), day('2026-01-12'), day('2026-01-19')]);
    expect(from.toISOString()).toBe('2026-01-01T12:00:00.000Z');
    expect(to.toISOString()).toBe('2026-01-22T12:00:00.000Z');
    const [only0, only1] = timeDomain([day('2026-03-01')]);
    const x = timeScale([only0, only1], [0, 100]);
    expect(x(day('2026-03-01'))).toBe(50);
  });

  it('ticks a rating axis at each whole star', () => {
    expect(ratingTicks([1, 5])).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('line paths', () => {
  it('breaks the line where a bucket has no rating, and draws no subpath for a lone point', () => {
    const path = linePath([{ x: 0, y: 10 }, { x: 10, y: 20 }, { x: 20, y: null }, { x: 30, y: 5 }, { x: 40, y: null }, { x: 50, y: 1 }, { x: 60, y: 2 }]);
    expect(path).toBe('M0 10L10 20M50 1L60 2');
  });

  it('draws nothing for a series with no rating at all', () => {
    expect(linePath([{ x: 0, y: null }, { x: 10, y: null }])).toBe('');
    expect(linePath([])).toBe('');
  });

  it('keeps a dot for a point with no neighbour even when the points stand too close for dots', () => {
    const points = [{ x: 0, y: 1 }, { x: 2, y: 2 }, { x: 4, y: null }, { x: 6, y: 3 }, { x: 8, y: null }];
    expect(dotIndexes(points, 14)).toEqual([3]);
    expect(dotIndexes(points, 1)).toEqual([0, 1, 3]);
  });

  it('writes 1,000 points as one path quickly', () => {
    const points = Array.from({ length: 1000 }, (_, i) => ({ x: i * 0.3, y: i % 100 === 99 ? null : 50 + Math.sin(i) * 10 }));
    const started = performance.now();
    const path = linePath(points);
    expect(performance.now() - started).toBeLessThan(50);
    expect(path.match(/M/g)).toHaveLength(10);
  });
});

describe('date ticks', () => {
  const overlaps = (ticks: ReturnType<typeof timeTicks>) => {
    const boxes = ticks.map((t) => {
      const w = textWidth(t.label, 12);
      const left = t.anchor === 'start' ? t.x : t.anchor === 'end' ? t.x - w : t.x - w / 2;
      return [left, left + w];
    });
    return boxes.some((box, i) => i > 0 && box[0] < boxes[i - 1][1]);
  };

  it('labels a year of months in the page language, writing the year once and again when it changes', () => {
    const domain: [Date, Date] = [day('2025-10-15'), day('2026-09-15')];
    const x = timeScale(domain, [24, 268]);
    const en = timeTicks(domain, x, 280, 'en').map((t) => t.label);
    const fr = timeTicks(domain, x, 280, 'fr').map((t) => t.label);
    expect(en[0]).toMatch(/ 20\d\d$/);
    expect(en).toContain('Jan 2026');
    expect(fr).toContain('janv. 2026');
    expect(en.length).toBeGreaterThanOrEqual(3);
  });

  it('never lets two labels overlap inside the 280-unit chart, from a week to thirty years', () => {
    for (const days of [1, 7, 30, 90, 365, 3 * 365, 1000, 30 * 365]) {
      for (const locale of ['en', 'fr'] as const) {
        const domain: [Date, Date] = [day('2024-12-20'), new Date(day('2024-12-20').getTime() + days * 86_400_000)];
        const ticks = timeTicks(domain, timeScale(domain, [24, 268]), 280, locale);
        expect(ticks.length).toBeGreaterThanOrEqual(1);
        expect(overlaps(ticks)).toBe(false);
        for (const t of ticks) expect(t.x).toBeGreaterThanOrEqual(24);
      }
    }
  });

  it('labels days in French with the month abbreviated as French writes it', () => {
    const domain: [Date, Date] = [day('2026-02-01'), day('2026-02-28')];
    const labels = timeTicks(domain, timeScale(domain, [24, 268]), 280, 'fr').map((t) => t.label);
    expect(labels.some((l) => /^\d{1,2} févr\.$/.test(l))).toBe(true);
  });
});
