/**
 * Seeds reviews through the store's own saveReview (so every summary is exactly what the app
 * maintains), in time order over the last two years, then some helpful votes through setHelpful.
 */
import type { ContextKey } from '../src/context/tenant';
import type { AspectId } from '../src/storage/ports/course-settings';
import type { Rating, ReviewStore, ReviewWrite } from '../src/storage/ports/reviews';
import type { BenchConfig } from './bench-config';
import { BIG_ITEM_ASPECTS, itemKey, itemOrder, prng, ratingFor, textsFor, type SeedTarget } from './seed-plan';

const DAY_MS = 86_400_000;
const SPAN_MS = 730 * DAY_MS;

export interface SeedResult {
  readonly reviews: number;
  readonly items: number;
  readonly bigItemReviews: number;
  readonly seconds: number;
  readonly reviewsPerSecond: number;
  readonly held: number;
  readonly helpfulVotes: number;
  readonly helpfulSeconds: number;
  /** What the big item's summary must say (published reviews only), counted here independently. */
  readonly bigItemExpected: { readonly count: number; readonly sum: number };
}

interface VotePlan {
  readonly course: ContextKey;
  readonly reviewId: string;
  readonly votes: number;
}

export async function seedReviews(store: ReviewStore, target: SeedTarget, config: BenchConfig, now: Date, log: (line: string) => void): Promise<SeedResult> {
  const random = prng(20240607);
  const order = itemOrder(config.reviews, config.items, config.bigItemReviews, random);
  const start = now.getTime() - SPAN_MS;
  const votes: VotePlan[] = [];
  const expected = { count: 0, sum: 0 };
  let held = 0;

  const writeOne = (k: number): ReviewWrite => {
    const item = order[k];
    const rating = ratingFor(item, random);
    const isHeld = random() < 0.015;
    if (isHeld) held++;
    else if (item === 0) {
      expected.count++;
      expected.sum += rating;
    }
    return {
      item: itemKey(target, item),
      // Globally distinct authors: one review per author and item, as the port requires.
      author: { id: `seed-${k}`, name: `Seeded Learner ${k}`, givenName: 'Seeded', familyName: `Learner ${k}` },
      rating,
      aspects: aspectsFor(item, rating, random),
      ...textsFor(random),
      status: isHeld ? 'held' : 'published',
      holdReasons: isHeld ? ['moderation'] : [],
      verified: random() < 0.85,
    };
  };

  const began = performance.now();
  let nextReport = 0.1;
  for (let from = 0; from < config.reviews; from += config.seedChunk) {
    const to = Math.min(config.reviews, from + config.seedChunk);
    const batch: Promise<void>[] = [];
    for (let k = from; k < to; k++) {
      const input = writeOne(k);
      // Spread in time with a little jitter, never in the future.
      const at = new Date(Math.min(now.getTime() - 60_000, start + (k / config.reviews) * SPAN_MS + random() * 3_600_000));
      const voteCount = plannedVotes(order[k], random);
      batch.push(
        store.saveReview(input, at).then(({ review }) => {
          if (voteCount > 0 && review.status === 'published') votes.push({ course: input.item, reviewId: review.id, votes: voteCount });
        }),
      );
    }
    await Promise.all(batch);
    if (to / config.reviews >= nextReport) {
      const seconds = (performance.now() - began) / 1000;
      log(`  seeded ${to.toLocaleString('en')} reviews in ${seconds.toFixed(1)} s (${Math.round(to / seconds).toLocaleString('en')}/s)`);
      nextReport += 0.1;
    }
  }
  const seconds = (performance.now() - began) / 1000;

  const votesBegan = performance.now();
  const helpfulVotes = await castVotes(store, votes, config.seedChunk);
  const helpfulSeconds = (performance.now() - votesBegan) / 1000;

  return {
    reviews: config.reviews,
    items: config.items,
    bigItemReviews: config.bigItemReviews,
    seconds: Math.round(seconds * 100) / 100,
    reviewsPerSecond: Math.round(config.reviews / seconds),
    held,
    helpfulVotes,
    helpfulSeconds: Math.round(helpfulSeconds * 100) / 100,
    bigItemExpected: expected,
  };
}

/** The big item uses three aspects (its course settings turn them on); a few other reviews rate "content". */
function aspectsFor(item: number, rating: Rating, random: () => number): Partial<Record<AspectId, Rating>> {
  const near = (): Rating => Math.min(5, Math.max(1, rating + Math.round((random() - 0.5) * 2))) as Rating;
  if (item === 0) return random() < 0.6 ? Object.fromEntries(BIG_ITEM_ASPECTS.map((a) => [a, near()])) : {};
  return random() < 0.15 ? { content: near() } : {};
}

/** 5 % of the big item's reviews get 1 to 6 votes, 1 % of the others 1 to 3, so "most helpful" has something to sort. */
function plannedVotes(item: number, random: () => number): number {
  if (item === 0) return random() < 0.05 ? 1 + Math.floor(random() * 6) : 0;
  return random() < 0.01 ? 1 + Math.floor(random() * 3) : 0;
}

async function castVotes(store: ReviewStore, plans: readonly VotePlan[], chunk: number): Promise<number> {
  const calls = plans.flatMap((p) => Array.from({ length: p.votes }, (_, v) => () => store.setHelpful(p.course, p.reviewId, `voter-${v}`, true)));
  for (let i = 0; i < calls.length; i += chunk) await Promise.all(calls.slice(i, i + chunk).map((call) => call()));
  return calls.length;
}
