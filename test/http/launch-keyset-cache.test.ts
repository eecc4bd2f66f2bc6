/**
 * The platform's keyset is fetched once for many launches (launch/platform-keysets.ts), the
 * signature is still checked on each, and a platform that rotates its key still launches. While the
 * keyset URL fails, the keys fetched before keep verifying: a token with a made-up kid cannot stop
 * the platform's launches.
 */
import { launch, startHarness, type Harness } from '../support/tool-harness';

let h: Harness;
let keysetFetches: string[];
let keysetDown = false;
const realFetch = globalThis.fetch;
beforeAll(async () => {
  h = await startHarness();
  jest.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url === h.platform.jwksUrl) keysetFetches.push(url);
    if (url === h.platform.jwksUrl && keysetDown) return Promise.resolve(new Response('down', { status: 503 }));
    return realFetch(input, init);
  });
});
beforeEach(() => {
  keysetFetches = [];
});
afterAll(async () => {
  jest.restoreAllMocks();
  await h.close();
});

const landed = (url: string) => /\/s\/[A-Za-z0-9_-]{20,}/.test(url);

describe('the platform keyset between launches', () => {
  it('when two learners launch, then the keyset is fetched once and both land in the tool', async () => {
    const first = await launch(h, { user: 'learner' });
    const second = await launch(h, { user: 'instructor' });
    expect(landed(first.url) && landed(second.url)).toBe(true);
    expect(keysetFetches).toHaveLength(1);
    const third = await launch(h, { user: 'learner' });
    expect(landed(third.url)).toBe(true);
    expect(keysetFetches).toHaveLength(1);
  });

  it('when a token is signed with another key under the platform kid, then it is still refused', async () => {
    await launch(h, { user: 'learner' });
    const { res } = await launch(h, { user: 'learner', forge: { signWithUnknownKey: true } });
    expect(res.status).toBe(401);
    expect(res.text).toContain('LAUNCH_BAD_SIGNATURE');
  });

  it('when the platform rotates its key, then the new kid refetches the keyset once and the launch goes through', async () => {
    await launch(h, { user: 'learner' });
    await h.platform.rotateKeys();
    // Past the refetch cooldown that guards against made-up kids.
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => now + 11_000);
    try {
      keysetFetches = [];
      const { url } = await launch(h, { user: 'learner' });
      expect(landed(url)).toBe(true);
      expect(keysetFetches).toHaveLength(1);
      const again = await launch(h, { user: 'instructor' });
      expect(landed(again.url)).toBe(true);
      expect(keysetFetches).toHaveLength(1);
    } finally {
      clock.mockRestore();
    }
  });

  it('when the keyset URL fails, then a made-up kid is refused as unreachable and the platform still launches, also past the keyset expiry', async () => {
    await launch(h, { user: 'learner' });
    keysetDown = true;
    // Only the clock is faked, for the tool and the platform alike (a token's iat is checked against it).
    const clockAt = (ms: number) => jest.useFakeTimers({ now: ms, doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'hrtime', 'performance'] });
    const start = Date.now();
    try {
      // Past the refetch cooldown of the fetches above, so the made-up kid refetches.
      clockAt(start + 30_000);
      keysetFetches = [];
      const { res } = await launch(h, { user: 'learner', forge: { kid: 'made-up' } });
      expect(res.status).toBe(502);
      expect(res.text).toContain('LAUNCH_KEYSET_UNREACHABLE');
      expect(keysetFetches).toHaveLength(1);
      expect(landed((await launch(h, { user: 'instructor' })).url)).toBe(true);
      // Past the keyset's five minutes, with fetches still failing.
      clockAt(start + 30_000 + 6 * 60_000);
      expect(landed((await launch(h, { user: 'learner' })).url)).toBe(true);
    } finally {
      jest.useRealTimers();
      keysetDown = false;
    }
  });
});
