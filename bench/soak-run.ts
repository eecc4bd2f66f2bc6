/**
 * The soak (issue 14): the tool as the image runs it (`node dist/main.js`, production-tool.ts, a
 * process of its own) on a seeded SQLite store under mixed load for SOAK_MINUTES (10 by default),
 * the load generator in another process, the tool's RSS (and peak RSS) and V8 heap read after
 * every minute from /proc and its /metrics. Mixed load: each connection cycles through the panel page of 200 learners,
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
import { growthPercent } from './memory-sample';
import { buildDist, freePort, startProductionTool, type ProcessMemory } from './production-tool';
import type { SeedResult } from './seed';
import { pick, prng, type SeedTarget } from './seed-plan';
import type { SoakSeedJob, SoakSeedReply } from './soak-seed';
import { startPlatform } from './servers';
import { keepSeed, keptSeed, restoreSeed } from './seed-keep';
import { sqliteFile } from '../src/storage/open-storage';

export interface SoakConfig {
  readonly minutes: number;
  readonly reviews: number;
  readonly connections: number;
  readonly logLevel: string;
  /** Node flags before dist/main.js (SOAK_TOOL_NODE_FLAGS, set even empty); the Dockerfile CMD's by default. */
  readonly toolNodeFlags?: readonly string[];
  /** NODE_OPTIONS and MALLOC_ARENA_MAX for the tool's process (SOAK_TOOL_NODE_OPTIONS, SOAK_TOOL_MALLOC_ARENA_MAX); none by default. */
  readonly toolNodeOptions?: string;
  readonly toolMallocArenaMax?: string;
}

export interface SoakRun {
  readonly reviews: number;
  readonly minutes: number;
  readonly connections: number;
  readonly seedSeconds: number;
  /** How the tool's process ran. */
  readonly tool: { readonly command: string; readonly nodeFlags: string; readonly nodeOptions: string; readonly mallocArenaMax: string };
  readonly paths: readonly string[];
  /** Before any load: the store open, the app built, one launch done. */
  readonly idle: ProcessMemory;
  /** After each minute of load. */
  readonly minutesSampled: readonly ProcessMemory[];
  readonly rssMb: { readonly minute1: number; readonly end: number; readonly min: number; readonly max: number; readonly peak: number; readonly growthPercent: number };
  readonly heapUsedMb: { readonly minute1: number; readonly end: number; readonly max: number };
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
  const file = sqliteFile(dir);
  const cleanup: Array<() => Promise<unknown>> = [];
  try {
    log('\nSoak: building dist/ (the tool runs as the image runs it: node, the Dockerfile CMD\'s flags, dist/main.js)…');
    await buildDist();
    const port = await freePort();
    const { platform, listening: platformServer } = await startPlatform(`http://127.0.0.1:${port}`);
    cleanup.push(() => platformServer.close());
    const target: SeedTarget = { platform: { issuer: platform.issuer, clientId: platform.clientId, deploymentId: platform.deploymentId }, bigCourseId: platform.course.id };

    const seedConfig = soakSeedConfig(base, config.reviews);
    const keep = process.env.SOAK_SEED_KEEP;
    const shape = `soak: ${seedConfig.reviews} reviews over ${seedConfig.items} items, ${seedConfig.bigItemReviews} on the big one`;
    const kept = keep ? keptSeed(keep, shape) : null;
    let seedSeconds: number;
    if (keep && kept) {
      log(`Soak: the seed kept in ${keep} (${kept.shape}, seeded ${kept.seededAt} in ${kept.seedSeconds} s)…`);
      restoreSeed(keep, kept, file, target.platform.issuer);
      seedSeconds = kept.seedSeconds;
    } else {
      log(`Soak: seeding ${config.reviews.toLocaleString('en')} reviews in a separate process…`);
      const seedBegan = performance.now();
      await seedInChild({ file, target, config: seedConfig });
      seedSeconds = Math.round((performance.now() - seedBegan) / 1000);
      if (keep) {
        keepSeed(file, keep, { issuer: target.platform.issuer, shape, seededAt: new Date().toISOString(), seedSeconds });
        log(`Soak: seed kept in ${keep}`);
      }
    }

    const tool = await startProductionTool({ dataDir: dir, port, logLevel: config.logLevel, nodeFlags: config.toolNodeFlags, nodeOptions: config.toolNodeOptions, mallocArenaMax: config.toolMallocArenaMax }, platform);
    cleanup.unshift(() => tool.stop());
    // This process reads and writes the same file (WAL) only to make sessions for the load's learners.
    const storage = openSqliteStorage({ file });
    cleanup.unshift(() => storage.close());

    const sid = await launchSession(platform, { user: 'learner' });
    const session = await storage.sessions.findSession(sid, new Date());
    if (!session) throw new Error('the launch did not leave a session in the store');
    const ttlMinutes = Math.round((session.expiresAt.getTime() - session.createdAt.getTime()) / 60_000);
    const readers = await createBurstLearners(storage, session.context, READERS, ttlMinutes, new Date(), 'reader');
    const paths = readers.flatMap((r, i) => {
      const s = `/s/${r.sessionId}`;
      const query = ['', '?q=practical', '?q=trainer&min=4', '?q=exercices'][i % 4];
      return [`${s}/reviews`, `${s}/reviews/summary.json`, `${s}/reviews?sort=${REVIEW_SORTS[i % REVIEW_SORTS.length]}&stars=${1 + (i % 5)}`, `${s}/catalogue${query}`];
    });

    const load = LoadClient.start();
    cleanup.unshift(() => load.stop());
    const began = performance.now();
    const idle = await tool.memory(began);
    log(`  idle after start: RSS ${idle.rssMb} MB, V8 heap ${idle.heapUsedMb} of ${idle.heapTotalMb} MB`);
    const random = prng(14);
    const samples: ProcessMemory[] = [];
    const measures: HttpMeasure[] = [];
    const posts = { sent: 0, posted: 0, failed: 0 };
    for (let minute = 1; minute <= config.minutes; minute++) {
      const writers = await createBurstLearners(storage, session.context, POSTS_PER_MINUTE, ttlMinutes, new Date(), `soak-${minute}`);
      measures.push(await load.http(`${tool.origin}/`, { connections: config.connections, durationSeconds: 60, warmupSeconds: 0, paths }));
      // Then the minute's learners post their reviews (a new generation for the big course). The load
      // generator answers one job at a time, so the posts follow the minute's reads rather than mix in.
      const body = (csrf: string) => new URLSearchParams({ _csrf: csrf, rating: String(1 + Math.floor(random() * 5)), title: 'Soak', liked: pick(['Clear examples.', 'Good pace.'], random), improve: '' }).toString();
      const sent: BurstPost[] = writers.map((w) => ({ path: `/s/${w.sessionId}/reviews`, body: body(w.csrf) }));
      const burst = await load.burst(tool.origin, sent).catch(() => null);
      posts.sent += sent.length;
      posts.posted += burst?.posted ?? 0;
      posts.failed += burst ? sent.length - (burst.statusCodes['303'] ?? 0) : sent.length;
      const sample = await tool.memory(began);
      samples.push(sample);
      const m = measures[measures.length - 1];
      log(`  minute ${minute}: RSS ${sample.rssMb} MB (peak ${sample.peakRssMb}), V8 heap ${sample.heapUsedMb} of ${sample.heapTotalMb} MB, ${m.requestsPerSecond} req/s, ${m.non2xx} non-2xx, ${m.errors} errors`);
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
      rule: `RSS (and its peak) under ${TARGET_RSS_MB} MB and growing less than ${TARGET_GROWTH_PERCENT} % from minute 1 to the end, no error`,
      rssUnder250Mb: last.peakRssMb < TARGET_RSS_MB,
      growthUnder10Percent: growth < TARGET_GROWTH_PERCENT,
      noErrors: non2xx === 0 && errors === 0 && timeouts === 0 && posts.failed === 0,
    };
    return {
      reviews: config.reviews,
      minutes: config.minutes,
      connections: config.connections,
      seedSeconds,
      tool: { command: ['node', tool.runtime.nodeFlags, 'dist/main.js'].filter(Boolean).join(' '), ...tool.runtime },
      paths: paths.slice(0, 4).map((p) => p.replace(/\/s\/[^/]+/, '/s/<reader>')),
      idle,
      minutesSampled: samples,
      rssMb: { minute1: first.rssMb, end: last.rssMb, min: Math.min(...rss), max: Math.max(...rss), peak: last.peakRssMb, growthPercent: growth },
      heapUsedMb: { minute1: first.heapUsedMb, end: last.heapUsedMb, max: Math.max(...samples.map((s) => s.heapUsedMb)) },
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
  return {
    minutes: positive('SOAK_MINUTES', 10),
    reviews: positive('SOAK_REVIEWS', 100_000),
    connections: base.connections,
    logLevel: base.logLevel,
    // Set (even to nothing) it replaces the image's flags, to compare with and without them.
    toolNodeFlags: env.SOAK_TOOL_NODE_FLAGS === undefined ? undefined : env.SOAK_TOOL_NODE_FLAGS.split(/\s+/).filter(Boolean),
    toolNodeOptions: env.SOAK_TOOL_NODE_OPTIONS?.trim() || undefined,
    toolMallocArenaMax: env.SOAK_TOOL_MALLOC_ARENA_MAX?.trim() || undefined,
  };
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
