import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { PlatformKeysets } from '../../src/launch/platform-keysets';

const URL_A = 'https://lms.example/jwks';

function rsaJwk(kid: string) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}

function platform(initial: ReturnType<typeof rsaJwk>[], cacheControl?: string) {
  const state = { keys: initial, calls: 0, fail: false };
  const fetcher = (async () => {
    state.calls++;
    if (state.fail) return new Response('down', { status: 503 });
    return new Response(JSON.stringify({ keys: state.keys.map((k) => k.jwk) }), { headers: { 'content-type': 'application/json', ...(cacheControl ? { 'cache-control': cacheControl } : {}) } });
  }) as typeof fetch;
  return { state, fetcher };
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
});
