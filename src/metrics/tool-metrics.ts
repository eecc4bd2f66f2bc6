/**
 * Every metric the tool exposes at /metrics, in one registry of its own (not prom-client's global
 * one: tests create many apps in one process, and each must count alone).
 *
 * Labels are only ever values from a fixed set (route templates, HTTP methods and statuses, error
 * codes, store method names): never a session id, a user, a course or a raw path, so the number of
 * series stays bounded whatever clients send.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricsOptions {
  /**
   * The node process's own metrics (CPU, memory, GC, handles, event-loop lag and delay). Once per
   * process: main.ts turns them on; apps made in tests leave them off.
   */
  readonly processMetrics?: boolean;
  /** How many grade scores wait in the outbox; read at each scrape. */
  readonly outboxDepth?: () => Promise<number>;
}

export interface ToolMetrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly launchesAccepted: Counter;
  readonly launchesRefused: Counter<'code'>;
  readonly storeCallDuration: Histogram<'part' | 'method' | 'outcome'>;
  /** Sets or replaces what the outbox gauge reads (the store is often opened after the metrics). */
  readOutboxDepthFrom(provider: () => Promise<number>): void;
}

/** Pages are mostly a few milliseconds; launches wait on the platform's keyset (up to seconds). */
const REQUEST_SECONDS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** A store call is sub-millisecond on SQLite, a few milliseconds on MongoDB. */
const STORE_SECONDS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

export function createMetrics(options: MetricsOptions = {}): ToolMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  let outboxDepth: (() => Promise<number>) | undefined;

  const metrics: ToolMetrics = {
    registry,
    httpRequests: new Counter({
      name: 'lv_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status code.',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'lv_http_request_duration_seconds',
      help: 'Time from a request reaching the tool to its response being sent, by method, route template and status code.',
      labelNames: ['method', 'route', 'status'],
      buckets: REQUEST_SECONDS,
      registers: [registry],
    }),
    launchesAccepted: new Counter({
      name: 'lv_launches_accepted_total',
      help: 'LTI launches that opened a tool session.',
      registers: [registry],
    }),
    launchesRefused: new Counter({
      name: 'lv_launches_refused_total',
      help: 'LTI login or launch requests refused, by error code (see the error catalogue in the README).',
      labelNames: ['code'],
      registers: [registry],
    }),
    storeCallDuration: new Histogram({
      name: 'lv_store_call_duration_seconds',
      help: 'Time of each store call, by store part, method and outcome (ok or error).',
      labelNames: ['part', 'method', 'outcome'],
      buckets: STORE_SECONDS,
      registers: [registry],
    }),
    readOutboxDepthFrom(provider) {
      if (!outboxDepth) registerOutboxGauge(registry, () => outboxDepth!());
      outboxDepth = provider;
    },
  };
  if (options.outboxDepth) metrics.readOutboxDepthFrom(options.outboxDepth);
  return metrics;
}

/** Registered only once something can read the outbox: a gauge stuck at 0 would say "nothing waits". */
function registerOutboxGauge(registry: Registry, outboxDepth: () => Promise<number>): void {
  new Gauge({
    name: 'lv_grade_outbox_pending',
    help: 'Grade scores waiting in the outbox to be sent to the LMS (NaN when the store could not say).',
    registers: [registry],
    // Every worker reads the same store: with WORKERS above 1 the primary shows one reading, not their sum.
    aggregator: 'max',
    async collect() {
      // A store that cannot answer must not fail the whole scrape: the other metrics matter more then.
      this.set(await Promise.resolve().then(outboxDepth).catch(() => Number.NaN));
    },
  });
}
