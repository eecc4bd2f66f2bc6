/**
 * Counts and times every request once its response is sent (or its connection closes first), under
 * bounded labels only (route-label.ts), and counts LTI launches by outcome (launch-outcome.ts).
 * Mounted first, so that the time includes everything the app does for the request.
 */
import type { Request, RequestHandler } from 'express';
import { launchOutcome } from './launch-outcome';
import { boundedLabels, methodLabel, routeTemplate, type MatchedRoute } from './route-label';
import type { ToolMetrics } from './tool-metrics';

export function httpMetrics(metrics: ToolMetrics): RequestHandler {
  const bounded = boundedLabels();
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const matchedRoute = recordRouteMatches(req);
    let counted = false;
    const count = () => {
      if (counted) return;
      counted = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status = statusLabel(res.statusCode);
      const labels = { method: methodLabel(req.method), route: bounded(routeTemplate(matchedRoute(), req.originalUrl, res.statusCode)), status };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, seconds);
      countLaunch(metrics, req.originalUrl, res.statusCode, res.getHeader('location'), res.locals.errorCode);
    };
    res.once('finish', count);
    // A client that goes away before the response is sent still cost the time until then.
    res.once('close', count);
    next();
  };
}

/**
 * Express 4 sets req.route when it hands a request to a route, but leaves routers with req.baseUrl
 * put back (an error thrown in /s/:sid/… reaches the error handler with baseUrl ""), and never
 * records a mount's pattern. An accessor on the request notes the baseUrl at the moment the route
 * is set, so the template can be rebuilt once the response is sent; req.route reads as before.
 * One descriptor shared by every request: V8 then reuses one object shape (a closure per request
 * cost 12 µs a request, this about 0.4 µs).
 */
const MATCHED = Symbol('matched route');
type Recorded = Request & { [MATCHED]?: { readonly route: unknown; readonly baseUrl: string } };
const ROUTE_RECORDER: PropertyDescriptor = {
  configurable: true,
  enumerable: true,
  get(this: Recorded) {
    return this[MATCHED]?.route;
  },
  set(this: Recorded, route: unknown) {
    this[MATCHED] = { route, baseUrl: this.baseUrl ?? '' };
  },
};

function recordRouteMatches(req: Request): () => MatchedRoute | undefined {
  Object.defineProperty(req, 'route', ROUTE_RECORDER);
  return () => {
    const matched = (req as Recorded)[MATCHED];
    return matched ? { path: (matched.route as { path?: unknown } | undefined)?.path, baseUrl: matched.baseUrl } : undefined;
  };
}

function countLaunch(metrics: ToolMetrics, url: string, status: number, location: unknown, errorCode: unknown): void {
  const outcome = launchOutcome({ path: url.replace(/[?#].*$/s, ''), status, location: typeof location === 'string' ? location : undefined, errorCode });
  if (!outcome) return;
  if (outcome.accepted) metrics.launchesAccepted.inc();
  else metrics.launchesRefused.inc({ code: outcome.code });
}

/** Node keeps statusCode within 100–999; anything outside the HTTP classes is one label. */
function statusLabel(status: number): string {
  return Number.isInteger(status) && status >= 100 && status <= 599 ? String(status) : 'other';
}
