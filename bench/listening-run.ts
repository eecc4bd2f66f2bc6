/**
 * The Listening overview's run (issue 15, "Across courses"): 1,000 courses and LISTENING_REVIEWS
 * published reviews (1,000,000 by default, two in three answered) seeded through the storage port by
 * listening-seed.ts, served by the real app; a platform administrator gets a session by a real LTI
 * 1.3 launch and the overview page (`/listening`, every course's figures read, ranked, the first page
 * rendered) is loaded at 25 connections, the bare route before and after it in the same run.
 * Target: the page's p99 within ×3 of the bare route's.
 *
 * Seeding goes through saveReview and respond (one IMMEDIATE transaction each), so, like the main
 * run (sqlite-run.ts), it writes to a WAL file on /dev/shm when that has room; the file is closed
 * and copied to the disk temp dir, where it is measured.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DeploymentKey } from '../src/context/tenant';
import { overviewRanges } from '../src/listening/course-overview';
import type { Storage } from '../src/storage/port';
import { listeningWindow } from '../src/storage/shared/listening-figures';
import { openSqliteStorage } from '../src/storage/sqlite/sqlite-storage';
import { startCpuProfile, profileReport } from './cpu-profile';
import { launchSession } from './launch';
import { seedListening, seededContextId } from './listening-seed';
import { keepSeed, keptSeed, restoreSeed } from './seed-keep';
import { LoadClient } from './load';
import type { HttpMeasure } from './load-protocol';
import { TARGET_RATIO } from './report';
import { reserveToolServer, startBare, startPlatform, startTool } from './servers';
import { tmpfsWithRoom } from './sqlite-run';

export const LISTENING_COURSES = 1_000;

export interface ListeningRunConfig {
  readonly reviews: number;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly logLevel: string;
}

export interface ListeningRun {
  readonly courses: number;
  readonly reviews: number;
  readonly seedSeconds: number;
  readonly seedPlacement: string;
  /**
   * One at a time on the idle server (ms): the first page, which assembles the overview; then,
   * median of 5, the port's figures (the response figures among them), the ratings per day over 180
   * days (the trends and sparklines), a page with the overview kept (listening/overview-cache.ts),
   * and a page right after a new review in one course (that course read again, the rest reused).
   */
  readonly alone: { readonly firstPageMs: number; readonly figuresMs: number; readonly ratingDaysMs: number; readonly ratingDayRows: number; readonly pageMs: number; readonly afterReviewMs: number };
  readonly http: {
    readonly bare: HttpMeasure;
    readonly overview: HttpMeasure & { readonly p99Ratio: number };
    readonly bareAgain: HttpMeasure;
  };
  readonly target: { readonly ratio: number; readonly met: boolean };
}

export async function runListening(config: ListeningRunConfig, log: (line: string) => void): Promise<ListeningRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lv-bench-listening-'));
  const file = path.join(dir, 'listening.sqlite');
  const fast = tmpfsWithRoom(config.reviews);
  const seedDir = fast ? fs.mkdtempSync(path.join(fast, 'lv-bench-listening-seed-')) : dir;
  const reserved = await reserveToolServer();
  const { platform, listening: platformServer } = await startPlatform(reserved.listening.origin);
  let storage: ReturnType<typeof openSqliteStorage> | null = null;
  let tool: Awaited<ReturnType<typeof startTool>> | null = null;
  const bare = await startBare();
  const load = LoadClient.start();
  try {
    const deployment: DeploymentKey = { issuer: platform.issuer, clientId: platform.clientId, deploymentId: platform.deploymentId };
    const seedFile = path.join(seedDir, 'listening.sqlite');
    const keep = process.env.LISTENING_SEED_KEEP;
    const shape = `listening: ${LISTENING_COURSES} courses, ${config.reviews} reviews`;
    const kept = keep ? keptSeed(keep, shape) : null;
    let seedSeconds: number;
    let measured: string;
    let seedPlacement: string;
    if (keep && kept) {
      log(`\nListening overview: the seed kept in ${keep} (${kept.shape}, seeded ${kept.seededAt} in ${kept.seedSeconds} s), copied to ${dir}…`);
      restoreSeed(keep, kept, file, deployment.issuer);
      seedSeconds = kept.seedSeconds;
      measured = file;
      seedPlacement = `kept from an earlier run (${kept.seededAt}) and copied to ${dir} on the disk, where it was measured`;
    } else {
      log(`\nListening overview: seeding ${LISTENING_COURSES.toLocaleString('en')} courses and ${config.reviews.toLocaleString('en')} reviews through the storage port${fast ? ` on ${fast}` : ''}…`);
      const seedStarted = performance.now();
      const seeding = openSqliteStorage({ file: seedFile });
      try {
        await seedListening(seeding, deployment, {
          courses: LISTENING_COURSES,
          reviews: config.reviews,
          now: new Date(),
          progress: (n) => log(`  ${n.toLocaleString('en')} reviews… (${((performance.now() - seedStarted) / 1000).toFixed(0)} s)`),
        });
      } finally {
        // Closing checkpoints the WAL into the main file: that file is the whole database.
        await seeding.close();
      }
      if (fast) fs.copyFileSync(seedFile, file);
      seedSeconds = (performance.now() - seedStarted) / 1000;
      log(`  seeded in ${seedSeconds.toFixed(0)} s`);
      measured = fast ? file : seedFile;
      seedPlacement = fast ? `through the port into a WAL file on ${fast}, closed and copied to ${dir} on the disk, where it was measured` : `through the port on ${dir}`;
      if (keep) keepSeed(measured, keep, { issuer: deployment.issuer, shape, seededAt: new Date().toISOString(), seedSeconds: Math.round(seedSeconds) });
    }

    storage = openSqliteStorage({ file: measured });
    tool = await startTool(storage, platform, reserved, config.logLevel);
    const sid = await launchSession(platform, { user: 'admin' });
    const overviewUrl = `${tool.origin}/s/${sid}/listening`;
    // The first page assembles the overview (every course's figures read); later ones reuse it.
    const firstStarted = performance.now();
    const first = await fetchPage(overviewUrl);
    const firstPageMs = Math.round((performance.now() - firstStarted) * 10) / 10;
    const html = first.text;
    if (first.status !== 200 || !html.includes('overview-caption')) throw new Error(`the overview answered ${first.status}: ${html.slice(0, 300)}`);
    log(`  the overview page: ${Buffer.byteLength(html).toLocaleString('en')} bytes`);

    const alone = { firstPageMs, ...(await timeAlone(storage, deployment, overviewUrl)) };
    log(`  alone: first page ${alone.firstPageMs} ms; figures ${alone.figuresMs} ms, ratings per day ${alone.ratingDaysMs} ms (${alone.ratingDayRows.toLocaleString('en')} rows), a page with the overview kept ${alone.pageMs} ms, after a review in one course ${alone.afterReviewMs} ms`);

    const measure = { connections: config.connections, durationSeconds: config.durationSeconds, warmupSeconds: config.warmupSeconds };
    const bareRun = await load.http(bare.origin + '/', measure);
    // LISTENING_PROFILE=1: where this process's CPU goes while the overview is loaded (printed).
    const stopProfile = process.env.LISTENING_PROFILE === '1' ? await startCpuProfile() : null;
    const overview = await load.http(overviewUrl, measure);
    if (stopProfile) log(profileReport(await stopProfile(), 25));
    // The bare route shares this process's event loop: wait until the requests still queued behind
    // the overview's last ones are served, so the second bare run measures an idle server.
    await fetchPage(overviewUrl);
    const bareAgain = await load.http(bare.origin + '/', measure);
    // Against the slower of the two bare runs, as the catalogue's run does: the machine is shared.
    const baseline = Math.max(bareRun.latency.p99, bareAgain.latency.p99);
    const p99Ratio = Math.round((overview.latency.p99 / baseline) * 100) / 100;
    return {
      courses: LISTENING_COURSES,
      reviews: config.reviews,
      seedSeconds: Math.round(seedSeconds),
      alone,
      seedPlacement,
      http: { bare: bareRun, overview: { ...overview, p99Ratio }, bareAgain },
      // Only answered requests count: a run whose requests all timed out has no p99 to compare.
      target: { ratio: TARGET_RATIO, met: overview.requests > 0 && overview.timeouts === 0 && overview.non2xx === 0 && p99Ratio <= TARGET_RATIO },
    };
  } finally {
    await load.stop();
    await bare.close();
    if (tool) {
      await tool.listening.close();
      await tool.tool.close();
    } else await reserved.listening.close();
    await platformServer.close();
    if (storage) await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
    if (fast) fs.rmSync(seedDir, { recursive: true, force: true });
  }
}

/**
 * A GET of the page, once more on a network error: a kept-alive socket left idle longer than the
 * server's keep-alive timeout (5 s) can be closed under fetch's feet (ECONNRESET).
 */
async function fetchPage(url: string): Promise<{ status: number; text: string }> {
  const once = async () => {
    const res = await fetch(url);
    return { status: res.status, text: await res.text() };
  };
  return once().catch(once);
}

async function medianMs(run: () => Promise<unknown>, times = 5, before?: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    await before?.();
    const started = performance.now();
    await run();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return Math.round(ms[Math.floor(times / 2)] * 10) / 10;
}

async function timeAlone(storage: Storage, deployment: DeploymentKey, overviewUrl: string): Promise<Omit<ListeningRun['alone'], 'firstPageMs'>> {
  const now = new Date();
  const ranges = overviewRanges(now);
  const pageMs = await medianMs(() => fetchPage(overviewUrl));
  const figuresMs = await medianMs(() => storage.listening.deploymentFigures(deployment, listeningWindow(now)));
  const ratingDaysMs = await medianMs(() => storage.ratingDays.deploymentRanges(deployment, ranges));
  const ratingDayRows = (await storage.ratingDays.deploymentRanges(deployment, ranges)).length;
  let written = 0;
  const afterReviewMs = await medianMs(
    () => fetchPage(overviewUrl),
    5,
    async () => {
      const item = { ...deployment, contextId: seededContextId(written % 7), itemId: 'course' };
      await storage.reviews.saveReview({ item, author: { id: `bench-after-${written++}`, name: 'Bench' }, rating: 2, aspects: {}, title: '', liked: '', improve: '', status: 'published', holdReasons: [], verified: true }, new Date());
    },
  );
  return { figuresMs, ratingDaysMs, ratingDayRows, pageMs, afterReviewMs };
}

export function printListening(run: ListeningRun, log: (line: string) => void): void {
  const row = (name: string, m: HttpMeasure, ratio?: number) =>
    log(`  ${name.padEnd(28)} ${m.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${m.latency.p50.toFixed(2).padStart(7)} ms  p99 ${m.latency.p99.toFixed(2).padStart(7)} ms${ratio !== undefined ? `  ×${ratio.toFixed(2)} bare` : ''}${m.non2xx ? `  ${m.non2xx} non-2xx` : ''}`);
  log(`\nListening overview (${run.courses.toLocaleString('en')} courses, ${run.reviews.toLocaleString('en')} reviews, seeded in ${run.seedSeconds} s):`);
  log(`  one request alone: the first page ${run.alone.firstPageMs} ms (assembles the overview: the port's figures ${run.alone.figuresMs} ms, ratings per day ${run.alone.ratingDaysMs} ms, ${run.alone.ratingDayRows.toLocaleString('en')} rows), a page with it kept ${run.alone.pageMs} ms, a page after a review in one course ${run.alone.afterReviewMs} ms`);
  row('bare route', run.http.bare);
  row('listening overview', run.http.overview, run.http.overview.p99Ratio);
  if (run.http.overview.timeouts) log(`  ${run.http.overview.timeouts} overview requests timed out (autocannon's 10 s)`);
  row('bare route again', run.http.bareAgain);
  log(`  target p99 within ×${run.target.ratio} of the bare route: ${run.target.met ? 'met' : 'missed'}`);
}

/**
 * `npx tsx bench/listening-run.ts`: the overview's run alone (LISTENING_REVIEWS and the BENCH_*
 * durations apply), printed; with BENCH_WRITE_LISTENING=1 it replaces the `listening` part of
 * bench/results.json (noted there).
 */
if (require.main === module) {
  void (async () => {
    await import('./production-mode');
    const { readBenchConfig } = await import('./bench-config');
    const config = readBenchConfig();
    const run = await runListening({ reviews: config.listeningReviews, connections: config.connections, durationSeconds: config.durationSeconds, warmupSeconds: config.warmupSeconds, logLevel: config.logLevel }, console.log);
    printListening(run, console.log);
    if (process.env.BENCH_WRITE_LISTENING === '1') {
      const file = path.join(__dirname, 'results.json');
      const results = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      results.listening = { ...run, measuredAlone: `bench/listening-run.ts alone, ${new Date().toISOString()}, LISTENING_REVIEWS=${config.listeningReviews}` };
      fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
    }
    process.exit(0);
  })();
}
