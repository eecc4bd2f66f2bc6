/**
 * GET /metrics: the registry in Prometheus's text format, for a scraper that sends the token when
 * one is configured (metrics-config.ts says where this route is mounted at all).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import { asyncHandler } from '../http/async-handler';
import { AppError } from '../http/errors';
/** What a scrape reads: this process's registry, or (cluster-primary.ts) every worker's, aggregated. */
export interface MetricsSource {
  readonly registry: { metrics(): Promise<string>; readonly contentType: string };
}

export function metricsRoute(metrics: MetricsSource, access: { readonly token?: string }): Router {
  const router = express.Router();
  router.get(
    '/metrics',
    asyncHandler(async (req, res) => {
      if (access.token && !bearerMatches(req.headers.authorization, access.token)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        throw new AppError('METRICS_UNAUTHORIZED', { authorization: req.headers.authorization ? 'wrong token' : 'none sent' });
      }
      const body = await metrics.registry.metrics();
      res.setHeader('Cache-Control', 'no-store');
      res.type(metrics.registry.contentType).send(body);
    }),
  );
  return router;
}

/**
 * Compared in constant time, over hashes of equal length: neither the token's characters nor its
 * length show in how long a refusal takes.
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  const sent = match?.[1] ?? '';
  const equal = timingSafeEqual(digest(sent), digest(token));
  return match !== null && equal;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
