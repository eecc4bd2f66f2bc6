/**
 * Sizes and durations of one bench run. The defaults are the spec (issue 3, "Speed and
 * scale"); the BENCH_* variables only exist to smoke-test the bench quickly, and any override is
 * written to results.json so a small run can never pass for the real one.
 */
export interface BenchConfig {
  /** Reviews seeded in total, the big item's included. */
  readonly reviews: number;
  /** Items reviewed in total, the big item included. */
  readonly items: number;
  /** Reviews of the item the measured learner opens. */
  readonly bigItemReviews: number;
  /** autocannon: concurrent connections, measured seconds, warm-up seconds (discarded). */
  readonly connections: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  /** Concurrent review submissions, one distinct learner each. */
  readonly burst: number;
  /** saveReview calls started together with Promise.all while seeding. */
  readonly seedChunk: number;
  /** Catalogue entries of the catalogue run (issue 12), a tenth of them external. */
  readonly catalogueEntries: number;
  /** Published reviews of the Listening overview's run (issue 15), over 1,000 courses, two in three answered. */
  readonly listeningReviews: number;
  /** The app's log level: per-request info logs are off so the terminal stays readable (see README). */
  readonly logLevel: 'warn' | 'info' | 'silent';
  /** Names of the variables that changed a default, empty for a spec run. */
  readonly overrides: readonly string[];
}

const DEFAULTS = {
  BENCH_REVIEWS: 1_000_000,
  BENCH_ITEMS: 10_000,
  BENCH_BIG_ITEM: 50_000,
  BENCH_CONNECTIONS: 25,
  BENCH_DURATION: 10,
  BENCH_WARMUP: 3,
  BENCH_BURST: 1_000,
  BENCH_SEED_CHUNK: 500,
  BENCH_CATALOGUE_ENTRIES: 100_000,
  LISTENING_REVIEWS: 1_000_000,
} as const;

type Knob = keyof typeof DEFAULTS;

export function readBenchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const overrides: string[] = [];
  const read = (name: Knob): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return DEFAULTS[name];
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number (got "${raw}")`);
    if (n !== DEFAULTS[name]) overrides.push(`${name}=${n}`);
    return n;
  };
  const config = {
    reviews: read('BENCH_REVIEWS'),
    items: read('BENCH_ITEMS'),
    bigItemReviews: read('BENCH_BIG_ITEM'),
    connections: read('BENCH_CONNECTIONS'),
    durationSeconds: read('BENCH_DURATION'),
    warmupSeconds: read('BENCH_WARMUP'),
    burst: read('BENCH_BURST'),
    seedChunk: read('BENCH_SEED_CHUNK'),
    catalogueEntries: read('BENCH_CATALOGUE_ENTRIES'),
    listeningReviews: read('LISTENING_REVIEWS'),
  };
  const logLevel = env.BENCH_LOG_LEVEL === 'info' || env.BENCH_LOG_LEVEL === 'silent' ? env.BENCH_LOG_LEVEL : 'warn';
  if (logLevel !== 'warn') overrides.push(`BENCH_LOG_LEVEL=${logLevel}`);
  if (config.bigItemReviews > config.reviews) throw new Error('BENCH_BIG_ITEM cannot exceed BENCH_REVIEWS');
  if (config.items < 2) throw new Error('BENCH_ITEMS must be at least 2 (the big item and one other)');
  return { ...config, logLevel, overrides };
}

/** MongoDB gets a smaller seed (documented in results.json): the measured item keeps its 50,000 reviews. */
export function mongoVariant(config: BenchConfig): BenchConfig {
  const reviews = Math.min(config.reviews, 100_000);
  return { ...config, reviews, items: Math.min(config.items, 1_000), bigItemReviews: Math.min(config.bigItemReviews, reviews) };
}
