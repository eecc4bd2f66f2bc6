/**
 * Regression (issue 9): a bogus id_token posted with a `state` that is not a valid cookie name made
 * ltijs call res.clearCookie('state' + state), which threw inside its async handler; the rejection
 * was unhandled and Node exited. One anonymous request took the tool down.
 */
import { watchCrashes } from '../support/real-process';
import { startHarness, type Harness } from '../support/tool-harness';

let h: Harness;
let watch: ReturnType<typeof watchCrashes>;
beforeAll(async () => {
  watch = watchCrashes();
  h = await startHarness();
});
afterAll(async () => {
  watch.stop();
  await h.close();
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('a launch post with a state that is no cookie name', () => {
  it('when a bogus id_token comes with state "a b", then it is refused with a 4xx and the tool still answers', async () => {
    const now = Math.floor(Date.now() / 1000);
    const payload = { iss: h.platform.issuer, aud: h.platform.clientId, sub: 'x', nonce: 'n', iat: now, exp: now + 60 };
    const idToken = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'none' })}.${b64(payload)}.${Buffer.from('not a signature').toString('base64url')}`;

    const res = await fetch(`${h.baseUrl}/lti/launch`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ id_token: idToken, state: 'a b' }),
      signal: AbortSignal.timeout(2000),
    }).catch((err: Error) => ({ status: 0, error: err.message }));

    expect(watch.crashes).toEqual([]);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const health = await fetch(`${h.baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
    expect(health.status).toBe(200);
  });
});
