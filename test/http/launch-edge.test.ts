/**
 * What reaches ltijs is checked first (launch/lti-params.ts). The first case used to end the
 * process: ltijs built a cookie name from the state and res.clearCookie threw in an async handler.
 */
import { startHarness, type Harness } from '../support/tool-harness';

let h: Harness;
let rejections: unknown[];
const onRejection = (reason: unknown) => rejections.push(reason);
beforeAll(async () => {
  h = await startHarness();
  process.on('unhandledRejection', onRejection);
});
beforeEach(() => {
  rejections = [];
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await h.close();
});

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** Syntactically a JWT, signed by nobody. */
const bogusToken = `${part({ alg: 'RS256', kid: 'k1' })}.${part({ iss: 'https://nobody.example', aud: 'x', nonce: 'n', sub: '1' })}.c2ln`;

async function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(h.baseUrl + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html', ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

async function stillServing(): Promise<void> {
  const res = await fetch(h.baseUrl + '/healthz');
  expect(res.status).toBe(200);
  expect(rejections).toEqual([]);
}

describe('launch parameters are checked before ltijs sees them', () => {
  it.each([
    ['a space', 'a b'],
    ['a semicolon', 'abc;def'],
    ['a non-ASCII letter', 'étét'],
    ['a NUL', 'abc\u0000def'],
    ['a comma and an equals sign', 'a,b=c'],
  ])('when the state of a bogus token holds %s, then the launch is refused with a 400 page and the tool keeps serving', async (_what, state) => {
    const res = await post('/lti/launch', { id_token: bogusToken, state });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('LAUNCH_BAD_PARAMETER');
    expect(page).toContain('(state)');
    await stillServing();
  });

  it('when the id_token has characters a compact JWT cannot hold, then it is refused naming the id_token', async () => {
    const res = await post('/lti/launch', { id_token: bogusToken.replace('.c2ln', '.c2 ln'), state: 'abc' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('(id_token)');
  });

  it('when the id_token and state are well formed but bogus, then ltijs refuses them as before (401, not a crash)', async () => {
    const res = await post('/lti/launch', { id_token: bogusToken, state: 'abcdef0123' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    await stillServing();
  });

  it('when a state with a space reaches another /lti path, then it is a 404 and ltijs never sees it', async () => {
    const res = await post('/lti/anything', { state: 'a b' });
    expect(res.status).toBe(404);
    await stillServing();
  });

  it('when a request carries an ltijs session token (ltik), then it is refused: the tool never issues one', async () => {
    const res = await post('/lti/launch?ltik=abc', { id_token: bogusToken, state: 'abcdef0123' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('(ltik)');
  });

  it('when a login parameter is repeated or nested instead of a single value, then the login is refused naming it', async () => {
    const target = encodeURIComponent(`${h.baseUrl}/lti/launch`);
    const iss = encodeURIComponent(h.platform.issuer);
    const repeated = await fetch(`${h.baseUrl}/lti/login?iss=${iss}&login_hint=2&login_hint=3&target_link_uri=${target}`, { redirect: 'manual' });
    expect(repeated.status).toBe(400);
    expect(await repeated.text()).toContain('LOGIN_BAD_PARAMETER');
    const nested = await fetch(`${h.baseUrl}/lti/login?iss=${iss}&login_hint=2&target_link_uri=${target}&client_id[$ne]=x`, { redirect: 'manual' });
    expect(nested.status).toBe(400);
    expect(await nested.text()).toContain('(client_id)');
    await stillServing();
  });

  it('when a login hint holds control characters or is far too long, then the login is refused', async () => {
    const base = { iss: h.platform.issuer, target_link_uri: `${h.baseUrl}/lti/launch` };
    for (const login_hint of ['a\nb', 'x'.repeat(5000)]) {
      const res = await post('/lti/login', { ...base, login_hint });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('(login_hint)');
    }
  });

  it('when the issuer is not an http(s) URL, then the login is refused naming it', async () => {
    const res = await post('/lti/login', { iss: 'javascript:alert(1)', login_hint: '2', target_link_uri: `${h.baseUrl}/lti/launch` });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('(iss)');
  });

  it('every error page gives a reference that is the request id of its log lines', async () => {
    const res = await post('/lti/launch', { id_token: bogusToken, state: 'a b' });
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(await res.text()).toContain(`Error reference: ${id}`);
  });
});
