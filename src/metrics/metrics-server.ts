/**
 * The admin listener (METRICS_PORT on METRICS_HOST): /metrics and nothing else, apart from the main
 * port, so that a proxy in front of the tool never exposes it and a firewall can keep it in.
 */
import http from 'node:http';
import express from 'express';
import type { Config } from '../config';
import { errorHandler } from '../http/error-handler';
import { AppError } from '../http/errors';
import { maskUrl, type Logger } from '../http/logger';
import { VIEW_OPTIONS, VIEWS_ROOT } from '../http/render';
import { requestScope } from '../http/request-scope';
import { metricsRoute, type MetricsSource } from './metrics-route';

export function metricsApp(metrics: MetricsSource, config: Config, logger: Logger): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Refusals are the tool's usual error pages (or JSON), in the same catalogue, with a request id.
  app.set('view engine', 'ejs');
  app.set('views', VIEWS_ROOT);
  app.set('view options', VIEW_OPTIONS);
  app.use(requestScope(maskUrl));
  app.use(metricsRoute(metrics, { token: config.metrics.token }));
  app.use((_req, _res, next) => next(new AppError('NOT_FOUND')));
  app.use(errorHandler(config, logger));
  return app;
}

/** Listens on the admin port; rejects with one line an admin can act on when the port cannot be taken. */
export async function listenMetrics(app: express.Express, port: number, host: string): Promise<http.Server> {
  const server = http.createServer(app);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, resolve);
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'EADDRINUSE'
        ? `METRICS_PORT ${port} is already in use: choose another port.`
        : code === 'EADDRNOTAVAIL'
          ? `METRICS_HOST ${host} is not an address of this machine.`
          : `cannot listen on ${host}:${port} for metrics: ${(err as Error).message}`;
    throw new Error(reason);
  }
  return server;
}
