/**
 * The catalogue's run (issue 12): 100,000 catalogue entries on one platform and deployment, seeded
 * through the store's ports (courses as launches record them, each with its instructor's description
 * and its learners' reviews, about a tenth of the entries external feed entries), served by the real
 * app. Measured in one run with the bare route: the index build at the first catalogue request, the
 * first page, and searches of every kind (whole and partial words, typos, no accents, filters) in
 * turn at 25 connections; p99 ratios against the bare route. Also the relevance figure on the
 * committed fixture (intended course in the top 3).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CatalogueEntry } from '../src/catalogue/catalogue-entry';
import { FEED_LIMITS } from '../src/catalogue/external/feed-entry';
import type { ContextKey, DeploymentKey } from '../src/context/tenant';
import { DEFAULT_SETTINGS } from '../src/panels/settings/settings-defaults';
import type { Storage } from '../src/storage/port';
import type { Rating } from '../src/storage/ports/reviews';
import { openSqliteStorage } from '../src/storage/sqlite/sqlite-storage';
import { makeCatalogue, makeRequests, relevanceOnFixture, seededRandom, type CatalogueSearchFigures } from './catalogue-search';
import { launchSession } from './launch';
import { LoadClient } from './load';
import type { HttpMeasure } from './load-protocol';
import { TARGET_RATIO } from './report';
import { reserveToolServer, startBare, startPlatform, startTool } from './servers';

export interface CatalogueRunConfig {
  readonly entries: number;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly logLevel: string;
}

export interface CatalogueRun {
  readonly entries: { readonly courses: number; readonly external: number; readonly reviews: number };
  readonly seedSeconds: number;
  /** The first catalogue request of the process: every course entry built from the store and indexed. */
  readonly indexBuildSeconds: number;
  readonly rssMbAfterBuild: number;
  readonly http: {
    readonly bare: HttpMeasure;
    readonly firstPage: HttpMeasure & { readonly p99Ratio: number };
    readonly search: HttpMeasure & { readonly p99Ratio: number };
    /** Questions nobody asked before in this run (more than the page cache keeps): every one searched and rendered. */
    readonly searchUncached: HttpMeasure & { readonly p99Ratio: number };
    readonly bareAgain: HttpMeasure;
  };
  readonly target: { readonly ratio: number; readonly met: boolean };
  readonly relevanceTop3: CatalogueSearchFigures['relevanceTop3'];
  readonly searchQueries: number;
  readonly uncachedQueries: number;
}

const EXTERNAL_SHARE = 0.1;
const UNCACHED_QUERIES = 20_000;

export async function runCatalogue(config: CatalogueRunConfig, log: (line: string) => void): Promise<CatalogueRun> {
  const dir = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'lv-bench-catalogue-'));
  const storage = openSqliteStorage({ file: path.join(dir, 'catalogue.sqlite') });
  const reserved = await reserveToolServer();
  const { platform, listening: platformServer } = await startPlatform(reserved.listening.origin);
  const tool = await startTool(storage, platform, reserved, config.logLevel);
  const bare = await startBare();
  const load = LoadClient.start();
  try {
    const deployment: DeploymentKey = { issuer: platform.issuer, clientId: platform.clientId, deploymentId: platform.deploymentId };
    const random = seededRandom(12);
    const entries = makeCatalogue(config.entries, random);
    log(`\nCatalogue: seeding ${config.entries.toLocaleString('en')} entries through the store's ports…`);
    const seedStarted = performance.now();
    const seeded = await seedCatalogue(storage, deployment, entries, log);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    log(`  ${seeded.courses.toLocaleString('en')} courses, ${seeded.reviews.toLocaleString('en')} reviews, ${seeded.external.toLocaleString('en')} external entries in ${seedSeconds.toFixed(0)} s`);

    const sid = await launchSession(platform, { user: 'learner', custom: { panel: 'catalogue' } });
    const base = `${tool.origin}/s/${sid}/catalogue`;
    const buildStarted = performance.now();
    const first = await fetch(base);
    await first.text();
    if (first.status !== 200) throw new Error(`the catalogue answered ${first.status}`);
    const indexBuildSeconds = (performance.now() - buildStarted) / 1000;
    const rssMbAfterBuild = Math.round(process.memoryUsage().rss / 1024 / 1024);
    log(`  index built at the first request in ${indexBuildSeconds.toFixed(1)} s (RSS ${rssMbAfterBuild} MB)`);

    const requests = makeRequests(entries, 400, random);
    const paths = requests.map((r) => `/s/${sid}/catalogue?${searchParams(r)}`);
    // Far more distinct questions than the shared page cache keeps (catalogue-pages.ts), so none is served from it.
    const fresh = [...new Set(makeRequests(entries, UNCACHED_QUERIES, random).map((r) => `/s/${sid}/catalogue?${searchParams(r)}`))];
    const measure = { connections: config.connections, durationSeconds: config.durationSeconds, warmupSeconds: config.warmupSeconds };
    const bareRun = await load.http(bare.origin + '/', measure);
    const firstPage = await load.http(base, measure);
    const search = await load.http(tool.origin, { ...measure, paths });
    const searchUncached = await load.http(tool.origin, { ...measure, paths: fresh });
    const bareAgain = await load.http(bare.origin + '/', measure);
    const baseline = Math.max(bareRun.latency.p99, bareAgain.latency.p99);
    const ratio = (m: HttpMeasure) => Math.round((m.latency.p99 / baseline) * 100) / 100;
    const http = {
      bare: bareRun,
      firstPage: { ...firstPage, p99Ratio: ratio(firstPage) },
      search: { ...search, p99Ratio: ratio(search) },
      searchUncached: { ...searchUncached, p99Ratio: ratio(searchUncached) },
      bareAgain,
    };
    return {
      entries: seeded,
      seedSeconds: Math.round(seedSeconds),
      indexBuildSeconds: Math.round(indexBuildSeconds * 10) / 10,
      rssMbAfterBuild,
      http,
      target: { ratio: TARGET_RATIO, met: [http.firstPage, http.search, http.searchUncached].every((m) => m.p99Ratio <= TARGET_RATIO) },
      relevanceTop3: relevanceOnFixture(),
      searchQueries: paths.length,
      uncachedQueries: fresh.length,
    };
  } finally {
    await load.stop();
    await bare.close();
    await tool.listening.close();
    await tool.tool.close();
    await platformServer.close();
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function searchParams(r: ReturnType<typeof makeRequests>[number]): string {
  const params = new URLSearchParams();
  if (r.text.trim()) params.set('q', r.text.trim());
  if (r.minRating !== undefined) params.set('min', String(r.minRating));
  if (r.language) params.set('lang', r.language);
  if (r.openConsultation) params.set('consultation', 'on');
  if (r.improved) params.set('improved', 'on');
  if (r.offset) params.set('offset', String(r.offset));
  return params.toString();
}

/**
 * Internal entries become courses as launches and instructors would write them: the catalogue record
 * (title, short name), the description in the course's settings, and one review per text (rated
 * around the entry's rating). External entries go through the external sources' store when present.
 */
async function seedCatalogue(storage: Storage, deployment: DeploymentKey, entries: readonly CatalogueEntry[], log: (line: string) => void) {
  const at = new Date(Date.UTC(2026, 10, 1));
  let courses = 0;
  let reviews = 0;
  const external: CatalogueEntry[] = [];
  const externalEvery = Math.round(1 / EXTERNAL_SHARE);
  for (const [i, entry] of entries.entries()) {
    if (i % externalEvery === externalEvery - 1) {
      external.push(entry);
      continue;
    }
    const course: ContextKey = { ...deployment, contextId: String(1000 + i) };
    await storage.catalogue.recordCourse(course, { title: entry.title, label: entry.kind === 'course' ? entry.label : undefined }, `bench-token-${i}-${'x'.repeat(8)}`, entry.updatedAt);
    await storage.settings.saveSettings(
      course,
      { ...DEFAULT_SETTINGS, catalogue: { listed: true, description: entry.description, courseUrl: '', badge: true } },
      { course, at, actor: { id: 'bench-teacher', name: 'Bench Teacher', role: 'instructor' }, action: 'settings.update', subject: { type: 'settings', id: course.contextId } },
    );
    const texts = entry.kind === 'course' ? [...entry.excerpts.map((e) => e.text), ...entry.searchTexts] : [];
    const target = entry.kind === 'course' && entry.rating ? entry.rating.average : 4;
    for (const [k, text] of texts.entries()) {
      const rating = Math.max(1, Math.min(5, Math.round(target + ((k % 3) - 1) * 0.6))) as Rating;
      await storage.reviews.saveReview(
        { item: { ...course, itemId: 'course' }, author: { id: `bench-learner-${k}`, name: `Learner ${k}` }, rating, aspects: {}, title: '', liked: text, improve: '', status: 'published', holdReasons: [], verified: true },
        at,
      );
      reviews++;
    }
    courses++;
    if (courses % 10_000 === 0) log(`  ${courses.toLocaleString('en')} courses…`);
  }
  const externalSeeded = await seedExternal(storage, deployment, external, at);
  return { courses, reviews, external: externalSeeded };
}

/**
 * External entries through the external sources' store, as the feed worker writes them: sources of
 * at most a feed's cap of entries, each claimed and given a successful fetch.
 */
async function seedExternal(storage: Storage, deployment: DeploymentKey, entries: readonly CatalogueEntry[], at: Date): Promise<number> {
  let seeded = 0;
  for (let start = 0, n = 0; start < entries.length; start += FEED_LIMITS.entries, n++) {
    const slice = entries.slice(start, start + FEED_LIMITS.entries);
    const source = await storage.externalSources.addSource({ deployment, name: `Catalogue ${n + 1}`, url: `https://feeds.example/${n}.xml`, language: 'en', addedBy: 'bench' }, at);
    if (!source) continue;
    if (!(await storage.externalSources.claimSource(source.id, at, new Date(at.getTime() + 60_000)))) continue;
    await storage.externalSources.recordFetch(source.id, {
      kind: 'success',
      at,
      nextAttemptAt: new Date(at.getTime() + 6 * 3_600_000),
      entries: slice.map((e, k) => ({ key: `e-${start + k}`, title: e.title, summary: e.description, url: `https://courses.example/${start + k}`, ...(e.language ? { language: e.language } : {}), updatedAt: e.updatedAt })),
    });
    seeded += slice.length;
  }
  return seeded;
}

/**
 * `npx tsx bench/catalogue-run.ts`: the catalogue run alone (BENCH_* sizes apply), printed; with
 * BENCH_WRITE_CATALOGUE=1 it replaces the catalogue part of bench/results.json (noted there).
 */
if (require.main === module) {
  void (async () => {
    await import('./production-mode');
    const { readBenchConfig } = await import('./bench-config');
    const { printCatalogue } = await import('./report');
    const config = readBenchConfig();
    const run = await runCatalogue({ entries: config.catalogueEntries, connections: config.connections, durationSeconds: config.durationSeconds, warmupSeconds: config.warmupSeconds, logLevel: config.logLevel }, console.log);
    printCatalogue(run, console.log);
    if (process.env.BENCH_WRITE_CATALOGUE === '1') {
      const file = path.join(__dirname, 'results.json');
      const results = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      results.catalogue = { ...run, measuredAlone: `bench/catalogue-run.ts alone, ${new Date().toISOString()}, in its own process (RSS is the catalogue's alone)` };
      fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
    }
    process.exit(0);
  })();
}
