import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { KEYSET_TIMINGS, PlatformKeysets } from '../../src/launch/platform-keysets';

const URL_A = 'https://lms.example/jwks';

function rsaJwk(kid: string) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}

/** How the keyset URL fails: down, slow, too large, not JSON, no usable key, refused connection, an error quoting the URL. */
type Failure = 'status' | 'slow' | 'large' | 'json' | 'nokeys' | 'refused' | 'quotes';
const BODY_SECRET = 'body-text-not-for-logs';

function platform(initial: ReturnType<typeof rsaJwk>[], cacheControl?: string) {
  const state: { keys: ReturnType<typeof rsaJwk>[]; calls: number; fail: boolean; failure: Failure } = { keys: initial, calls: 0, fail: false, failure: 'status' };
  const fetcher = (async (input: unknown, init?: RequestInit) => {
    state.calls++;
    if (state.fail) return failing(state.failure, init?.signal ?? undefined, String(input));
    return new Response(JSON.stringify({ keys: state.keys.map((k) => k.jwk) }), { headers: { 'content-type': 'application/json', ...(cacheControl ? { 'cache-control': cacheControl } : {}) } });
  }) as typeof fetch;
  return { state, fetcher };
}

async function failing(failure: Failure, signal: AbortSignal | undefined, url: string): Promise<Response> {
  switch (failure) {
    case 'status':
      return new Response(`down ${BODY_SECRET}`, { status: 503 });
    case 'slow':
      // Answers only when the tool gives up, as fetch does.
      return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new DOMException('This operation was aborted', 'AbortError'))));
    case 'large':
      return new Response(JSON.stringify({ keys: [], padding: 'x'.repeat(300 * 1024) }));
    case 'json':
      return new Response(`<html>${BODY_SECRET}</html>`);
    case 'nokeys':
      return new Response(JSON.stringify({ keys: [{ kty: 'EC', kid: BODY_SECRET, crv: 'P-256', x: 'AA', y: 'AA' }] }));
    case 'refused':
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }) });
    case 'quotes':
      throw new TypeError(`Failed to parse URL from ${url}`);
  }
}

/** Lets a fetch started in the background settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function warnings() {
  const lines: Array<{ fields: Record<string, unknown>; msg: string }> = [];
  const logger = { warn: (fields: Record<string, unknown>, msg: string) => lines.push({ fields, msg }) } as never;
  return { lines, logger };
}

describe('platform keysets', () => {
  const first = rsaJwk('k1');
  const second = rsaJwk('k2');

  it('when two launches name the same key, then the keyset is fetched once and the key verifies the platform signature', async () => {
    let now = 0;
    const { state, fetcher } = platform([first]);
    const keysets = new PlatformKeysets({ fetch: fetcher, now: () => now });
    const key = await keysets.keyFor(URL_A, 'k1');
    now += 1_000;
    expect(await keysets.keyFor(URL_A, 'k1')).toBe(key);
    expect(state.calls).toBe(1);
    const signature = sign('sha256', Buffer.from('x'), first.privateKey);
    expect(verify('sha256', Buffer.from('x'), key!, signature)).toBe(true);
  });

  it('when the platform rotates its key, then the unknown kid refetches once and the new key is found', async () => {
    let now = 0;
    const { state, fetcher } = platform([first]);
    const keysets = new PlatformKeysets({ fetch: fetcher, now: () => now });
    await keysets.keyFor(URL_A, 'k1');
    state.keys = [second];
    now += 60_000;
    expect(await keysets.keyFor(URL_A, 'k2')).toBeDefined();
    expect(state.calls).toBe(2);
  });

  it('when tokens name made-up kids, then the keyset is refetched at most once per cooldown and none is found', async () => {
    let now = 0;
    const { state, fetcher } = platform([first]);
    const keysets = new PlatformKeysets({ fetch: fetcher, now: () => now });
    await keysets.keyFor(URL_A, 'k1');
    for (let i = 0; i < 50; i++) expect(await keysets.keyFor(URL_A, `made-up-${i}`)).toBeUndefined();
    expect(state.calls).toBe(1);
    now += 10_001;
    expect(await keysets.keyFor(URL_A, 'made-up-again')).toBeUndefined();
    expect(state.calls).toBe(2);
  });

  it('when the keyset expires, then it is fetched again; max-age is kept within bounds', async () => {
    let now = 0;
    const { state, fetcher } = platform([first], 'public, max-age=1');
    const keysets = new PlatformKeysets({ fetch: fetcher, now: () => now });
    await keysets.keyFor(URL_A, 'k1');
    now += 20_000; // max-age=1 is raised to the 30 s floor
    await keysets.keyFor(URL_A, 'k1');
    expect(state.calls).toBe(1);
    now += 15_000;
    await keysets.keyFor(URL_A, 'k1');
    expect(state.calls).toBe(2);
  });

  it('without Cache-Control, then the keyset is kept five minutes', async () => {
    let now = 0;
    const { state, fetcher } = platform([first]);
    const keysets = new PlatformKeysets({ fetch: fetcher, now: () => now });
    await keysets.keyFor(URL_A, 'k1');
    now += 4 * 60_000;
    await keysets.keyFor(URL_A, 'k1');
    expect(state.calls).toBe(1);
    now += 61_000;
    await keysets.keyFor(URL_A, 'k1');
    expect(state.calls).toBe(2);
  });

  it('when the platform cannot show its keyset, then the lookup fails as KEYSET_NOT_FOUND and concurrent launches share one fetch', async () => {
    const { state, fetcher } = platform([first]);
    state.fail = true;
    const keysets = new PlatformKeysets({ fetch: fetcher });
    const results = await Promise.allSettled([keysets.keyFor(URL_A, 'k1'), keysets.keyFor(URL_A, 'k1')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason.message).toBe('KEYSET_NOT_FOUND');
    expect(state.calls).toBe(1);
  });

  describe('while the keyset URL fails', () => {
    // A short fetch timeout for the slow platform; the clock of the cache is the injected one.
    const timings = { fetchTimeoutMs: 50 };

    it.each<Failure>(['status', 'slow', 'large', 'json', 'nokeys', 'refused'])('(%s) then a made-up kid fails as KEYSET_NOT_FOUND and the kid we hold still verifies', async (failure) => {
      let now = 0;
      const { state, fetcher } = platform([first]);
      const keysets = new PlatformKeysets({ fetch: fetcher, now: () => now, timings });
      const key = await keysets.keyFor(URL_A, 'k1');
      Object.assign(state, { fail: true, failure });
      now += 60_000; // past the refetch cooldown: the made-up kid refetches
      await expect(keysets.keyFor(URL_A, 'made-up')).rejects.toThrow('KEYSET_NOT_FOUND');
      expect(state.calls).toBe(2);
      expect(await keysets.keyFor(URL_A, 'k1')).toBe(key);
      now += KEYSET_TIMINGS.failureBackoffMs;
      await expect(keysets.keyFor(URL_A, 'made-up-again')).rejects.toThrow('KEYSET_NOT_FOUND');
      expect(await keysets.keyFor(URL_A, 'k1')).toBe(key);
    });

    it('when made-up kids keep coming, then the keyset is fetched at most once per back-off', async () => {
      let now = 0;
      const { state, fetcher } = platform([first]);
      const keysets = new PlatformKeysets({ fetch: fetcher, now: () => now });
      await keysets.keyFor(URL_A, 'k1');
      state.fail = true;
      now += 60_000;
      for (let round = 1; round <= 3; round++) {
        const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => keysets.keyFor(URL_A, `made-up-${round}-${i}`)));
        expect(results.every((r) => r.status === 'rejected' && r.reason.message === 'KEYSET_NOT_FOUND')).toBe(true);
        for (let i = 0; i < 50; i++) {
          now += 100;
          await expect(keysets.keyFor(URL_A, `made-up-${round}-later-${i}`)).rejects.toThrow('KEYSET_NOT_FOUND');
        }
        expect(state.calls).toBe(1 + round);
        now += KEYSET_TIMINGS.failureBackoffMs;
      }
    });

    it('when the keyset expires, then the last good keys are served for MAX_STALE past expiry and not beyond', async () => {
      let now = 0;
      const { state, fetcher } = platform([first]); // kept five minutes
      const keysets = new PlatformKeysets({ fetch: fetcher, now: () => now });
      const key = await keysets.keyFor(URL_A, 'k1');
      const expiry = KEYSET_TIMINGS.defaultTtlMs;
      state.fail = true;
      for (const at of [expiry, expiry + 60_000, expiry + 3 * 3_600_000, expiry + KEYSET_TIMINGS.maxStaleMs - 1]) {
        now = at;
        expect(await keysets.keyFor(URL_A, 'k1')).toBe(key);
        await settle();
      }
      // Retried in the background, once per back-off, while the stale keys were served.
      expect(state.calls).toBe(5);
      now = expiry + KEYSET_TIMINGS.maxStaleMs;
      await expect(keysets.keyFor(URL_A, 'k1')).rejects.toThrow('KEYSET_NOT_FOUND');
      now += KEYSET_TIMINGS.failureBackoffMs;
      await expect(keysets.keyFor(URL_A, 'k1')).rejects.toThrow('KEYSET_NOT_FOUND');
      // Once the platform answers again, so do its launches.
      state.fail = false;
      now += KEYSET_TIMINGS.failureBackoffMs;
      expect(await keysets.keyFor(URL_A, 'k1')).toBeDefined();
    });

    it('when the platform rotated its key during the outage, then the new kid fails as KEYSET_NOT_FOUND until the keyset answers', async () => {
      let now = 0;
      const { state, fetcher } = platform([first]);
      const keysets = new PlatformKeysets({ fetch: fetcher, now: () => now });
      await keysets.keyFor(URL_A, 'k1');
      Object.assign(state, { fail: true, keys: [second] });
      now += KEYSET_TIMINGS.defaultTtlMs;
      await keysets.keyFor(URL_A, 'k1');
      await settle();
      await expect(keysets.keyFor(URL_A, 'k2')).rejects.toThrow('KEYSET_NOT_FOUND');
      state.fail = false;
      now += KEYSET_TIMINGS.failureBackoffMs;
      expect(await keysets.keyFor(URL_A, 'k2')).toBeDefined();
      expect(await keysets.keyFor(URL_A, 'k1')).toBeUndefined();
    });

    it.each<[Failure, RegExp]>([
      ['status', /^HTTP status 503$/],
      ['slow', /^timeout after 50 ms$/],
      ['large', /^too large: /],
      ['json', /^invalid JSON$/],
      ['nokeys', /^no usable key among 1$/],
      ['refused', /^unreachable: fetch failed: ECONNREFUSED$/],
      ['quotes', /^unreachable: Failed to parse URL from https:\/\/lms\.example\/jwks$/],
    ])('(%s) then the failed fetch is logged once with why, without the body or the URL query', async (failure, reason) => {
      const { state, fetcher } = platform([first]);
      Object.assign(state, { fail: true, failure });
      const { lines, logger } = warnings();
      const keysets = new PlatformKeysets({ fetch: fetcher, timings, logger });
      const url = `${URL_A}?access=secret-in-query`;
      await expect(keysets.keyFor(url, 'k1')).rejects.toThrow('KEYSET_NOT_FOUND');
      await expect(keysets.keyFor(url, 'k1')).rejects.toThrow('KEYSET_NOT_FOUND');
      expect(lines).toHaveLength(1);
      expect(lines[0].fields.reason).toMatch(reason);
      expect(lines[0].msg).toBe(`platform keyset fetch failed: ${lines[0].fields.reason}`);
      expect(lines[0].fields.keyset).toBe(URL_A);
      expect(JSON.stringify(lines)).not.toMatch(/secret-in-query|body-text-not-for-logs|xxxx/);
    });
  });
});
