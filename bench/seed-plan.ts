/**
 * What gets seeded, decided up front and deterministically (fixed PRNG seed), so two runs seed the
 * same data: which item each review goes to, when it is written, its rating, texts and votes.
 * Reviews are written in time order, items interleaved, as they would arrive in real life.
 */
import type { PlatformKey } from '../src/context/tenant';
import type { AspectId } from '../src/storage/ports/course-settings';
import type { ItemKey, Rating } from '../src/storage/ports/reviews';

/** mulberry32: small, fast and good enough to vary test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeedTarget {
  readonly platform: PlatformKey & { readonly deploymentId: string };
  /** The course the test platform launches into: its item 'course' is the big item. */
  readonly bigCourseId: string;
}

/**
 * Item 0 is the big item. The others sit in bench courses of three items each (the course itself
 * and two activities), so course-wide queries (moderation queue, author numbers) see several items.
 */
export function itemKey(target: SeedTarget, index: number): ItemKey {
  const { issuer, clientId, deploymentId } = target.platform;
  if (index === 0) return { issuer, clientId, deploymentId, contextId: target.bigCourseId, itemId: 'course' };
  const course = Math.floor((index - 1) / 3) + 1;
  const itemId = (index - 1) % 3 === 0 ? 'course' : `link:bench-${index}`;
  return { issuer, clientId, deploymentId, contextId: `bench-course-${course}`, itemId };
}

/**
 * The item of each review, in write order: the big item gets exactly `bigItemReviews`, the others
 * share the rest unevenly (weights 1 to 4, as some courses are far more popular than others).
 */
export function itemOrder(total: number, items: number, bigItemReviews: number, random: () => number): Uint32Array {
  const counts = new Uint32Array(items);
  counts[0] = bigItemReviews;
  const rest = total - bigItemReviews;
  const weights = Array.from({ length: items - 1 }, () => 1 + Math.floor(random() * 4));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  let given = 0;
  weights.forEach((w, i) => {
    counts[i + 1] = Math.floor((rest * w) / weightSum);
    given += counts[i + 1];
  });
  for (let i = 1; given < rest; i = (i % (items - 1)) + 1, given++) counts[i]++;

  const order = new Uint32Array(total);
  let k = 0;
  counts.forEach((count, item) => order.fill(item, k, (k += count)));
  for (let i = total - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** Each item has its own quality, so averages differ between items; ratings lean positive as in real course ratings. */
export function ratingFor(item: number, random: () => number): Rating {
  const quality = ((item * 2654435761) % 1000) / 1000 - 0.5; // stable per item, in [-0.5, 0.5)
  const gaussian = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const value = Math.round(3.9 + quality * 1.6 + gaussian * 1.1);
  return Math.min(5, Math.max(1, value)) as Rating;
}

export const BIG_ITEM_ASPECTS: readonly AspectId[] = ['content', 'trainer', 'usefulness'];

const TITLES = ['Worth the time', 'Clear and practical', 'Too long for what it covers', 'Great trainer', 'Good basics', 'Mixed feelings', 'Useful at work', 'Dense but rewarding', ''];
const LIKED = [
  'The examples came from real situations and the exercises matched what we do every day.',
  'Short videos, clear slides, and a trainer who answered every question in the forum.',
  'I liked the case studies and the quizzes at the end of each module.',
  'Well organised; the checklists are now pinned next to my desk.',
  'Les exercices pratiques et les retours rapides du formateur.',
  '',
];
const IMPROVE = [
  'Some modules repeat each other; the second half could be shorter.',
  'More time for questions, and the slides before the session rather than after.',
  'The workload in week three was much heavier than announced.',
  'Subtitles on the videos would help.',
  'Un peu long, et certains liens vers les documents ne marchaient plus.',
  '',
];

export function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)];
}

export function textsFor(random: () => number): { title: string; liked: string; improve: string } {
  // Some reviews are long (two paragraphs), most are a sentence or two.
  const long = random() < 0.15;
  const liked = pick(LIKED, random);
  return { title: pick(TITLES, random), liked: long && liked ? `${liked}\n\n${pick(LIKED, random)}` : liked, improve: pick(IMPROVE, random) };
}
