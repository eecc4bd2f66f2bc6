/**
 * One complete run on one store: seed, start the servers, launch the measured learner, measure the
 * three targets with autocannon, time the store calls, run the burst, and close everything.
 */
import type { Storage } from '../src/storage/port';
import type { ItemKey } from '../src/storage/ports/reviews';
import { DEFAULT_SETTINGS } from '../src/panels/settings/settings-defaults';
import type { BenchConfig } from './bench-config';
import { runBurst } from './burst';
import { createBurstLearners } from './burst-sessions';
import { contention, snapshot, waitForQuiet } from './cpu-meter';
import { launchSession } from './launch';
import { sampleMemory } from './memory-sample';
import { LoadClient } from './load';
import { portTimings } from './port-timings';
import { MANY_LEARNERS, TARGET_RATIO, withRatios, type StoreRun, type Unrated } from './report';
import { withReviews, type ReviewStorage } from './review-storage';
import { seedReviews, type SeedResult } from './seed';
import { BIG_ITEM_ASPECTS, itemKey, type SeedTarget } from './seed-plan';
import { reserveToolServer, startBare, startPlatform, startTool } from './servers';

/** The machine is shared: each measurement waits up to this long for other processes to go quiet. */
const QUIET_WAIT_SECONDS = 45;

export interface StoreRunOptions {
  readonly kind: 'sqlite' | 'mongo';
  /** Opens the store that is measured. */
  readonly open: () => Promise<Storage>;
  /**
   * When set, seeding runs on this other store, which is then closed and handed over with
   * `handOver` (SQLite: a copy of the file from memory-backed tmpfs to the disk) before `open`.
   */
  readonly seedElsewhere?: { readonly open: () => Promise<Storage>; readonly handOver: () => void; readonly placement: string };
  readonly placement: string;
  /** Bytes the store occupies after seeding, when it can tell (SQLite: file + WAL). */
  readonly size?: () => number;
  readonly diskSample?: SeedResult;
  readonly config: BenchConfig;
  readonly log: (line: string) => void;
  readonly notes?: readonly string[];
}

export async function runOnStore(options: StoreRunOptions): Promise<StoreRun> {
  const { config, log } = options;
  const cleanup: Array<() => Promise<unknown>> = [];
  try {
    const reserved = await reserveToolServer();
    cleanup.push(() => reserved.listening.close());
    const { platform, listening: platformServer } = await startPlatform(reserved.listening.origin);
    cleanup.push(() => platformServer.close());

    const target: SeedTarget = { platform: { issuer: platform.issuer, clientId: platform.clientId, deploymentId: platform.deploymentId }, bigCourseId: platform.course.id };
    const bigItem: ItemKey = itemKey(target, 0);
    const { storage, seed } = await seedStore(options, target, bigItem, (s) => cleanup.push(() => s.close()));
    const seeded = await storage.reviews.summary(bigItem, new Date());
    const summaryMatchesSeed = seeded.overall.count === seed.bigItemExpected.count && seeded.overall.sum === seed.bigItemExpected.sum;
    if (!summaryMatchesSeed) log(`  WARNING: big item summary ${seeded.overall.count}/${seeded.overall.sum} differs from what was seeded ${seed.bigItemExpected.count}/${seed.bigItemExpected.sum}`);

    const tool = await startTool(storage, platform, reserved, config.logLevel);
    cleanup.unshift(() => tool.tool.close());
    const bare = await startBare();
    cleanup.unshift(() => bare.close());

    // The measured learner comes through a real LTI launch into the big item's course.
    const sid = await launchSession(platform, { user: 'learner' });
    const session = await storage.sessions.findSession(sid, new Date());
    if (!session) throw new Error('the launch did not leave a session in the store');
    const panelUrl = `${tool.origin}/s/${sid}/reviews`;
    const summaryUrl = `${tool.origin}/s/${sid}/reviews/summary.json`;
    await checkPages(panelUrl, summaryUrl, seeded.overall.count);

    // The same page for many learners in turn: pages are cached per course (shared by its learners),
    // never per session, and this shows it (each view still reads its learner's own rows).
    const readers = await createBurstLearners(storage, session.context, MANY_LEARNERS, tool.config.sessionTtlMinutes, new Date(), 'reader');
    const readerPaths = readers.map((r) => `/s/${r.sessionId}/reviews`);

    const load = LoadClient.start();
    cleanup.unshift(() => load.stop());
    const measure = async (name: string, url: string, paths?: readonly string[]): Promise<Unrated> => {
      const waited = await waitForQuiet(QUIET_WAIT_SECONDS);
      log(`Measuring ${name} (${config.connections} connections, ${config.warmupSeconds} s warm-up + ${config.durationSeconds} s)${waited ? `, after waiting ${waited} s for other processes to calm down` : ''}…`);
      const before = snapshot();
      const result = await load.http(url, { connections: config.connections, durationSeconds: config.durationSeconds, warmupSeconds: config.warmupSeconds, paths });
      return { ...result, contention: { ...contention(before, snapshot(), result.clientCpuMs), waitedForQuietSeconds: waited } };
    };
    const bareFirst = await measure('the bare Express route', `${bare.origin}/`);
    const panel = await measure('the panel page', panelUrl);
    const panelManyLearners = await measure(`the panel page for ${MANY_LEARNERS} learners in turn`, panelUrl, readerPaths);
    const summary = await measure('the summary endpoint', summaryUrl);
    const bareAgain = await measure('the bare Express route again', `${bare.origin}/`);
    const http = withRatios({ bare: bareFirst, bareAgain, panel, panelManyLearners, summary });

    log('Timing the store calls behind the panel page…');
    const timings = await portTimings(storage, session, bigItem);

    log(`Burst: ${config.burst} learners post a review at once…`);
    const learners = await createBurstLearners(storage, session.context, config.burst, tool.config.sessionTtlMinutes);
    const burst = await runBurst(storage, tool.origin, bigItem, learners, load);
    const memoryAtEnd = sampleMemory(performance.now());
    log(`  RSS at the end of the run: ${memoryAtEnd.rssMb} MB (V8 heap ${memoryAtEnd.heapUsedAfterGcMb} MB live)`);

    return {
      store: options.kind,
      seed: { ...seed, storeBytes: options.size?.(), summaryMatchesSeed, placement: options.seedElsewhere?.placement ?? options.placement, diskSample: options.diskSample },
      http,
      target: {
        rule: `panel page p99 within ${TARGET_RATIO}× the bare route's p99 at ${config.connections} connections`,
        panelP99Ratio: http.panel.p99Ratio,
        met: http.panel.p99Ratio <= TARGET_RATIO && http.panel.non2xx === 0,
      },
      portTimings: timings,
      burst,
      memoryAtEnd,
      notes: options.notes ?? [],
    };
  } finally {
    for (const step of cleanup) await step().catch((err: unknown) => log(`cleanup: ${err instanceof Error ? err.message : String(err)}`));
  }
}

/** Seeds (on the measured store, or elsewhere then hands over) and returns the store to measure. */
async function seedStore(options: StoreRunOptions, target: SeedTarget, bigItem: ItemKey, closeLater: (s: Storage) => void): Promise<{ storage: ReviewStorage; seed: SeedResult }> {
  const { config, log } = options;
  const elsewhere = options.seedElsewhere;
  const seeding = withReviews(await (elsewhere ?? options).open());
  if (!elsewhere) closeLater(seeding);
  // The measured course asks for three aspect ratings, so the summary has per-aspect figures too.
  await seeding.settings.saveSettings(bigItem, { ...DEFAULT_SETTINGS, aspects: [...BIG_ITEM_ASPECTS] }, { course: bigItem, at: new Date(), actor: { id: 'bench', name: 'Bench seeding', role: 'instructor' }, action: 'settings.update', subject: { type: 'settings', id: bigItem.contextId } });
  log(`Seeding ${config.reviews.toLocaleString('en')} reviews through ${options.kind} saveReview (${elsewhere?.placement ?? options.placement})…`);
  const seed = await seedReviews(seeding.reviews, target, config, new Date(), log);
  if (!elsewhere) return { storage: seeding, seed };

  await seeding.close();
  const began = performance.now();
  elsewhere.handOver();
  log(`  handed the seeded store over to the measured location in ${((performance.now() - began) / 1000).toFixed(1)} s`);
  const storage = withReviews(await options.open());
  closeLater(storage);
  return { storage, seed };
}

/** Before measuring, make sure the pages show what a learner should see, or the figures mean nothing. */
async function checkPages(panelUrl: string, summaryUrl: string, published: number): Promise<void> {
  const panel = await fetch(panelUrl);
  const html = await panel.text();
  const cards = html.match(/<article class="review/g)?.length ?? 0;
  if (panel.status !== 200 || cards < 5) throw new Error(`the panel page answered ${panel.status} with ${cards} review cards: ${html.slice(0, 300)}`);
  const summary = await fetch(summaryUrl);
  const json = (await summary.json()) as { visible?: boolean; count?: number };
  if (summary.status !== 200 || json.visible !== true || json.count !== published)
    throw new Error(`summary.json answered ${summary.status}: ${JSON.stringify(json)} (expected ${published} visible ratings)`);
}
