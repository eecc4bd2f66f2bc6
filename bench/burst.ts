/**
 * 1,000 distinct learners post a review of the big item at once (the item already holds 50,000,
 * so the summary row every write updates is the busiest one there is). Every response is counted,
 * then the summary is checked against what was sent, against each author's stored review, and
 * against a full walk of the item's published reviews through listReviews (cursor pages).
 */
import type { ItemKey, Rating, ReviewSummary } from '../src/storage/ports/reviews';
import type { BurstLearner } from './burst-sessions';
import { contention, snapshot, waitForQuiet, type Contention } from './cpu-meter';
import type { LoadClient } from './load';
import type { BurstMeasure } from './load-protocol';
import type { ReviewStorage } from './review-storage';
import { pick, prng } from './seed-plan';

export interface BurstCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface BurstResult {
  readonly item: string;
  readonly learners: number;
  readonly sessions: 'created directly in the store (LaunchContext of a real launch, other user ids)';
  readonly measure: BurstMeasure;
  readonly contention: Contention;
  readonly submissionsPerSecond: number;
  readonly submitted: { readonly count: number; readonly sum: number; readonly histogram: readonly number[] };
  readonly summaryBefore: { readonly count: number; readonly sum: number };
  readonly summaryAfter: { readonly count: number; readonly sum: number };
  readonly walk: { readonly pages: number; readonly count: number; readonly sum: number; readonly seconds: number };
  readonly checks: readonly BurstCheck[];
  readonly ok: boolean;
}

const TITLES = ['Solid course', 'Would recommend', 'Needs an update', 'Just what I needed'];
const TEXTS = ['Clear explanations and useful exercises.', 'The group work was the best part.', 'Some videos are too long.', 'More examples from our sector, please.'];

export async function runBurst(storage: ReviewStorage, origin: string, item: ItemKey, learners: readonly BurstLearner[], load: LoadClient): Promise<BurstResult> {
  const random = prng(7);
  const submitted = { count: 0, sum: 0, histogram: [0, 0, 0, 0, 0] };
  const ratings = new Map<string, Rating>();
  const posts = learners.map((learner) => {
    const rating = (1 + Math.floor(random() * 5)) as Rating;
    ratings.set(learner.userId, rating);
    submitted.count++;
    submitted.sum += rating;
    submitted.histogram[rating - 1]++;
    const body = new URLSearchParams({ _csrf: learner.csrf, rating: String(rating), title: pick(TITLES, random), liked: pick(TEXTS, random), improve: pick(TEXTS, random) });
    return { path: `/s/${learner.sessionId}/reviews`, body: body.toString() };
  });

  const before = await storage.reviews.summary(item, new Date());
  const waited = await waitForQuiet(45);
  const cpuBefore = snapshot();
  const measure = await load.burst(origin, posts);
  const cpu = { ...contention(cpuBefore, snapshot(), measure.clientCpuMs), waitedForQuietSeconds: waited };
  const after = await storage.reviews.summary(item, new Date());

  let stored = 0;
  let matching = 0;
  for (const learner of learners) {
    const review = await storage.reviews.findReviewByAuthor(item, learner.userId);
    if (review) stored++;
    if (review && review.rating === ratings.get(learner.userId) && review.status === 'published') matching++;
  }
  const walk = await walkPublished(storage, item);

  const delta = (a: ReviewSummary, b: ReviewSummary) => ({
    count: b.overall.count - a.overall.count,
    sum: b.overall.sum - a.overall.sum,
    histogram: b.overall.histogram.map((n, i) => n - a.overall.histogram[i]),
    last12: b.last12Months.count - a.last12Months.count,
  });
  const d = delta(before, after);
  const n = learners.length;
  const checks: BurstCheck[] = [
    { name: 'every response is 303', ok: measure.statusCodes['303'] === n, detail: JSON.stringify(measure.statusCodes) + (measure.errors.length ? ` errors: ${measure.errors.join('; ')}` : '') },
    { name: 'every review published (done=posted)', ok: measure.posted === n, detail: `${measure.posted} of ${n}` },
    { name: 'summary count grew by exactly the submissions', ok: d.count === submitted.count, detail: `${d.count} vs ${submitted.count}` },
    { name: 'summary sum grew by exactly the submitted ratings', ok: d.sum === submitted.sum, detail: `${d.sum} vs ${submitted.sum}` },
    { name: 'histogram grew by exactly the submitted ratings', ok: d.histogram.every((v, i) => v === submitted.histogram[i]), detail: `${d.histogram.join('/')} vs ${submitted.histogram.join('/')}` },
    { name: 'last-12-months count grew by the submissions', ok: d.last12 === submitted.count, detail: `${d.last12} vs ${submitted.count}` },
    { name: 'each learner has one stored review with their rating', ok: stored === n && matching === n, detail: `${stored} stored, ${matching} matching` },
    { name: 'summary equals a full listReviews walk', ok: walk.count === after.overall.count && walk.sum === after.overall.sum, detail: `walk ${walk.count}/${walk.sum} vs summary ${after.overall.count}/${after.overall.sum}` },
  ];
  return {
    item: `${item.contextId}/${item.itemId} (the big item, ${n.toLocaleString('en')} new authors)`,
    learners: n,
    sessions: 'created directly in the store (LaunchContext of a real launch, other user ids)',
    measure,
    contention: cpu,
    submissionsPerSecond: Math.round((n / measure.totalMs) * 1000),
    submitted,
    summaryBefore: { count: before.overall.count, sum: before.overall.sum },
    summaryAfter: { count: after.overall.count, sum: after.overall.sum },
    walk,
    checks,
    ok: checks.every((c) => c.ok),
  };
}

/** Counts and sums the item's published reviews page by page, as the panel's list reads them. */
export async function walkPublished(storage: ReviewStorage, item: ItemKey): Promise<{ pages: number; count: number; sum: number; seconds: number }> {
  const began = performance.now();
  let cursor: string | undefined;
  let pages = 0;
  let count = 0;
  let sum = 0;
  do {
    const page = await storage.reviews.listReviews(item, { sort: 'recent', statuses: ['published'], limit: 100, cursor });
    pages++;
    for (const review of page.items) {
      count++;
      sum += review.rating;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { pages, count, sum, seconds: Math.round((performance.now() - began) / 10) / 100 };
}
