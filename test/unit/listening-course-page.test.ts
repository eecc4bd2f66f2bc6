/**
 * The per-course Listening page's model and its parts: timeline buckets (weeks from Monday, calendar
 * months, from the first rated bucket), ratings and aspects per bucket, markers, URL parameters, the
 * voices cache (kept per course generation, rebuilt on a write or after its age), and the page model
 * on a real SQLite store: figures, tables, topic links, bounded texts.
 */
import type { ContextKey } from '../../src/context/tenant';
import { translator } from '../../src/i18n/translate';
import { aspectSeries, bucketsOf, ratingPoints, timelineWindow } from '../../src/listening/course/course-timeline';
import { readCourseTexts } from '../../src/listening/course/course-texts';
import type { CourseVoices } from '../../src/listening/course/course-voices';
import { VoicesCache } from '../../src/listening/course/voices-cache';
import { loadCoursePage, timelineMarkers } from '../../src/panels/listening/course-page';
import { parseBucket, parseContextId, parseExport, parseTopicKey } from '../../src/panels/listening/course-params';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';
import type { Storage } from '../../src/storage/port';
import type { RatingDay } from '../../src/storage/ports/rating-days';
import type { Rating } from '../../src/storage/ports/reviews';

const NOW = new Date(Date.UTC(2026, 11, 7, 14, 0)); // a Monday
const DAY = 86_400_000;
const COURSE: ContextKey = { issuer: 'https://lms.example', clientId: 'client', deploymentId: 'dep', contextId: 'c1' };
const day = (key: number): RatingDay => ({ course: COURSE, day: key, stats: { count: 0, sum: 0, histogram: [0, 0, 0, 0, 0] } });
const rated = (key: number, ratings: number[]): RatingDay => ({ ...day(key), stats: { count: ratings.length, sum: ratings.reduce((a, b) => a + b, 0), histogram: [0, 0, 0, 0, 0] } });
const iso = (at: Date) => at.toISOString().slice(0, 10);

describe('timeline buckets', () => {
  it('by month: the 12 calendar months up to this one, oldest first', () => {
    const buckets = bucketsOf(NOW, 'month');
    expect(buckets.map((b) => iso(b.start))).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01', '2026-12-01']);
    expect(iso(buckets[11].end)).toBe('2027-01-01');
    expect(timelineWindow(NOW, 'month')).toMatchObject({ fromDay: 20260101, toDay: 20261207 });
  });

  it('by week: 53 weeks starting on Monday, this one last', () => {
    const buckets = bucketsOf(new Date(Date.UTC(2026, 11, 10)), 'week'); // a Thursday
    expect(buckets).toHaveLength(53);
    expect(iso(buckets[52].start)).toBe('2026-12-07');
    expect(iso(buckets[0].start)).toBe('2025-12-08');
    for (const b of buckets) expect(b.start.getUTCDay()).toBe(1);
  });

  it('starts at the first rated bucket when the course is younger than the window', () => {
    expect(bucketsOf(NOW, 'month', 20260915).map((b) => iso(b.start))).toEqual(['2026-09-01', '2026-10-01', '2026-11-01', '2026-12-01']);
    expect(bucketsOf(NOW, 'week', 20261203).map((b) => iso(b.start))).toEqual(['2026-11-30', '2026-12-07']);
    // A first rating before the window keeps the whole window.
    expect(bucketsOf(NOW, 'month', 20250101)).toHaveLength(12);
  });

  it('sums each bucket’s days into its average and number of ratings; a bucket nobody rated in is null', () => {
    const buckets = bucketsOf(NOW, 'month', 20261001);
    const points = ratingPoints([rated(20261001, [5, 4]), rated(20261031, [1]), rated(20261207, [3]), rated(20250101, [1])], buckets);
    expect(points.map((p) => [iso(p.at), p.value, p.count])).toEqual([
      ['2026-10-01', 10 / 3, 3],
      ['2026-11-01', null, 0],
      ['2026-12-01', 3, 1],
    ]);
  });

  it('keeps an aspect series only when a review rated it, in the order asked', () => {
    const buckets = bucketsOf(NOW, 'month', 20261101);
    const series = aspectSeries(
      [
        { at: new Date(Date.UTC(2026, 10, 3)), aspects: { trainer: 4, content: 2 } },
        { at: new Date(Date.UTC(2026, 10, 20)), aspects: { trainer: 5 } },
        { at: new Date(Date.UTC(2026, 11, 1)), aspects: { content: 4 } },
        { at: new Date(Date.UTC(2024, 0, 1)), aspects: { workload: 1 } },
      ],
      buckets,
      ['content', 'trainer', 'workload'],
    );
    expect(series.map((s) => [s.aspect, s.points.map((p) => p.value)])).toEqual([
      ['content', [2, 4]],
      ['trainer', [4.5, null]],
    ]);
  });
});

describe('markers', () => {
  const t = translator('en');
  const by = { id: 't', name: 'T' };
  it('puts versions at their start, done actions at their version’s start, other actions at the day they were planned', () => {
    const versions = [{ id: 'v1', course: COURSE, label: 'Spring', startsOn: '2026-03-02', createdAt: NOW, createdBy: by }];
    const action = (status: 'planned' | 'done', doneInVersion?: string) => ({
      id: status, course: COURSE, description: `Act ${status}`, status, reviewIds: ['r'], createdBy: by, createdAt: new Date(Date.UTC(2026, 1, 1)), updatedAt: new Date(Date.UTC(2026, 4, 1)), ...(doneInVersion ? { doneInVersion } : {}),
    });
    const markers = timelineMarkers(versions, [action('done', 'v1'), action('planned'), action('done', 'initial')], t);
    expect(markers.map((m) => [iso(m.at), m.kind, m.label])).toEqual([
      ['2026-03-02', 'version', 'Spring'],
      ['2026-03-02', 'action', 'Act done (Done)'],
      ['2026-02-01', 'action', 'Act planned (Planned)'],
      ['2026-05-01', 'action', 'Act done (Done)'],
    ]);
  });
});

describe('URL parameters', () => {
  it('accepts the context ids platforms send and refuses others with a sentence in the page’s language', () => {
    for (const id of ['2', '4dde05e8ca1973bcca9bffc13e1548820eee93a3', 'course-v1:Org+CS101+2026_T1']) expect(parseContextId(id, 'en')).toBe(id);
    for (const id of ['', 'a'.repeat(256), '<b>', 'a/b', 'a b', '21\u0000', 'é', ['2'], undefined]) {
      expect(() => parseContextId(id, 'fr')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', params: { problem: expect.stringContaining('n’est pas valide') } }));
    }
  });

  it('reads the bucket, month by default', () => {
    expect(parseBucket({}, 'en')).toBe('month');
    expect(parseBucket({ by: 'week' }, 'en')).toBe('week');
    for (const by of ['year', ['week'], { a: 'week' }, 'WEEK']) expect(() => parseBucket({ by }, 'en')).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('reads an export only with both a known format and one of the page’s tables', () => {
    expect(parseExport({}, ['ratings'], 'en')).toBeNull();
    expect(parseExport({ format: 'csv', table: 'ratings' }, ['ratings'], 'en')).toEqual({ format: 'csv', table: 'ratings' });
    expect(() => parseExport({ format: 'csv', table: 'aspects' }, ['ratings', 'topics'], 'en')).toThrow(expect.objectContaining({ params: { problem: 'This page has no table of that name. Its tables are: ratings, topics.' } }));
    for (const query of [{ format: 'xml', table: 'ratings' }, { table: 'ratings' }, { format: ['csv'], table: 'ratings' }, { format: 'csv', table: ['ratings'] }]) {
      expect(() => parseExport(query, ['ratings'], 'en')).toThrow(expect.objectContaining({ status: 400 }));
    }
  });

  it('reads topic keys of one or two stems', () => {
    expect(parseTopicKey('pace', 'en')).toBe('pace');
    expect(parseTopicKey('avail trainer', 'en')).toBe('avail trainer');
    for (const key of ['', 'a b c', 'Pace', '<b>', 'x'.repeat(41), ' pace', 'pace ']) expect(() => parseTopicKey(key, 'en')).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe('the voices cache', () => {
  it('keeps a course’s value for its generation, rebuilds it on a new generation or after its age, and shares one computation', async () => {
    const cache = new VoicesCache<number>({ maxAgeMs: 1000 });
    let computed = 0;
    const compute = async () => ++computed;
    const [a, b] = await Promise.all([cache.get(COURSE, 'en', 1, 0, compute), cache.get(COURSE, 'en', 1, 10, compute)]);
    expect([a, b, computed]).toEqual([1, 1, 1]);
    expect(await cache.get(COURSE, 'fr', 1, 20, compute)).toBe(2);
    expect(await cache.get(COURSE, 'en', 2, 30, compute)).toBe(3);
    expect(await cache.get(COURSE, 'en', 2, 500, compute)).toBe(3);
    expect(await cache.get(COURSE, 'en', 2, 1030, compute)).toBe(4);
  });

  it('forgets a failed computation and the least recently viewed course beyond its size', async () => {
    const cache = new VoicesCache<string>({ maxCourses: 2 });
    await expect(cache.get(COURSE, 'en', 1, 0, () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    expect(await cache.get(COURSE, 'en', 1, 1, async () => 'ok')).toBe('ok');
    const other = (id: string) => ({ ...COURSE, contextId: id });
    await cache.get(other('b'), 'en', 1, 2, async () => 'b');
    await cache.get(COURSE, 'en', 1, 3, async () => 'again'); // viewed: now the most recent
    await cache.get(other('c'), 'en', 1, 4, async () => 'c');
    expect(cache.size).toBe(2);
    expect(await cache.get(COURSE, 'en', 1, 5, async () => 'recomputed')).toBe('ok');
    expect(await cache.get(other('b'), 'en', 1, 6, async () => 'b again')).toBe('b again');
  });
});

describe('the page model on a SQLite store', () => {
  let storage: Storage;
  const item = { ...COURSE, itemId: 'course' };
  const save = (n: number, rating: Rating, daysAgo: number, liked: string, improve = '') =>
    storage.reviews.saveReview({ item, author: { id: `a${n}`, name: `Author ${n}` }, rating, aspects: {}, title: '', liked, improve, status: 'published', holdReasons: [], verified: true }, new Date(NOW.getTime() - daysAgo * DAY));

  beforeAll(async () => {
    storage = openSqliteStorage({ file: ':memory:' });
    await storage.catalogue.recordCourse(COURSE, { title: 'Excel' }, 'badge-token-0123456789', NOW);
    await save(1, 5, 1, 'The exercises were excellent.');
    await save(2, 1, 2, 'The exercises were confusing.', 'The pace was too fast.');
    await save(3, 4, 45, 'Good pace.');
  });
  afterAll(async () => storage.close());

  const deps = (voices = new VoicesCache<CourseVoices>()) => ({ storage, now: () => NOW, voices });
  const input = async (by: 'week' | 'month' = 'month') => ({ course: (await storage.catalogue.findCourse(COURSE))!, by, locale: 'en' as const, pageUrl: '/s/S/listening/courses/c1' });

  it('builds the rating line, the switch between week and month, the tables and the topic links', async () => {
    const page = await loadCoursePage(deps(), await input());
    expect(page.byLinks).toEqual([
      { href: '/s/S/listening/courses/c1?by=month', label: 'Month', current: true },
      { href: '/s/S/listening/courses/c1?by=week', label: 'Week', current: false },
    ]);
    expect(page.rating.tables[0].rows.map((row) => row.map((cell) => cell.value))).toEqual([
      ['2026-10-01', 4, 1],
      ['2026-11-01', null, 0],
      ['2026-12-01', 3, 2],
    ]);
    expect([...page.tables.keys()]).toEqual(['ratings', 'actions', 'sentiment', 'topics']);
    expect(page.aspects).toBeNull();
    expect(page.voices.topics.map((topic) => [topic.label, topic.count, topic.href, topic.negative, topic.positive])).toEqual([
      ['exercises', 2, '/s/S/listening/courses/c1/topics/exercis', '50%', '50%'],
      ['pace', 2, '/s/S/listening/courses/c1/topics/pace', '50%', '50%'],
    ]);
    expect(page.ratingExports).toEqual([{ label: 'Download “Average rating by month”:', csv: '/s/S/listening/courses/c1?by=month&format=csv&table=ratings', json: '/s/S/listening/courses/c1?by=month&format=json&table=ratings' }]);
  });

  it('reads and scores the texts once per course generation: a new review makes the next view read them again', async () => {
    const cache = new VoicesCache<CourseVoices>();
    const reads = jest.spyOn(storage.reviews, 'allReviews');
    await loadCoursePage(deps(cache), await input());
    await loadCoursePage(deps(cache), await input('week'));
    expect(reads).toHaveBeenCalledTimes(1);
    await save(4, 2, 0, 'The exercises were far too long.');
    const page = await loadCoursePage(deps(cache), await input());
    expect(reads).toHaveBeenCalledTimes(2);
    expect(page.voices.topics[0]).toMatchObject({ label: 'exercises', count: 3 });
    reads.mockRestore();
  });

  it('reads at most the newest `limit` texts and says older ones were left out', async () => {
    const read = await readCourseTexts(storage, COURSE, 2);
    expect(read.truncated).toBe(true);
    expect(read.texts.map((text) => text.excerpt.lines[0])).toEqual(['The exercises were far too long.', 'The exercises were excellent.']);
  });
});
