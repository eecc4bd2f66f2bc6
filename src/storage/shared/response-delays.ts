/**
 * Times to first response kept as a histogram with log-spaced buckets, so a course's median over
 * any run of months is the sum of its monthly histograms rather than a sort of every delay.
 *
 * Bucket 0 holds delays under one minute (and any negative delay, from a clock set wrong). Bucket
 * k ≥ 1 holds [1 min × 1.2^(k−1), 1 min × 1.2^k); the last bucket (73, from about 0.96 years) holds
 * every longer delay. A review of the 12-month window cannot wait more than about 13 months, so
 * the overview never meets a delay beyond the last bucket's nominal upper end (1.15 years).
 *
 * Error of the median: each middle delay is placed inside its own bucket, which holds the true delay
 * and is 1 minute wide (bucket 0) or 20 % of its lower bound wide, so each is off by at most 1 minute
 * or 20 % of itself; the median (one middle delay, or the mean of two) is then within
 * 1 minute + 20 % of the exact median (20 % alone once both middle delays are a minute or more).
 */
export const DELAY_RATIO = 1.2;
export const FIRST_BUCKET_MS = 60_000;
export const LAST_BUCKET = 73;

/** Bucket number → number of delays; only non-empty buckets are kept. */
export type DelayHistogram = ReadonlyMap<number, number>;

const LOG_RATIO = Math.log(DELAY_RATIO);

/** The bucket of a delay (ms). */
export function delayBucket(delayMs: number): number {
  if (!(delayMs >= FIRST_BUCKET_MS)) return 0;
  // floor(log) can land one off at an exact boundary through rounding: the bounds decide.
  let k = Math.floor(Math.log(delayMs / FIRST_BUCKET_MS) / LOG_RATIO) + 1;
  if (delayMs < bucketBounds(k)[0]) k -= 1;
  else if (delayMs >= bucketBounds(k)[1]) k += 1;
  return Math.min(Math.max(k, 1), LAST_BUCKET);
}

/** A bucket's range [low, high) in ms (the last bucket's nominal high end). */
export function bucketBounds(k: number): readonly [number, number] {
  if (k <= 0) return [0, FIRST_BUCKET_MS];
  return [FIRST_BUCKET_MS * DELAY_RATIO ** (k - 1), FIRST_BUCKET_MS * DELAY_RATIO ** k];
}

/** The histogram of a list of delays (tests and the MongoDB fill). */
export function histogramOf(delaysMs: Iterable<number>): Map<number, number> {
  const histogram = new Map<number, number>();
  for (const d of delaysMs) {
    const k = delayBucket(d);
    histogram.set(k, (histogram.get(k) ?? 0) + 1);
  }
  return histogram;
}

/**
 * Adds a stored histogram (bucket → count, as the adapters keep it: a JSON object or an embedded
 * document) into `into`, ignoring anything that is not a bucket number with a count.
 */
export function addStoredHistogram(into: Map<number, number>, stored: unknown): void {
  if (stored === null || typeof stored !== 'object') return;
  for (const [key, value] of Object.entries(stored as Record<string, unknown>)) {
    const k = Number(key);
    if (!Number.isInteger(k) || k < 0 || k > LAST_BUCKET || typeof value !== 'number' || !Number.isFinite(value)) continue;
    into.set(k, (into.get(k) ?? 0) + value);
  }
}

/**
 * The median delay (ms) estimated from a histogram, or null when it is empty: the delay of rank r
 * (1-based) is placed at the middle of its share of its bucket (the bucket's count spread evenly over
 * its width), and an even count takes the mean of its two middle ranks, like the exact median.
 */
export function medianOfHistogram(histogram: DelayHistogram): number | null {
  const buckets = [...histogram].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const total = buckets.reduce((sum, [, n]) => sum + n, 0);
  if (total <= 0) return null;
  const atRank = (rank: number): number => {
    let before = 0;
    for (const [k, n] of buckets) {
      if (rank <= before + n) {
        const [low, high] = bucketBounds(k);
        return low + ((high - low) * (rank - before - 0.5)) / n;
      }
      before += n;
    }
    return bucketBounds(LAST_BUCKET)[1];
  };
  const low = Math.floor((total + 1) / 2);
  const high = Math.floor(total / 2) + 1;
  return (atRank(low) + atRank(high)) / 2;
}
