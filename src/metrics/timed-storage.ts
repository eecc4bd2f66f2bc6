/**
 * The storage, unchanged in behaviour, with every call timed into lv_store_call_duration_seconds
 * under its part and method ("reviews", "saveReview"). A Proxy rather than a hand-written wrapper:
 * the port has hundreds of methods across both adapters, and a new one is timed with no change here.
 *
 * What each kind of method keeps:
 * - a method returning a promise is timed until it settles, and returns the same promise's outcome;
 * - a synchronous method stays synchronous (timed around the call);
 * - a method returning an async iterator (allReviews…) is returned as is, untimed: its time is the
 *   consumer's pace, not the store's.
 * ltijs's database plugin is timed too, as part "ltijs" (its records are a launch's busiest store use).
 */
import type { LtiDatabaseConfig, Storage } from '../storage/port';
import type { ToolMetrics } from './tool-metrics';

type Histogram = ToolMetrics['storeCallDuration'];

/** The Storage's own methods, timed as part "storage"; ltiDatabase returns the plugin wrapped below. */
const STORAGE_PART = 'storage';

export function timedStorage(storage: Storage, histogram: Histogram): Storage {
  const ltiDatabase = (): LtiDatabaseConfig => {
    const config = storage.ltiDatabase();
    return { ...config, plugin: timedPart(config.plugin, 'ltijs', histogram) };
  };
  const own = timedPart(storage, STORAGE_PART, histogram);
  const parts = new Map<PropertyKey, unknown>();
  return new Proxy(storage, {
    get(target, property) {
      if (property === 'ltiDatabase') return ltiDatabase;
      // Read on the target itself: a getter or a method using #private fields needs `this` to be the store.
      const value = Reflect.get(target, property);
      if (typeof property === 'symbol') return value;
      if (typeof value === 'function') return Reflect.get(own, property);
      if (value === null || typeof value !== 'object') return value;
      if (!parts.has(property)) parts.set(property, timedPart(value, property, histogram));
      return parts.get(property);
    },
  });
}

function timedPart<T extends object>(part: T, partName: string, histogram: Histogram): T {
  const methods = new Map<PropertyKey, { readonly method: unknown; readonly timed: unknown }>();
  return new Proxy(part, {
    get(target, property) {
      const value = Reflect.get(target, property);
      if (typeof property === 'symbol' || typeof value !== 'function') return value;
      // The same wrapper each time (code that compares or stores a method sees a stable value), until
      // the method itself is replaced (a test's stub): then the new one is what gets called.
      const known = methods.get(property);
      if (known?.method === value) return known.timed;
      const timed = timedMethod(target, value as (...args: unknown[]) => unknown, partName, property, histogram);
      methods.set(property, { method: value, timed });
      return timed;
    },
  });
}

function timedMethod(target: object, method: (...args: unknown[]) => unknown, part: string, name: string, histogram: Histogram) {
  // The series are looked up once per method; a call costs about a microsecond on top of the store's.
  const ok = histogram.labels(part, name, 'ok');
  const failed = histogram.labels(part, name, 'error');
  return function timed(...args: unknown[]): unknown {
    const started = process.hrtime.bigint();
    let result: unknown;
    try {
      result = method.apply(target, args);
    } catch (err) {
      failed.observe(secondsSince(started));
      throw err;
    }
    if (isPromise(result)) {
      return result.then(
        (value) => {
          ok.observe(secondsSince(started));
          return value;
        },
        (err: unknown) => {
          failed.observe(secondsSince(started));
          throw err;
        },
      );
    }
    if (!isAsyncIterator(result)) ok.observe(secondsSince(started));
    return result;
  };
}

function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Only real promises: a query builder that is merely thenable must reach its caller untouched. */
function isPromise(value: unknown): value is Promise<unknown> {
  return value instanceof Promise;
}

function isAsyncIterator(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}
