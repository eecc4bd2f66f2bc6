/**
 * npm run bench: issue 3's "Speed and scale" measurement, in one run.
 * SQLite (a WAL file in a temp dir, the production default) always; MongoDB when MONGODB_URI is set.
 * Writes bench/results.json; exits non-zero when a correctness check fails (a non-2xx answer, a
 * burst response that is not 303, a summary that is not exact), not when the speed target is missed.
 */
import './production-mode';
import path from 'node:path';
import { mongoVariant, readBenchConfig } from './bench-config';
import { runMongo } from './mongo-run';
import { machine, printCatalogue, printRun, printSoak, writeResults, type BenchResults, type StoreRun } from './report';
import { readSoakConfig, runSoak } from './soak-run';
import { runCatalogue } from './catalogue-run';
import { printLaunch, runLaunchBoth } from './launch-run';
import { printListening, runListening } from './listening-run';
import { runSqlite } from './sqlite-run';

const RESULTS_FILE = path.join(__dirname, 'results.json');
const log = (line: string) => console.log(line);

function isRun(value: BenchResults['sqlite'] | BenchResults['mongo']): value is StoreRun {
  return 'http' in value;
}

function correct(run: StoreRun): boolean {
  const h = run.http;
  return run.seed.summaryMatchesSeed && run.burst.ok && [h.bare, h.bareAgain, h.panel, h.summary].every((m) => m.non2xx === 0 && m.errors === 0 && m.timeouts === 0);
}

async function main(): Promise<number> {
  const config = readBenchConfig();
  if (config.overrides.length) log(`Smaller run than the spec: ${config.overrides.join(', ')} (recorded in results.json)`);
  const started = performance.now();

  let sqlite: BenchResults['sqlite'];
  try {
    sqlite = await runSqlite(config, log);
  } catch (err) {
    sqlite = { failed: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    log(`SQLite run failed: ${sqlite.failed}`);
  }

  const mongoUri = process.env.MONGODB_URI?.trim();
  let mongo: BenchResults['mongo'];
  if (!mongoUri) {
    mongo = { skipped: 'MONGODB_URI is not set: no MongoDB figures in this run (none is reachable on the machine that ran it).' };
    log('\nMongoDB: skipped (MONGODB_URI is not set).');
  } else {
    mongo = await runMongo(mongoUri, mongoVariant(config), log).catch((err: unknown) => ({ failed: err instanceof Error ? (err.stack ?? err.message) : String(err) }));
  }

  let catalogue: BenchResults['catalogue'];
  try {
    catalogue = await runCatalogue(
      { entries: config.catalogueEntries, connections: config.connections, durationSeconds: config.durationSeconds, warmupSeconds: config.warmupSeconds, logLevel: config.logLevel },
      log,
    );
  } catch (err) {
    catalogue = { failed: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    log(`Catalogue run failed: ${catalogue.failed}`);
  }

  let launch: NonNullable<BenchResults['launch']>;
  try {
    launch = await runLaunchBoth({ connections: config.connections, durationSeconds: config.durationSeconds, warmupSeconds: config.warmupSeconds, logLevel: config.logLevel }, log);
  } catch (err) {
    launch = { failed: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    log(`Launch run failed: ${launch.failed}`);
  }

  let listening: NonNullable<BenchResults['listening']>;
  try {
    listening = await runListening(
      { reviews: config.listeningReviews, connections: config.connections, durationSeconds: config.durationSeconds, warmupSeconds: config.warmupSeconds, logLevel: config.logLevel },
      log,
    );
  } catch (err) {
    listening = { failed: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    log(`Listening run failed: ${listening.failed}`);
  }

  // SOAK_MINUTES=0 leaves the soak out (10 minutes by default).
  let soak: BenchResults['soak'];
  if (process.env.SOAK_MINUTES === '0') soak = { skipped: 'SOAK_MINUTES=0' };
  else {
    try {
      soak = await runSoak(readSoakConfig(process.env, config), config, log);
    } catch (err) {
      soak = { failed: err instanceof Error ? (err.stack ?? err.message) : String(err) };
      log(`Soak failed: ${soak.failed}`);
    }
  }

  const results: BenchResults = {
    verdict: {
      sqliteTargetMet: isRun(sqlite) ? sqlite.target.met : null,
      sqlitePanelP99Ratio: isRun(sqlite) ? sqlite.target.panelP99Ratio : null,
      burstExact: isRun(sqlite) ? sqlite.burst.ok : null,
      mongo: isRun(mongo) ? 'measured' : 'skipped' in mongo ? 'skipped' : 'failed',
      soakTargetMet: soak && 'minutesSampled' in soak ? soak.target.met : null,
      listeningTargetMet: 'http' in listening ? listening.target.met : null,
    },
    machine: machine(),
    config: { ...config, nodeEnv: process.env.NODE_ENV ?? '', loadGenerator: 'autocannon 9 in a forked process (the tool runs alone in this one)' },
    sqlite,
    mongo,
    catalogue,
    launch,
    listening,
    soak,
  };
  if (isRun(sqlite)) printRun(sqlite, log);
  if (isRun(mongo)) printRun(mongo, log);
  if ('http' in catalogue) printCatalogue(catalogue, log);
  if ('launch' in launch) printLaunch(launch, log);
  if ('http' in listening) printListening(listening, log);
  if (soak && 'minutesSampled' in soak) printSoak(soak, log);
  writeResults(RESULTS_FILE, results);
  log(`\nWrote ${path.relative(process.cwd(), RESULTS_FILE)} (${((performance.now() - started) / 60_000).toFixed(1)} min in total).`);

  const runs = [sqlite, mongo].filter(isRun);
  const catalogueCorrect = 'http' in catalogue && [catalogue.http.firstPage, catalogue.http.search, catalogue.http.searchUncached].every((m) => m.non2xx === 0 && m.errors === 0 && m.timeouts === 0);
  const launchCorrect = 'launch' in launch && launch.launch.errors === 0 && launch.bare.non2xx === 0 && launch.bare.errors === 0;
  const listeningCorrect = 'http' in listening && [listening.http.bare, listening.http.overview, listening.http.bareAgain].every((m) => m.non2xx === 0 && m.errors === 0 && m.timeouts === 0);
  const soakCorrect = !soak || 'skipped' in soak || ('minutesSampled' in soak && soak.target.noErrors);
  const ok = isRun(sqlite) && !('failed' in mongo) && runs.every(correct) && catalogueCorrect && launchCorrect && listeningCorrect && soakCorrect;
  if (!ok) log('A correctness check failed: see above and results.json.');
  return ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
    // Everything was closed; if a library still holds a handle, do not hang the terminal.
    setTimeout(() => {
      log('warning: handles still open after cleanup; exiting');
      process.exit(code);
    }, 5_000).unref();
  },
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
