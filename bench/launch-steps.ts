/**
 * LAUNCH_STEPS=1 (with BENCH_CONNECTIONS=1): the tool's CPU per request of a launch, by step. With
 * one browser at a time the tool's process does nothing else between a request's arrival and its
 * response's end, so the CPU used in between is that request's (timers and GC included).
 */
import type http from 'node:http';

export interface StepMeter {
  readonly listener: http.RequestListener;
  /** Mean CPU in µs per request of each step, and how many requests each had. */
  report(): Record<string, { readonly requests: number; readonly cpuMicros: number }>;
  reset(): void;
  /** Each request's step and its start and end in µs of the monotonic clock (a CPU profile's time base). */
  windows(): readonly (readonly [string, number, number])[];
}

function stepOf(url: string): string {
  if (url.startsWith('/lti/login')) return 'login';
  if (url.startsWith('/lti/launch')) return 'idToken';
  if (url.startsWith('/s/')) return 'panel';
  return 'other';
}

export function stepMeter(inner: http.RequestListener): StepMeter {
  const totals = new Map<string, { requests: number; micros: number }>();
  const windows: [string, number, number][] = [];
  const micros = () => Number(process.hrtime.bigint() / 1000n);
  return {
    listener: (req, res) => {
      const started = process.cpuUsage();
      const startedAt = micros();
      const step = stepOf(req.url ?? '');
      res.once('finish', () => {
        windows.push([step, startedAt, micros()]);
        const used = process.cpuUsage(started);
        const total = totals.get(step) ?? { requests: 0, micros: 0 };
        total.requests += 1;
        total.micros += used.user + used.system;
        totals.set(step, total);
      });
      inner(req, res);
    },
    report: () => Object.fromEntries([...totals].map(([step, t]) => [step, { requests: t.requests, cpuMicros: Math.round(t.micros / t.requests) }])),
    reset: () => {
      totals.clear();
      windows.length = 0;
    },
    windows: () => windows,
  };
}
