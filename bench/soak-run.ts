/**
 * The soak (issue 14): the real app on a seeded SQLite store under mixed load for SOAK_MINUTES
 * (10 by default), the load generator in its own process, the server's RSS and V8 heap sampled
 * after every minute. Mixed load: each connection cycles through the panel page of 200 learners,
 * the summary endpoint, the list sorted and filtered by stars, the catalogue and catalogue
 * searches; after every minute 50 new learners post a review, so the shared pages are rebuilt for a
 * new course generation as they are in real use. Reported: RSS and heap at minute 1 and at the end,
 * growth between them (target under 10 %), and every error or non-2xx (target 0).
 *
 * Seeding runs in a forked process (soak-seed.ts) so that the figures are the server's alone.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REVIEW_SORTS } from '../src/storage/shared/review-order';
import { openSqliteStorage } from '../src/storage/sqlite/sqlite-storage';
import type { BenchConfig } from './bench-config';
import { createBurstLearners } from './burst-sessions';
import { launchSession } from './launch';
import { LoadClient } from './load';
import type { BurstPost, HttpMeasure } from './load-protocol';
import { growthPercent, sampleMemory, type MemorySample } from './memory-sample';
import { withReviews } from './review-storage';
import type { SeedResult } from './seed';
import { pick, prng, type SeedTarget } from './seed-plan';
import type { SoakSeedJob, SoakSeedReply } from './soak-seed';
import { reserveToolServer, startPlatform, startTool } from './servers';

export interface SoakConfig {
  readonly minutes: number;
  readonly reviews: number;
  readonly connections: number;
  readonly logLevel: string;
}

export interface SoakRun {
  readonly reviews: number;
  readonly minutes: number;
  readonly connections: number;
  readonly seedSeconds: number;
  readonly paths: readonly string[];
  /** Before any request: the store open, the app built, one launch done. */
  readonly idle: MemorySample;
  /** After each minute of load. */
  readonly minutesSampled: readonly MemorySample[];
  readonly rssMb: { readonly minute1: number; readonly end: number; readonly min: number; readonly max: number; readonly growthPercent: number };
  readonly heapUsedAfterGcMb: { readonly minute1: number; readonly end: number; readonly growthPercent: number };
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly posts: { readonly sent: number; readonly posted: number; readonly failed: number };
  readonly target: { readonly rule: string; readonly rssUnder250Mb: boolean; readonly growthUnder10Percent: boolean; readonly noErrors: boolean; readonly met: boolean };
}

const READERS = 200;
const POSTS_PER_MINUTE = 50;
const TARGET_RSS_MB = 250;
const TARGET_GROWTH_PERCENT = 10;

/** The soak's seed: the main run's shape (5 % on the big item, 10 reviews per item on average) at `reviews`. */
export function soakSeedConfig(base: BenchConfig, reviews: number): BenchConfig {
  return { ...base, reviews, items: Math.max(2, Math.round(reviews / 100)), bigItemReviews: Math.min(base.bigItemReviews, Math.round(reviews / 2)) };
}

function seedInChild(job: SoakSeedJob): Promise<SeedResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'soak-seed.ts'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (reply: SoakSeedReply) => (reply.kind === 'seeded' ? resolve(reply.seed) : reject(new Error(reply.message))));
    child.once('exit', (code) => reject(new Error(`the seeding process exited (${code}) without a result`)));
    child.send(job);
  });
}

export async function runSoak(config: SoakConfig, base: BenchConfig, log: (line: string) => void): Promise<SoakRun> {
  // Memory-backed tmpfs when there is one: seeding on the disk is 3 times slower, and the file's
  // pages are the OS's, never in the server's RSS, wherever it lies.
  const dir = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'lv-soak-'));
  const file = path.join(dir, 'learner-voice.sqlite');
  const cleanup: Array<() => Promise<unknown>> = [];
  try {
    const reserved = await reserveToolServer();
    cleanup.push(() => reserved.listening.close());
    const { platform, listening: platformServer } = await startPlatform(reserved.listening.origin);
    cleanup.push(() => platformServer.close());
    const target: SeedTarget = { platform: { issuer: platform.issuer, clientId: platform.clientId, deploymentId: platform.deploymentId }, bigCourseId: platform.course.id };

    log(`\nSoak: seeding ${config.reviews.toLocaleString('en')} reviews in a separate process…`);
    const seedBegan = performance.now();
    await seedInChild({ file, target, config: soakSeedConfig(base, config.reviews) });
    const seedSeconds = Math.round((performance.now() - seedBegan) / 1000);

    const storage = withReviews(openSqliteStorage({ file }));
    cleanup.unshift(() => storage.close());
    const tool = await startTool(storage, platform, reserved, config.logLevel);
    cleanup.unshift(() => tool.tool.close());

    const sid = await launchSession(platform, { user: 'learner' });
    const session = await storage.sessions.findSession(sid, new Date());
    if (!session) throw new Error('the launch did not leave a session in the store');
    const readers = await createBurstLearners(storage, session.context, READERS, tool.config.sessionTtlMinutes, new Date(), 'reader');
    const paths = readers.flatMap((r, i) => {
      const s = `/s/${r.sessionId}`;
      const query = ['', '?q=practical', '?q=trainer&min=4', '?q=exercices'][i % 4];
      return [`${s}/reviews`, `${s}/reviews/summary.json`, `${s}/reviews?sort=${REVIEW_SORTS[i % REVIEW_SORTS.length]}&stars=${1 + (i % 5)}`, `${s}/catalogue${query}`];
    });

    const load = LoadClient.start();
    cleanup.unshift(() => load.stop());
    const began = performance.now();
    const idle = sampleMemory(began);
    log(`  idle after start: RSS ${idle.rssMb} MB, heap ${idle.heapUsedAfterGcMb} MB`);
    const random = prng(14);
    const samples: MemorySample[] = [];
    const measures: HttpMeasure[] = [];
    const posts = { sent: 0, posted: 0, failed: 0 };
    for (let minute = 1; minute <= config.minutes; minute++) {
      const writers = await createBurstLearners(storage, session.context, POSTS_PER_MINUTE, tool.config.sessionTtlMinutes, new Date(), `soak-${minute}`);
      measures.push(await load.http(`${tool.origin}/`, { connections: config.connections, durationSeconds: 60, warmupSeconds: 0, paths }));
      // Then the minute's learners post their reviews (a new generation for the big course). The load
      // generator answers one job at a time, so the posts follow the minute's reads rather than mix in.
      const body = (csrf: string) => new URLSearchParams({ _csrf: csrf, rating: String(1 + Math.floor(random() * 5)), title: 'Soak', liked: pick(['Clear examples.', 'Good pace.'], random), improve: '' }).toString();
      const sent: BurstPost[] = writers.map((w) => ({ path: `/s/${w.sessionId}/reviews`, body: body(w.csrf) }));
      const burst = await load.burst(tool.origin, sent).catch(() => null);
      posts.sent += sent.length;
      posts.posted += burst?.posted ?? 0;
      posts.failed += burst ? sent.length - (burst.statusCodes['303'] ?? 0) : sent.length;
      const sample = sampleMemory(began);
      samples.push(sample);
      const m = measures[measures.length - 1];
      log(`  minute ${minute}: RSS ${sample.rssMb} MB, heap ${sample.heapUsedMb} MB (${sample.heapUsedAfterGcMb} MB live), ${m.requestsPerSecond} req/s, ${m.non2xx} non-2xx, ${m.errors} errors`);
    }
    const first = samples[0];
    const last = samples[samples.length - 1];
    const rss = samples.map((s) => s.rssMb);
    const requests = measures.reduce((n, m) => n + m.requests, 0);
    const seconds = measures.reduce((n, m) => n + m.seconds, 0);
    const non2xx = measures.reduce((n, m) => n + m.non2xx, 0);
    const errors = measures.reduce((n, m) => n + m.errors, 0);
    const timeouts = measures.reduce((n, m) => n + m.timeouts, 0);
    const growth = growthPercent(first.rssMb, last.rssMb);
    const verdict = {
      rule: `RSS under ${TARGET_RSS_MB} MB and growing less than ${TARGET_GROWTH_PERCENT} % from minute 1 to the end, no error`,
      rssUnder250Mb: Math.max(...rss) < TARGET_RSS_MB,
      growthUnder10Percent: growth < TARGET_GROWTH_PERCENT,
      noErrors: non2xx === 0 && errors === 0 && timeouts === 0 && posts.failed === 0,
    };
    return {
      reviews: config.reviews,
      minutes: config.minutes,
      connections: config.connections,
      seedSeconds,
      paths: paths.slice(0, 4).map((p) => p.replace(/\/s\/[^/]+/, '/s/<reader>')),
      idle,
      minutesSampled: samples,
      rssMb: { minute1: first.rssMb, end: last.rssMb, min: Math.min(...rss), max: Math.max(...rss), growthPercent: growth },
      heapUsedAfterGcMb: { minute1: first.heapUsedAfterGcMb, end: last.heapUsedAfterGcMb, growthPercent: growthPercent(first.heapUsedAfterGcMb, last.heapUsedAfterGcMb) },
      requests,
      requestsPerSecond: Math.round(requests / seconds),
      non2xx,
      errors,
      timeouts,
      posts,
      target: { ...verdict, met: verdict.rssUnder250Mb && verdict.growthUnder10Percent && verdict.noErrors },
    };
  } finally {
    for (const step of cleanup) await step().catch((err: unknown) => log(`cleanup: ${err instanceof Error ? err.message : String(err)}`));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function readSoakConfig(env: NodeJS.ProcessEnv, base: BenchConfig): SoakConfig {
  const positive = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number (got "${raw}")`);
    return n;
  };
  return { minutes: positive('SOAK_MINUTES', 10), reviews: positive('SOAK_REVIEWS', 100_000), connections: base.connections, logLevel: base.logLevel };
}

/**
 * `npx tsx bench/soak-run.ts`: the soak alone (SOAK_MINUTES, SOAK_REVIEWS), printed; with
 * BENCH_WRITE_SOAK=1 it replaces the soak part of bench/results.json (noted there).
 */
if (require.main === module) {
  void (async () => {
    await import('./production-mode');
    const { readBenchConfig } = await import('./bench-config');
    const { printSoak } = await import('./report');
    const base = readBenchConfig();
    const run = await runSoak(readSoakConfig(process.env, base), base, console.log);
    printSoak(run, console.log);
    if (process.env.BENCH_WRITE_SOAK === '1') {
      const file = path.join(__dirname, 'results.json');
      const results = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      results.soak = { ...run, measuredAlone: `bench/soak-run.ts alone, ${new Date().toISOString()}, in its own process` };
      fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
    }
    process.exit(0);
  })();
}
