/**
 * autocannon 9 ships no type declarations and there is no @types package for it: these cover only
 * the parts of its programmatic API the bench uses (see node_modules/autocannon/README.md).
 */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  namespace autocannon {
    interface Options {
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      method?: string;
      headers?: Record<string, string>;
      /** Seconds before a request counts as timed out. */
      timeout?: number;
    }

    /** Percentiles of a histogram, in milliseconds for latencies (autocannon rounds to whole ms). */
    interface Stats {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      p50: number;
      p90: number;
      p99: number;
      total: number;
    }

    interface Result {
      url: string;
      /** Seconds actually measured. */
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      statusCodeStats: Record<string, { count: number }>;
      latency: Stats;
      requests: Stats & { sent: number };
      throughput: Stats;
    }

    interface Instance extends EventEmitter, PromiseLike<Result> {
      /** responseTime is in milliseconds with sub-millisecond precision (process.hrtime). */
      on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): this;
      on(event: string, listener: (...args: unknown[]) => void): this;
    }
  }

  function autocannon(options: autocannon.Options): autocannon.Instance;
  export = autocannon;
}
