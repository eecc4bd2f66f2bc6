/**
 * Cross-course trends of the listening view: periods counted by UTC day back from today, changes
 * between periods, the confidence-adjusted ranking, and the whole path from review writes through
 * the SQLite store's daily buckets.
 */
import type { ContextKey } from '../../src/context/tenant';
import { overviewRanges } from '../../src/listening/course-overview';
import { courseTrends, trendWindow } from '../../src/listening/course-trends';
import { dayOf } from '../../src/storage/shared/review-summary';
import type { RatingDay } from '../../src/storage/ports/rating-days';
import type { Rating, ReviewWrite } from '../../src/storage/ports/reviews';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';

const NOW = new Date('2031-06-30T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const course = (contextId: string): ContextKey => ({ issuer: 'https://lms.example', clientId: 'c', deploymentId: 'd', contextId });
/** A day key `daysAgo` days before NOW, written out by hand for the first cases. */
const ymd = (daysAgo: number) => Number(new Date(NOW.getTime() - daysAgo * DAY).toISOString().slice(0, 10).replace(/-/g, ''));
const day = (contextId: string, daysAgo: number, ratings: Rating[]): RatingDay => {
  const histogram: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (const r of ratings) histogram[r - 1]++;
  return { course: course(contextId), day: ymd(daysAgo), stats: { count: ratings.length, sum: ratings.reduce((a, b) => a + b, 0), histogram } };
};

describe('course trends', () => {
  it('reads 180 days up to today', () => {
    expect(trendWindow(NOW)).toEqual({ from: 20310102, to: 20310630 });
  });

  it('splits a course’s ratings into the last 30 and 90 days and the periods before, by UTC day', () => {
    const [trend] = courseTrends(
      [day('k', 0, [5]), day('k', 29, [4]), day('k', 30, [2]), day('k', 59, [2]), day('k', 89, [3]), day('k', 90, [1]), day('k', 179, [1]), day('k', 180, [5])],
      NOW,
    );
    expect(trend.last30).toEqual({ count: 2, sum: 9, average: 4.5 });
    expect(trend.previous30).toEqual({ count: 2, sum: 4, average: 2 });
    expect(trend.last90).toEqual({ count: 5, sum: 16, average: 3.2 });
    // Day 180 is outside the window the store is asked for: not counted even if present.
    expect(trend.previous90).toEqual({ count: 2, sum: 2, average: 1 });
    expect(trend.change30).toBe(2.5);
    expect(trend.change90).toBeCloseTo(2.2);
  });

  it('has no change where a period has no rating, and leaves out courses with none in the window', () => {
    const trends = courseTrends([day('new', 3, [4, 4]), day('old', 400, [5])], NOW);
    expect(trends.map((t) => t.course.contextId)).toEqual(['new']);
    expect(trends[0].change30).toBeNull();
    expect(trends[0].change90).toBeNull();
  });

  it('ranks by the confidence-adjusted 90-day average: two fives do not beat sixty ratings averaging 4.7', () => {
    const many: Rating[] = [...Array(42).fill(5), ...Array(18).fill(4)];
    const trends = courseTrends([day('two-fives', 1, [5, 5]), day('sixty', 2, many), day('poor', 3, [1, 2, 2, 1, 2, 1])], NOW);
    expect(trends.map((t) => t.course.contextId)).toEqual(['sixty', 'two-fives', 'poor']);
    expect(trends[0].last90.average).toBeCloseTo(4.7);
    expect(trends[1].adjusted90).toBeLessThan(trends[0].adjusted90);
  });

  it('follows review writes through the store’s daily buckets of a deployment', async () => {
    const storage = openSqliteStorage({ file: ':memory:' });
    const write = (contextId: string, author: string, rating: Rating): ReviewWrite => ({
      item: { ...course(contextId), itemId: 'course' },
      author: { id: author, name: author },
      rating,
      aspects: {},
      title: '',
      liked: '',
      improve: '',
      status: 'published',
      holdReasons: [],
      verified: true,
    });
    try {
      await storage.reviews.saveReview(write('a', 'u1', 2), new Date(NOW.getTime() - 40 * DAY));
      await storage.reviews.saveReview(write('a', 'u2', 5), new Date(NOW.getTime() - 2 * DAY));
      await storage.reviews.saveReview(write('b', 'u1', 4), new Date(NOW.getTime() - 100 * DAY));
      // Re-rated today: the review moves to today's bucket, out of the 30 days before.
      await storage.reviews.saveReview(write('a', 'u1', 4), NOW);
      // The same trends from the days one by one and from the overview's ranges.
      const { from, to } = trendWindow(NOW);
      const days = Array.from({ length: 180 }, (_, i) => dayOf(NOW.getTime() - i * DAY)).map((day) => ({ from: day, to: day }));
      expect(days[days.length - 1].from).toBe(from);
      expect(days[0].to).toBe(to);
      const trends = courseTrends(await storage.ratingDays.deploymentRanges(course('x'), days), NOW);
      expect(courseTrends(await storage.ratingDays.deploymentRanges(course('x'), overviewRanges(NOW)), NOW)).toEqual(trends);
      const a = trends.find((t) => t.course.contextId === 'a');
      const b = trends.find((t) => t.course.contextId === 'b');
      expect(a?.last30).toEqual({ count: 2, sum: 9, average: 4.5 });
      expect(a?.previous30.count).toBe(0);
      expect(b?.last90.count).toBe(0);
      expect(b?.previous90).toEqual({ count: 1, sum: 4, average: 4 });
    } finally {
      await storage.close();
    }
  });
});
