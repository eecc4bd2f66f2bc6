/**
 * The monthly listening figures' rules alone: what each kind of write changes in which month
 * (shared/listening-months.ts, and the plans of shared/review-change.ts that carry it), the delay
 * buckets and the median read from them, with its error bound (shared/response-delays.ts).
 */
import type { ReviewWrite } from '../../src/storage/ports/reviews';
import { listeningWindow } from '../../src/storage/shared/listening-figures';
import { listeningChange, monthOf, monthsBefore, type ListeningFact } from '../../src/storage/shared/listening-months';
import { planDelete, planModeration, planReport, planResponse, planSave, type StoredReview } from '../../src/storage/shared/review-change';
import { bucketBounds, delayBucket, DELAY_RATIO, FIRST_BUCKET_MS, histogramOf, LAST_BUCKET, medianOfHistogram } from '../../src/storage/shared/response-delays';

const HOUR = 3_600_000;
const march = Date.parse('2031-03-31T23:30:00Z');
const published: ListeningFact = { status: 'published', createdAt: march, responseAt: null };
const answered: ListeningFact = { ...published, responseAt: march + 10 * HOUR };
const bucket10h = delayBucket(10 * HOUR);

describe('what a write changes in the monthly figures', () => {
  it('counts a new published review in the UTC month it was posted, and a held one nowhere', () => {
    expect(listeningChange(null, published)).toEqual([{ month: 203103, reviews: 1, answered: 0, delays: new Map() }]);
    expect(listeningChange(null, { ...published, status: 'held' })).toEqual([]);
  });

  it('takes a review out with its response when it is hidden, held or deleted, and puts it back when published again', () => {
    const out = [{ month: 203103, reviews: -1, answered: -1, delays: new Map([[bucket10h, -1]]) }];
    expect(listeningChange(answered, { ...answered, status: 'hidden' })).toEqual(out);
    expect(listeningChange(answered, { ...answered, status: 'held' })).toEqual(out);
    expect(listeningChange(answered, null)).toEqual(out);
    expect(listeningChange({ ...answered, status: 'hidden' }, answered)).toEqual([{ month: 203103, reviews: 1, answered: 1, delays: new Map([[bucket10h, 1]]) }]);
  });

  it('moves the answered count and one bucket on a first response or its removal, and nothing on a write that keeps both', () => {
    expect(listeningChange(published, answered)).toEqual([{ month: 203103, reviews: 0, answered: 1, delays: new Map([[bucket10h, 1]]) }]);
    expect(listeningChange(answered, published)).toEqual([{ month: 203103, reviews: 0, answered: -1, delays: new Map([[bucket10h, -1]]) }]);
    expect(listeningChange(answered, answered)).toEqual([]);
    // A response to a held review counts once it is published.
    expect(listeningChange({ ...published, status: 'held' }, { ...answered, status: 'held' })).toEqual([]);
  });
});

describe('the review plans carry it', () => {
  const item = { issuer: 'https://lms.example', clientId: 'c', deploymentId: 'd', contextId: 'course', itemId: 'course' };
  const write = (over: Partial<ReviewWrite> = {}): ReviewWrite => ({ item, author: { id: 'u1', name: 'Ada' }, rating: 4, aspects: {}, title: '', liked: '', improve: '', status: 'published', holdReasons: [], verified: true, ...over });
  const stored: StoredReview = { id: 'r1', status: 'published', rating: 4, aspects: {}, ratedAt: march, createdAt: march, previousRating: null, reportCount: 0, responseAt: march + 10 * HOUR, hiddenReason: null, awaitingDecision: false, versionRatings: new Map([['initial', 4]]) };
  const audit = { course: item, at: new Date(), actor: { id: 't', name: 'T', role: 'instructor' as const }, action: 'review.hide' as const, subject: { type: 'review', id: 'r1' } };

  it('a first review counts in the month of `now`; an edit keeps the posting month and moves only when it gets held', () => {
    expect(planSave(null, write(), new Date(march)).listening).toEqual([{ month: 203103, reviews: 1, answered: 0, delays: new Map() }]);
    const may = new Date('2031-05-02T08:00:00Z');
    expect(planSave(stored, write({ rating: 2 }), may).listening).toEqual([]);
    expect(planSave(stored, write({ status: 'held', holdReasons: ['link'] }), may).listening).toEqual([{ month: 203103, reviews: -1, answered: -1, delays: new Map([[bucket10h, -1]]) }]);
  });

  it('a moderation, a deletion and a response move it; a report does not', () => {
    expect(planModeration(stored, 'hidden', 'spam', audit).listening).toHaveLength(1);
    expect(planModeration(stored, 'published', null, audit).listening).toEqual([]);
    expect(planDelete(stored).listening).toHaveLength(1);
    expect(planReport(stored, 2).listening).toEqual([]);
    expect(planResponse(stored, null).listening).toEqual([{ month: 203103, reviews: 0, answered: -1, delays: new Map([[bucket10h, -1]]) }]);
    expect(planResponse(stored, stored.responseAt).listening).toEqual([]);
  });
});

describe('months and the window', () => {
  it('reads months in UTC and steps back across years', () => {
    expect(monthOf(Date.parse('2031-01-01T00:00:00Z'))).toBe(203101);
    expect(monthOf(Date.parse('2030-12-31T23:59:59.999Z'))).toBe(203012);
    expect(monthsBefore(Date.parse('2031-03-10T00:00:00Z'), 11)).toBe(203004);
    expect(monthsBefore(Date.parse('2031-12-10T00:00:00Z'), 11)).toBe(203101);
  });

  it('covers the last 12 calendar months including the current one', () => {
    expect(listeningWindow(new Date('2030-06-15T12:00:00Z'))).toEqual({ fromMonth: 202907, today: '2030-06-15' });
  });
});

describe('delay buckets and the median', () => {
  it('puts a delay in the bucket whose bounds hold it, 1.2 times wider each, under a minute in bucket 0', () => {
    expect(delayBucket(-5)).toBe(0);
    expect(delayBucket(59_999)).toBe(0);
    expect(delayBucket(60_000)).toBe(1);
    for (let k = 1; k < LAST_BUCKET; k++) {
      const [low, high] = bucketBounds(k);
      expect(high / low).toBeCloseTo(DELAY_RATIO, 12);
      expect(delayBucket(low)).toBe(k);
      expect(delayBucket(Math.ceil(low) + 1)).toBe(k);
      expect(delayBucket(Math.floor(high) - 1)).toBe(k);
    }
    expect(bucketBounds(LAST_BUCKET)[0]).toBeGreaterThan(0.95 * 365 * 24 * HOUR);
    expect(delayBucket(5 * 365 * 24 * HOUR)).toBe(LAST_BUCKET);
  });

  it('has no median without answers', () => {
    expect(medianOfHistogram(new Map())).toBeNull();
    expect(medianOfHistogram(new Map([[3, 0]]))).toBeNull();
  });

  it('stays within 1 minute + 20 % of the exact median, odd and even counts, over random delays', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let run = 0; run < 300; run++) {
      const n = 1 + Math.floor(next() * 40);
      // Log-uniform from 1 second to 300 days.
      const delays = Array.from({ length: n }, () => Math.round(1000 * Math.exp(next() * Math.log(300 * 24 * 3600)))).sort((a, b) => a - b);
      const exact = (delays[Math.floor((n - 1) / 2)] + delays[Math.floor(n / 2)]) / 2;
      const estimate = medianOfHistogram(histogramOf(delays))!;
      expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(FIRST_BUCKET_MS + (DELAY_RATIO - 1) * exact);
    }
  });
});
