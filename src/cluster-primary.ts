/**
 * WORKERS above 1: this process supervises that many workers (node:cluster), each running the tool
 * as a single process does (main.ts's serve) on the one port, where the system hands each new
 * connection to one of them. Instances sharing a store already behave as one (rate limits, outbox
 * claims, sessions and page generations live in the store: test/http/two-processes.test.ts), so a
 * worker is one more instance that happens to share the port; a container then uses every core it
 * is given.
 *
 * The primary:
 * - opens the store once before any worker, so that migrations run once instead of racing;
 * - starts the workers, each with its index (worker 0 alone runs the retention purge; every worker
 *   runs the grade outbox, alerts and feed workers, as instances on one store do);
 * - stops everything with one line when a worker exits before it listens (a start that cannot work
 *   would only loop), and replaces a worker that dies later, with the same index, after a pause that
 *   doubles with each death in a row (up to 30 s);
 * - serves the metrics of all workers on METRICS_PORT (prom-client's cluster aggregation);
 * - on SIGTERM or SIGINT asks every worker to drain (each finishes its requests in flight, as one
 *   process does) and exits once they all have, or kills them past the drain time.
 */
import cluster, { type Worker } from 'node:cluster';
import type http from 'node:http';
import { AggregatorRegistry, type Registry } from 'prom-client';
import type { Config } from './config';
import type { Logger } from './http/logger';
import { drainServer } from './http/drain-server';
import { metricsPlace } from './metrics/metrics-config';
import { listenMetrics, metricsApp } from './metrics/metrics-server';
import type { Storage } from './storage/port';

/** The worker's index, given by the primary in its environment. */
export const WORKER_INDEX_VARIABLE = 'LV_WORKER_INDEX';

const MAX_RESTART_PAUSE_MS = 30_000;
/** A worker that lived this long before dying starts the doubling pause again from one second. */
const STABLE_AFTER_MS = 60_000;

export interface PrimaryDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly openStorage: (config: Config) => Promise<Storage>;
  /** The lines printed once every worker listens (main.ts's banner). */
  readonly banner: (storeKind: string) => string;
}

interface Running {
  readonly worker: Worker;
  readonly startedAt: number;
  listening: boolean;
}

export async function runPrimary(deps: PrimaryDeps): Promise<void> {
  const { config, logger } = deps;
  const storage = await deps.openStorage(config);
  const storeKind = storage.kind;
  await storage.close();

  const running = new Map<number, Running>();
  const deathsInARow = new Map<number, number>();
  let stopping = false;
  let bannerShown = false;
  let metricsServer: http.Server | undefined;

  const fork = (index: number) => {
    const worker = cluster.fork({ [WORKER_INDEX_VARIABLE]: String(index) });
    const entry: Running = { worker, startedAt: Date.now(), listening: false };
    running.set(index, entry);
    worker.once('listening', () => {
      entry.listening = true;
      if (!bannerShown && [...running.values()].filter((r) => r.listening).length === config.workers) {
        bannerShown = true;
        console.log(deps.banner(storeKind) + `\n${config.workers} workers serve port ${config.port} (WORKERS).\n`);
      }
    });
    worker.once('exit', (code, signal) => onExit(index, entry, code, signal));
  };

  const onExit = (index: number, entry: Running, code: number | null, signal: string | null) => {
    if (running.get(index) !== entry) return;
    running.delete(index);
    if (stopping) return;
    if (!entry.listening) {
      // The worker printed why (config, store, port): the others would fail the same way.
      logger.error({ worker: index, code, signal }, 'a worker stopped before it could serve: stopping');
      void stopAll(1);
      return;
    }
    const lived = Date.now() - entry.startedAt;
    const deaths = lived > STABLE_AFTER_MS ? 1 : (deathsInARow.get(index) ?? 0) + 1;
    deathsInARow.set(index, deaths);
    const pauseMs = Math.min(MAX_RESTART_PAUSE_MS, 1000 * 2 ** (deaths - 1));
    logger.error({ worker: index, code, signal, restartInMs: pauseMs }, 'a worker stopped: starting another');
    setTimeout(() => {
      if (!stopping) fork(index);
    }, pauseMs).unref();
  };

  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    const exited = [...running.values()].map(({ worker }) => new Promise<void>((resolve) => (worker.isDead() ? resolve() : worker.once('exit', () => resolve()))));
    for (const { worker } of running.values()) worker.process.kill('SIGTERM');
    // Each worker drains for SHUTDOWN_DRAIN_SECONDS, then closes its store: a few seconds more.
    const deadline = setTimeout(() => {
      for (const { worker } of running.values()) worker.process.kill('SIGKILL');
    }, (config.shutdownDrainSeconds + 5) * 1000);
    await Promise.all([Promise.all(exited), metricsServer ? drainServer(metricsServer, 1000) : undefined]);
    clearTimeout(deadline);
    if (exitCode === 0) logger.info('stopped');
    process.exit(exitCode);
  };

  if (metricsPlace(config.metrics) === 'admin-port') {
    const aggregated = new AggregatorRegistry();
    const source = { registry: { metrics: () => aggregated.clusterMetrics(), contentType: aggregated.contentType } };
    try {
      metricsServer = await listenMetrics(metricsApp(source, config, logger), config.metrics.port!, config.metrics.host);
    } catch (err) {
      console.error(`Learner Voice cannot start: ${(err as Error).message}`);
      process.exit(1);
    }
  }

  const onSignal = (signal: string) => {
    logger.info({ signal, drainSeconds: config.shutdownDrainSeconds, workers: running.size }, 'shutting down: every worker finishes its requests in flight');
    void stopAll(0);
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  for (let index = 0; index < config.workers; index++) fork(index);
}

/** In a worker: its index (0 runs the retention purge); null when this process is not a worker. */
export function workerIndex(env: NodeJS.ProcessEnv): number | null {
  if (!cluster.isWorker) return null;
  const index = Number(env[WORKER_INDEX_VARIABLE]);
  return Number.isInteger(index) && index >= 0 ? index : 0;
}

/** In a worker: answer the primary's metric requests with this worker's registry. */
export function shareMetricsWithPrimary(registry: Registry): void {
  AggregatorRegistry.setRegistries([registry]);
  // The constructor is what makes prom-client listen for the primary's requests in a worker.
  new AggregatorRegistry();
}
