/**
 * Timing the store changes nothing the store does: results, errors, synchronous methods, async
 * iterators, private fields and method identity are as they were; each call lands in the histogram.
 */
import type { Storage } from '../../src/storage/port';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';
import { timedStorage } from '../../src/metrics/timed-storage';
import { createMetrics } from '../../src/metrics/tool-metrics';

class FakeReviews {
  #rows = ['r1', 'r2'];
  get size(): number {
    return this.#rows.length;
  }
  async saveReview(row: string): Promise<number> {
    this.#rows.push(row);
    return this.#rows.length;
  }
  async failing(): Promise<void> {
    throw new Error('constraint failed');
  }
  countNow(): number {
    return this.#rows.length;
  }
  async *allReviews(): AsyncIterable<string> {
    for (const row of this.#rows) yield row;
  }
}

interface FakeStorage {
  readonly kind: string;
  readonly reviews: FakeReviews;
  ping(): Promise<void>;
}

function fakeStorage(): FakeStorage {
  return { kind: 'sqlite', reviews: new FakeReviews(), ping: async () => undefined };
}

function timed(raw: FakeStorage, metrics: ReturnType<typeof createMetrics>): FakeStorage {
  return timedStorage(raw as unknown as Storage, metrics.storeCallDuration) as unknown as FakeStorage;
}

async function countOf(metrics: ReturnType<typeof createMetrics>, labels: Record<string, string>): Promise<number> {
  const values = (await metrics.storeCallDuration.get()).values;
  const match = values.find((v) => v.metricName === 'lv_store_call_duration_seconds_count' && Object.entries(labels).every(([k, val]) => (v.labels as Record<string, unknown>)[k] === val));
  return match?.value ?? 0;
}

describe('the timed storage', () => {
  it('returns what each method returns and times it under its part and method', async () => {
    const metrics = createMetrics();
    const store = timed(fakeStorage(), metrics);
    expect(await store.reviews.saveReview('r3')).toBe(3);
    expect(await countOf(metrics, { part: 'reviews', method: 'saveReview', outcome: 'ok' })).toBe(1);
    await store.ping();
    expect(await countOf(metrics, { part: 'storage', method: 'ping', outcome: 'ok' })).toBe(1);
  });

  it('rejects with the same error, counted as an error', async () => {
    const metrics = createMetrics();
    const store = timed(fakeStorage(), metrics);
    await expect(store.reviews.failing()).rejects.toThrow('constraint failed');
    expect(await countOf(metrics, { part: 'reviews', method: 'failing', outcome: 'error' })).toBe(1);
  });

  it('keeps a synchronous method synchronous, getters and private fields working, and methods identical between reads', () => {
    const metrics = createMetrics();
    const store = timed(fakeStorage(), metrics);
    expect(store.reviews.countNow()).toBe(2);
    expect(store.reviews.size).toBe(2);
    expect(store.kind).toBe('sqlite');
    expect(store.reviews).toBe(store.reviews);
    expect(store.reviews.saveReview).toBe(store.reviews.saveReview);
  });

  it('when a method is replaced on the store (a stub), then the replacement is called', async () => {
    const metrics = createMetrics();
    const raw = fakeStorage();
    const store = timed(raw, metrics);
    expect(await store.reviews.saveReview('r3')).toBe(3);
    raw.reviews.saveReview = async () => 42;
    expect(await store.reviews.saveReview('r4')).toBe(42);
  });

  it('hands an async iterator back as it is', async () => {
    const metrics = createMetrics();
    const store = timed(fakeStorage(), metrics);
    const rows: string[] = [];
    for await (const row of store.reviews.allReviews()) rows.push(row);
    expect(rows).toEqual(['r1', 'r2']);
  });

  it('works over the real SQLite store: ltijs plugin, streamed reviews and purge', async () => {
    const metrics = createMetrics();
    const raw = openSqliteStorage({ file: ':memory:' });
    const store = timedStorage(raw, metrics.storeCallDuration);
    try {
      const { plugin } = store.ltiDatabase();
      expect(await plugin.setup()).toBe(true);
      expect(await plugin.Get(false, 'platform', {})).toBeDefined();
      const course = { issuer: 'https://lms.example', clientId: 'c', deploymentId: 'd', contextId: 'course-1' };
      const reviews: unknown[] = [];
      for await (const review of store.reviews.allReviews(course as never)) reviews.push(review);
      expect(reviews).toEqual([]);
      await store.purgeExpired(new Date());
      expect(await countOf(metrics, { part: 'ltijs', method: 'Get' })).toBe(1);
      expect(await countOf(metrics, { part: 'storage', method: 'purgeExpired', outcome: 'ok' })).toBe(1);
    } finally {
      await raw.close();
    }
  });
});
