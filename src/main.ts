/**
 * Process entry: read .env and config, open storage, create the app, listen, close cleanly on SIGTERM/SIGINT.
 * With WORKERS above 1, this process supervises that many workers (cluster-primary.ts), each of which
 * runs serve() below. The only file that reads process.env.
 */
import cluster from 'node:cluster';
import http from 'node:http';
import { createApp } from './app';
import { ConfigError, readConfig, toolUrls, type Config } from './config';
import { EnvFileError, loadEnvFile } from './env-file';
import { refuseConnectMethod } from './http/connect-method';
import { createLogger, type Logger } from './http/logger';
import { guardProcess } from './process-guards';
import { drainServer } from './http/drain-server';
import { openStorage } from './storage/open-storage';
import { FeedWorker } from './catalogue/external/feed-worker';
import { feedSettings } from './catalogue/external/feed-settings';
import { MentionWorker } from './listening/mentions/mention-worker';
import { foundMentionOf, raiseMentionAlert } from './listening/alerts/raise-alert';
import { retentionJob } from './retention/retention-job';
import { describeRetention } from './retention/retention-policy';
import { createMetrics } from './metrics/tool-metrics';
import { metricsPlace } from './metrics/metrics-config';
import { listenMetrics, metricsApp } from './metrics/metrics-server';
import { runPrimary, shareMetricsWithPrimary, workerIndex } from './cluster-primary';

const PURGE_EVERY_MS = 10 * 60_000;

async function main(): Promise<void> {
  let config: Config;
  try {
    loadEnvFile(process.env);
    config = readConfig(process.env);
  } catch (err) {
    if (err instanceof EnvFileError) {
      console.error(`Learner Voice cannot start: ${err.message}`);
      process.exit(1);
    }
    if (err instanceof ConfigError) {
      console.error(`Learner Voice cannot start.\n${err.message}\nSee .env.example for every setting.`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  guardProcess(logger);
  if (config.workers > 1 && cluster.isPrimary) return runPrimary({ config, logger, openStorage, banner: (store) => banner(config, store) });
  await serve(config, logger, workerIndex(process.env));
}

/**
 * One process serving the port: the whole tool when WORKERS is 1 (worker null), else one worker of
 * several. Every worker runs the grade outbox, alerts and feed workers, as separate instances on one
 * store do (claims and leases share the work, and a post nudges its own process's outbox and alerts);
 * worker 0 (or the single process) alone runs the retention purge. The primary, not a worker, prints
 * the banner and serves METRICS_PORT.
 */
async function serve(config: Config, processLogger: Logger, worker: number | null): Promise<void> {
  // A worker's lines say which worker wrote them.
  const logger = worker === null ? processLogger : processLogger.child({ worker });
  const storage = await openStorage(config);
  const runsPurge = worker === null || worker === 0;
  // The process's own metrics (event-loop lag, memory, GC) once per process, beside the app's.
  const metrics = createMetrics({ processMetrics: true });
  if (worker !== null) shareMetricsWithPrimary(metrics.registry);
  const tool = await createApp({ config, storage, logger, metrics });
  // Scores waiting for the LMS gradebook, read from the store at each scrape (so every process shows the same depth).
  metrics.readOutboxDepthFrom(() => storage.gradeOutbox.countPending());
  const server = http.createServer(tool.app);
  refuseConnectMethod(server);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, resolve);
    });
  } catch (err) {
    console.error(`Learner Voice cannot start: ${listenProblem(err as NodeJS.ErrnoException, config)}`);
    await tool.close().catch(() => undefined);
    await storage.close().catch(() => undefined);
    process.exit(1);
  }
  let metricsServer: http.Server | undefined;
  if (worker === null && metricsPlace(config.metrics) === 'admin-port') {
    try {
      metricsServer = await listenMetrics(metricsApp(metrics, config, logger), config.metrics.port!, config.metrics.host);
    } catch (err) {
      console.error(`Learner Voice cannot start: ${(err as Error).message}`);
      await new Promise((resolve) => server.close(resolve));
      await tool.close().catch(() => undefined);
      await storage.close().catch(() => undefined);
      process.exit(1);
    }
  }
  // Fetches the catalogue's external feeds in the background; several processes share them by leases.
  const feeds = new FeedWorker({ store: storage.externalSources, settings: feedSettings(config.feeds), logger });
  if (config.feeds.enabled) feeds.start();
  // Reads the Listening mention feeds the same way (same limits and schedule); each new mention kept
  // goes through the negative-mention alert rule.
  const mentions = new MentionWorker({
    store: storage.mentions,
    settings: feedSettings(config.feeds),
    logger,
    onMention: async (mention) => void (await raiseMentionAlert(tool.alerts.raiseDeps, foundMentionOf(mention))),
  });
  if (config.feeds.enabled) mentions.start();
  // Sends grade credits in the background; several processes share the outbox by claims (createApp builds it: it needs ltijs).
  if (config.gradeOutbox.enabled) tool.gradeOutbox.start();
  // Evaluates alert rules and sends alerts; several processes share the outbox by claims.
  if (config.alerts.enabled) tool.alerts.start();
  // Retention (README, "Retention") runs with the expiry purge; it logs its own failures and never throws.
  let purge: NodeJS.Timeout | undefined;
  if (runsPurge) {
    const retention = retentionJob({ store: storage.retention, policy: config.retention, logger });
    logger.info({ retention: config.retention }, `retention: ${describeRetention(config.retention)}`);
    purge = setInterval(() => {
      const now = new Date();
      storage.purgeExpired(now).catch((err) => logger.error({ err }, 'purge failed'));
      void retention.run(now);
    }, PURGE_EVERY_MS);
    purge.unref();
  }
  if (worker === null) console.log(banner(config, storage.kind));

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal, drainSeconds: config.shutdownDrainSeconds }, 'shutting down: finishing the requests in flight');
    clearInterval(purge);
    try {
      await Promise.all([
        drainServer(server, config.shutdownDrainSeconds * 1000),
        feeds.stop(),
        mentions.stop(),
        tool.gradeOutbox.stop(config.shutdownDrainSeconds * 1000),
        tool.alerts.stop(config.shutdownDrainSeconds * 1000),
        // A scrape is quick: the metrics listener gets one second.
        metricsServer ? drainServer(metricsServer, 1000) : undefined,
      ]);
      // The store closes last: the requests that were drained needed it.
      await tool.close();
      await storage.close();
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** The usual reasons a port cannot be taken, as what to do about them. */
function listenProblem(err: NodeJS.ErrnoException, config: Config): string {
  const where = `${config.host}:${config.port}`;
  switch (err.code) {
    case 'EADDRINUSE':
      return `Port ${config.port} is already in use: stop the other process or set PORT.`;
    case 'EACCES':
      return `Port ${config.port} needs privileges this user does not have: use a port above 1023 (PORT) and map it in the proxy or container.`;
    case 'EADDRNOTAVAIL':
      return `HOST ${config.host} is not an address of this machine: set HOST to one of its addresses, or 0.0.0.0.`;
    default:
      return `cannot listen on ${where}: ${err.message}`;
  }
}

function banner(config: Config, store: string): string {
  const urls = toolUrls(config.baseUrl);
  const lines = [
    '',
    `Learner Voice is running on ${config.baseUrl} (${config.env}, store: ${store === 'sqlite' ? `SQLite in ${config.dataDir}` : 'MongoDB'})`,
    '',
    'Point your LMS here:',
    `  Dynamic registration URL  ${urls.register}`,
    `  Login (initiation) URL    ${urls.login}`,
    `  Launch / redirect URI     ${urls.launch}`,
    `  Public keyset (JWKS)      ${urls.keyset}`,
    `  Canvas JSON config URL    ${urls.canvasConfig}`,
    // In the image there is no tsx: the compiled entry is the one that works there.
    `  Manual registration       ${config.env === 'production' ? 'learner-voice platform add --help' : 'npm run platform -- add --help'}`,
  ];
  if (config.demoEnabled) lines.push('', `Try it: open ${urls.demo} and launch as a learner or an instructor.`);
  const metricsAt = metricsPlace(config.metrics);
  if (metricsAt === 'admin-port') lines.push('', `Prometheus metrics at http://${config.metrics.host}:${config.metrics.port}/metrics${config.metrics.token ? ' (Bearer token)' : ''}`);
  if (metricsAt === 'main-port') lines.push('', `Prometheus metrics at ${config.baseUrl}/metrics (Bearer token)`);
  return lines.join('\n') + '\n';
}

// Anything else that stops the start (the store unreachable, DATA_DIR not writable): one line, no stack.
main().catch((err) => {
  console.error(`Learner Voice cannot start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
