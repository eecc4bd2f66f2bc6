/**
 * The contract of the shared rate-limit windows (ports/rate-limits.ts): a fixed window per key that
 * starts with its first hit, counts every hit exactly once however many callers race, ends at its
 * reset time, and is purged once ended. Run unchanged on every adapter (see sqlite/mongo.test.ts);
 * `openShared`, when given, opens two storages on one store (two connections to one SQLite file), as
 * two processes of one deployment are.
 */
import type { Storage } from '../../src/storage/port';

const MINUTE = 60_000;
const T0 = new Date('2030-05-02T09:00:00.000Z');
const at = (offsetMs: number) => new Date(T0.getTime() + offsetMs);

export function rateLimitsContract(name: string, open: () => Promise<Storage>, openShared?: () => Promise<[Storage, Storage]>): void {
  describe(`${name}: rate-limit windows`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => storage.close());

    const hit = (key: string, offsetMs: number, windowMs = MINUTE) => storage.rateLimits.hit(key, windowMs, at(offsetMs));

    it('when a key is hit for the first time, then a window of windowMs starts with one hit', async () => {
      expect(await hit('write:ana', 0)).toEqual({ hits: 1, resetAt: at(MINUTE) });
    });

    it('when hits follow within the window, then each counts one more and the window keeps its end', async () => {
      await hit('write:ana', 0);
      expect(await hit('write:ana', 10_000)).toEqual({ hits: 2, resetAt: at(MINUTE) });
      expect(await hit('write:ana', MINUTE - 1)).toEqual({ hits: 3, resetAt: at(MINUTE) });
    });

    it('when a hit comes at or after the window’s end, then a new window starts with it', async () => {
      await hit('write:ana', 0);
      await hit('write:ana', 1);
      expect(await hit('write:ana', MINUTE)).toEqual({ hits: 1, resetAt: at(2 * MINUTE) });
      expect(await hit('write:ana', 5 * MINUTE + 7, 3_600_000)).toEqual({ hits: 1, resetAt: at(5 * MINUTE + 7 + 3_600_000) });
    });

    it('counts every key apart, however alike: a prefix, another case, a very long key', async () => {
      const long = 'x'.repeat(10_000);
      await hit('write:ana', 0);
      for (const key of ['write:an', 'write:Ana', 'write:ana ', long, `${long}y`, '', 'é', '$ne', '{"$gt":""}']) {
        expect(await hit(key, 0)).toEqual({ hits: 1, resetAt: at(MINUTE) });
      }
      expect(await hit(long, 1)).toMatchObject({ hits: 2 });
      expect(await hit('write:ana', 1)).toMatchObject({ hits: 2 });
    });

    it('when many hits on one key race, then each is counted once: the counts are 1..N', async () => {
      const counts = await Promise.all(Array.from({ length: 40 }, (_, i) => hit('launch:platform', i)));
      expect(counts.map((c) => c.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(new Set(counts.map((c) => c.resetAt.getTime()))).toEqual(new Set([at(MINUTE).getTime()]));
    });

    it('when a hit is taken back, then the window counts one less, never below zero, and keeps its end', async () => {
      await hit('ip-failures:203.0.113.9', 0);
      await hit('ip-failures:203.0.113.9', 1);
      await storage.rateLimits.decrement('ip-failures:203.0.113.9', at(2));
      expect(await hit('ip-failures:203.0.113.9', 3)).toEqual({ hits: 2, resetAt: at(MINUTE) });
      for (let i = 0; i < 4; i++) await storage.rateLimits.decrement('ip-failures:203.0.113.9', at(4));
      expect(await hit('ip-failures:203.0.113.9', 5)).toEqual({ hits: 1, resetAt: at(MINUTE) });
    });

    it('when a window is peeked at, then its count and end are read and nothing is counted; an ended or unknown window is none', async () => {
      expect(await storage.rateLimits.peek('ip-failures:198.51.100.4', at(0))).toBeNull();
      await hit('ip-failures:198.51.100.4', 0);
      await hit('ip-failures:198.51.100.4', 1);
      for (let i = 0; i < 3; i++) expect(await storage.rateLimits.peek('ip-failures:198.51.100.4', at(2))).toEqual({ hits: 2, resetAt: at(MINUTE) });
      expect(await hit('ip-failures:198.51.100.4', 3)).toMatchObject({ hits: 3 });
      expect(await storage.rateLimits.peek('ip-failures:198.51.100.4', at(MINUTE))).toBeNull();
      expect(await storage.rateLimits.peek('ip-failures:198.51.100.40', at(2))).toBeNull();
    });

    it('when a hit is taken back after its window ended, or for a key never hit, then nothing changes', async () => {
      await hit('ip:a', 0);
      await storage.rateLimits.decrement('ip:a', at(MINUTE));
      await storage.rateLimits.decrement('ip:never', at(0));
      expect(await hit('ip:a', MINUTE - 1)).toMatchObject({ hits: 2 });
      expect(await hit('ip:never', 0)).toMatchObject({ hits: 1 });
    });

    it('when a key is reset, then its next hit starts a new window', async () => {
      await hit('write:ana', 0);
      await hit('write:ana', 1);
      await storage.rateLimits.reset('write:ana');
      await storage.rateLimits.reset('write:never');
      expect(await hit('write:ana', 2)).toEqual({ hits: 1, resetAt: at(MINUTE + 2) });
    });

    it('refuses a window that is not a whole number of milliseconds from 1 ms to a day', async () => {
      for (const windowMs of [0, -1, 1.5, Number.NaN, 24 * 60 * MINUTE + 1]) await expect(hit('k', 0, windowMs)).rejects.toThrow(RangeError);
    });

    it('when expired records are purged, then ended windows go and open ones stay', async () => {
      await hit('ended', 0);
      await hit('ended', 1);
      await hit('open', 30_000);
      await storage.purgeExpired(at(MINUTE));
      // A hit stamped inside the purged window's time finds no window left: the row is gone.
      expect(await hit('ended', 2)).toMatchObject({ hits: 1 });
      expect(await hit('open', MINUTE)).toEqual({ hits: 2, resetAt: at(30_000 + MINUTE) });
    });

    if (openShared) {
      it('when two storages on one store count the same key, then they count into one window', async () => {
        const [a, b] = await openShared();
        try {
          const seen: number[] = [];
          for (let i = 0; i < 10; i++) seen.push((await (i % 2 === 0 ? a : b).rateLimits.hit('write:shared', MINUTE, at(i))).hits);
          expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
          const raced = await Promise.all([a, b, a, b].map((s, i) => s.rateLimits.hit('write:shared', MINUTE, at(20 + i))));
          expect(raced.map((r) => r.hits).sort((x, y) => x - y)).toEqual([11, 12, 13, 14]);
          await b.rateLimits.decrement('write:shared', at(30));
          expect(await a.rateLimits.hit('write:shared', MINUTE, at(31))).toEqual({ hits: 14, resetAt: at(MINUTE) });
        } finally {
          await Promise.all([a.close(), b.close()]);
        }
      });
    }
  });
}
