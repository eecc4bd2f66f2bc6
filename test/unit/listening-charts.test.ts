import { multiSeriesChart, sparkline, sparklineName, timeSeriesChart, toCsv, toJson, type SeriesPoint } from '../../src/listening/charts';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 5);
const weeks = (values: Array<number | null>): SeriesPoint[] => values.map((value, i) => ({ at: new Date(START + i * 7 * DAY), value, count: value === null ? 0 : 3 }));
const base = { title: 'Average rating by week', description: 'Weekly average', locale: 'en' as const };

describe('timeSeriesChart', () => {
  it('draws one subpath per run of rated weeks and writes "No ratings" in the table for the gaps', () => {
    const chart = timeSeriesChart({ ...base, points: weeks([4, 4.5, null, 3, 3.5, null, null, 5]) });
    expect(chart.line.match(/M/g)).toHaveLength(2);
    expect(chart.tables[0].rows.map((row) => row[1].text)).toEqual(['4.0', '4.5', 'No ratings', '3.0', '3.5', 'No ratings', 'No ratings', '5.0']);
    expect(chart.tables[0].rows[2][1].value).toBeNull();
    expect(chart.dots.length).toBeGreaterThanOrEqual(1); // the lone last week keeps its dot
    expect(chart.emptyText).toBeNull();
  });

  it('adds a summary of the figures after the description, in the page language', () => {
    const en = timeSeriesChart({ ...base, points: weeks([4, 4.5, null, 3]) });
    expect(en.description).toBe('Weekly average From 5 Jan 2026 to 26 Jan 2026: lowest 3.0, highest 4.5, latest 3.0. 9 ratings in all. 1 period without ratings.');
    const fr = timeSeriesChart({ ...base, description: undefined, locale: 'fr', points: weeks([4.25]) });
    expect(fr.description).toBe('Du 5 janv. 2026 au 5 janv. 2026\u202f: au plus bas 4,3, au plus haut 4,3, en dernier 4,3. 3 notes en tout.');
  });

  it('draws an empty chart for no points at all: no date, no line, the empty text, the same every time', () => {
    const chart = timeSeriesChart({ ...base, points: [] });
    expect(chart.xTicks).toEqual([]);
    expect(chart.line).toBe('');
    expect(chart.emptyText).toBe('No ratings in this period yet');
    expect(chart.tables[0].rows).toEqual([]);
    expect(timeSeriesChart({ ...base, points: [] })).toEqual(chart);
  });

  it('shows a single rated week as a dot in the middle, with its date labelled', () => {
    const chart = timeSeriesChart({ ...base, points: weeks([4.2]) });
    expect(chart.line).toBe('');
    expect(chart.dots).toHaveLength(1);
    const centre = (chart.plot.left + chart.plot.right) / 2;
    expect(chart.bars[0].centreX).toBeCloseTo(centre, 0);
    expect(chart.xTicks.length).toBeGreaterThanOrEqual(1);
  });

  it('says "No ratings in this period yet" when no week has a rating, and still draws the axes', () => {
    const chart = timeSeriesChart({ ...base, points: weeks([null, null, null]) });
    expect(chart.line).toBe('');
    expect(chart.dots).toEqual([]);
    expect(chart.emptyText).toBe('No ratings in this period yet');
    expect(chart.yTicks.map((t) => t.label)).toEqual(['1', '2', '3', '4', '5']);
    expect(chart.bars.every((bar) => bar.height === 0)).toBe(true);
  });

  it('handles 1,000 daily points: one line, no crowd of dots or figures, few date labels, in well under a second', () => {
    const points = Array.from({ length: 1000 }, (_, i) => ({ at: new Date(START + i * DAY), value: 3 + Math.sin(i / 20), count: 1 + (i % 9) }));
    const started = performance.now();
    const chart = timeSeriesChart({ ...base, points });
    expect(performance.now() - started).toBeLessThan(500);
    expect(chart.line.match(/M/g)).toHaveLength(1);
    expect(chart.dots).toEqual([]);
    expect(chart.bars.every((bar) => bar.label === null)).toBe(true);
    expect(chart.xTicks.length).toBeGreaterThanOrEqual(2);
    expect(chart.xTicks.length).toBeLessThanOrEqual(6);
    expect(chart.tables[0].rows).toHaveLength(1000);
  });

  it('writes the number of ratings under each point when there is room, and a bar as high as its share', () => {
    const chart = timeSeriesChart({ ...base, points: [{ at: new Date(START), value: 4, count: 10 }, { at: new Date(START + 30 * DAY), value: 3, count: 5 }, { at: new Date(START + 60 * DAY), value: null, count: 0 }] });
    expect(chart.bars.map((bar) => bar.label)).toEqual(['10', '5', '0']);
    expect(chart.bars[0].height).toBeCloseTo(2 * chart.bars[1].height, 5);
    expect(chart.bars[2].height).toBe(0);
  });

  it('keeps values outside 1–5 inside the plot', () => {
    const chart = timeSeriesChart({ ...base, points: weeks([0, 9, Number.NaN, 4]) });
    const ys = [...chart.line.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => Number(m[1]));
    for (const y of ys) {
      expect(y).toBeGreaterThanOrEqual(chart.plot.top);
      expect(y).toBeLessThanOrEqual(chart.plot.bottom);
    }
    expect(chart.tables[0].rows[2][1].text).toBe('No ratings');
  });

  it('numbers the markers inside the period, keeps those outside it in the key and the table only', () => {
    const chart = timeSeriesChart({
      ...base,
      points: weeks([4, 4, 4, 4, 4, 4]),
      markers: [
        { at: new Date(Date.UTC(2025, 5, 1)), label: 'Old session', kind: 'version' },
        { at: new Date(START + 14 * DAY), label: 'More exercises', kind: 'action' },
        { at: new Date(START + 15 * DAY), label: 'Spring session', kind: 'version' },
        { at: new Date(Date.UTC(2027, 0, 1)), label: 'Next year', kind: 'action' },
      ],
    });
    expect(chart.markers.map((m) => m.number)).toEqual([1, 2]);
    expect(chart.markerKey.map((k) => k.number)).toEqual([null, 1, 2, null]);
    expect(chart.markerKey[0].text).toBe('Course version, 1 Jun 2025: Old session (outside the period shown)');
    // Two tags a day apart would touch: the second goes to the next row.
    expect(chart.markers[1].tagY).toBeGreaterThan(chart.markers[0].tagY);
    for (const m of chart.markers) expect(m.x).toBeGreaterThanOrEqual(chart.plot.left);
    expect(chart.tables[1].rows).toHaveLength(4);
  });

  it('writes figures and dates in French with a decimal comma', () => {
    const chart = timeSeriesChart({ ...base, locale: 'fr', points: weeks([4.25, 3.5]) });
    expect(chart.tables[0].rows[0].map((c) => c.text)).toEqual(['5 janv. 2026', '4,3', '3']);
    expect(chart.tables[0].columns.map((c) => c.label)).toEqual(['Période', 'Note moyenne', 'Nombre de notes']);
  });

  it('gives two different charts different ids, and refuses an id that is not a plain name', () => {
    const a = timeSeriesChart({ ...base, points: weeks([4]) });
    const b = timeSeriesChart({ ...base, title: 'Another', points: weeks([4]) });
    expect(a.titleId).not.toBe(b.titleId);
    expect(timeSeriesChart({ ...base, points: weeks([4]), id: 'course-12' }).descId).toBe('course-12-desc');
    expect(() => timeSeriesChart({ ...base, points: weeks([4]), id: '"><script>' })).toThrow(RangeError);
  });
});

describe('multiSeriesChart', () => {
  const months = Array.from({ length: 6 }, (_, i) => new Date(Date.UTC(2026, i, 1)));
  const series = [
    { key: 'content', label: 'Content', points: months.map((at, i) => ({ at, value: 4 + i * 0.1 })) },
    { key: 'trainer', label: 'Trainer', points: months.map((at, i) => ({ at, value: 4.02 + i * 0.1 })) },
    { key: 'usefulness', label: 'Usefulness at work for the whole team', points: months.map((at, i) => ({ at, value: i === 5 ? null : 2 })) },
  ];

  it('gives each aspect its own dash pattern and point shape, not just a colour', () => {
    const chart = multiSeriesChart({ title: 'Aspects', description: 'By month', series, locale: 'en' });
    expect(new Set(chart.series.map((s) => s.dash)).size).toBe(3);
    expect(new Set(chart.series.map((s) => s.shape)).size).toBe(3);
    expect(chart.series.every((s) => s.line.startsWith('M'))).toBe(true);
  });

  it('refuses two series under one key (they would share a JSON field)', () => {
    expect(() => multiSeriesChart({ title: 'Aspects', description: 'By month', series: [series[0], { ...series[1], key: 'content' }], locale: 'en' })).toThrow(RangeError);
  });

  it('writes each name at the end of its line without two names overlapping, shortening long ones', () => {
    const chart = multiSeriesChart({ title: 'Aspects', description: 'By month', series, locale: 'en' });
    const ys = chart.directLabels.map((l) => l.y).sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++) expect(ys[i] - ys[i - 1]).toBeGreaterThanOrEqual(11.9);
    expect(chart.directLabels.find((l) => l.series === 2)!.text).toMatch(/…$/);
    expect(chart.tables[0].columns.map((c) => c.key)).toEqual(['period', 'content', 'trainer', 'usefulness']);
    expect(chart.tables[0].rows[5][3].text).toBe('No ratings');
  });
});

describe('sparkline', () => {
  it('is named by its trend, with a decimal comma in French', () => {
    expect(sparklineName([3.8, 4.0, 4.2], 90, 'fr')).toBe('Note moyenne en hausse de 3,8 à 4,2 sur 90 jours');
    expect(sparklineName([3.8, 4.0, 4.2], 90, 'en')).toBe('Average rating rising from 3.8 to 4.2 over 90 days');
    expect(sparklineName([4.5, 3.9], 30, 'en')).toBe('Average rating falling from 4.5 to 3.9 over 30 days');
    expect(sparklineName([4.21, 4.24], 30, 'en')).toBe('Average rating steady at 4.2 over 30 days');
    expect(sparklineName([4.2], 1, 'fr')).toBe('Note moyenne de 4,2 sur 1 jour');
    expect(sparklineName([], 90, 'en')).toBe('No ratings over 90 days');
  });

  it('draws the line with gaps and marks the latest value', () => {
    const at = (i: number) => new Date(START + i * 7 * DAY);
    const chart = sparkline({ points: [{ at: at(0), value: 3 }, { at: at(1), value: null }, { at: at(2), value: 4 }, { at: at(3), value: 4.5 }], locale: 'en' });
    expect(chart.line.match(/M/g)).toHaveLength(1);
    expect(chart.end).not.toBeNull();
    expect(chart.name).toBe('Average rating rising from 3.0 to 4.5 over 21 days');
    expect(sparkline({ points: [{ at: at(0), value: null }], locale: 'en' }).end).toBeNull();
  });
});

describe('table export', () => {
  const chart = timeSeriesChart({
    ...base,
    points: weeks([4.25, null]),
    markers: [{ at: new Date(START), label: '=HYPERLINK("http://x")', kind: 'action' }],
  });

  it('writes CSV through the project writer: BOM, CRLF, raw numbers, empty cells for no rating, formulas neutralised', () => {
    expect(toCsv(chart.tables[0])).toBe('\uFEFFPeriod,Average rating,Ratings\r\n2026-01-05,4.25,3\r\n2026-01-12,,0\r\n');
    expect(toCsv(chart.tables[1])).toContain(`2026-01-05,action,"'=HYPERLINK(""http://x"")"`);
  });

  it('writes JSON with stable keys whatever the language', () => {
    const fr = timeSeriesChart({ ...base, locale: 'fr', points: weeks([4.25, null]) });
    expect(JSON.parse(toJson(fr.tables[0]))).toEqual({
      caption: 'Average rating by week',
      columns: [{ key: 'period', label: 'Période' }, { key: 'average', label: 'Note moyenne' }, { key: 'ratings', label: 'Nombre de notes' }],
      rows: [{ period: '2026-01-05', average: 4.25, ratings: 3 }, { period: '2026-01-12', average: null, ratings: 0 }],
    });
  });
});
