/** Messages between run.ts and the load generator it forks (load-client.ts). */

export type LoadJob =
  | {
      readonly kind: 'http';
      readonly url: string;
      readonly connections: number;
      readonly durationSeconds: number;
      readonly warmupSeconds: number;
      /** When set, requests go to these paths (on url's origin) in turn instead of url's own path. */
      readonly paths?: readonly string[];
    }
  | { readonly kind: 'burst'; readonly origin: string; readonly posts: readonly BurstPost[] }
  | { readonly kind: 'exit' };

export interface BurstPost {
  /** Path on the tool, e.g. /s/<sid>/reviews. */
  readonly path: string;
  /** Form fields, URL-encoded as a browser sends them. */
  readonly body: string;
}

/** Latencies in milliseconds. */
export interface Latencies {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export interface HttpMeasure {
  readonly url: string;
  readonly seconds: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  /** Exact, from every response's own timing (sub-millisecond). */
  readonly latency: Latencies;
  /** autocannon's own histogram figures (whole milliseconds), for comparison with its CLI output. */
  readonly autocannon: { readonly p50: number; readonly p99: number; readonly requestsPerSecond: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly statusCodes: Record<string, number>;
  /** CPU time the load generator used for this job (warm-up included), ms. */
  readonly clientCpuMs: number;
}

export interface BurstMeasure {
  readonly sent: number;
  readonly statusCodes: Record<string, number>;
  /** Responses whose Location is the panel with done=posted (the review was published, not held). */
  readonly posted: number;
  readonly errors: readonly string[];
  /** From the moment all requests were started to the last response. */
  readonly totalMs: number;
  readonly latency: Latencies;
  readonly clientCpuMs: number;
}

export type LoadReply = { readonly kind: 'http'; readonly result: HttpMeasure } | { readonly kind: 'burst'; readonly result: BurstMeasure } | { readonly kind: 'error'; readonly message: string };

export function latenciesOf(values: Float64Array | number[]): Latencies {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return { p50: 0, p90: 0, p99: 0, max: 0, mean: 0 };
  const at = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))];
  let sum = 0;
  for (const v of sorted) sum += v;
  const round = (v: number) => Math.round(v * 100) / 100;
  return { p50: round(at(0.5)), p90: round(at(0.9)), p99: round(at(0.99)), max: round(sorted[n - 1]), mean: round(sum / n) };
}
