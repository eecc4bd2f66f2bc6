/**
 * The launch flow's cookies over HTTPS carry Partitioned (CHIPS), so that a browser blocking
 * third-party cookies still returns the state cookie inside the LMS's iframe; over http they stay
 * SameSite=Lax without it.
 */
import express from 'express';
import request from 'supertest';
import { partitionedLaunchCookies } from '../../src/launch/launch-cookies';
import { startHarness, type Harness } from '../support/tool-harness';

function stateCookieOf(setCookie: string[] | string | undefined): string {
  const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const state = cookies.find((c) => c.startsWith('state'));
  if (!state) throw new Error(`no state cookie in ${JSON.stringify(cookies)}`);
  return state;
}

describe('over https', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { BASE_URL: 'https://tool.test' } });
  });
  afterAll(async () => h.close());

  it('when a login starts, then the state cookie is Secure, SameSite=None and Partitioned', async () => {
    const { params } = h.platform.prepareLaunch({ user: 'learner' });
    const res = await h.browser().post(`${h.baseUrl}/lti/login`, { ...params, target_link_uri: 'https://tool.test/lti/launch' });
    expect(res.status).toBe(302);
    expect(res.headers.location.startsWith(h.platform.issuer)).toBe(true);
    const cookie = stateCookieOf(res.headers['set-cookie']);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=None/);
    expect(cookie).toMatch(/; Partitioned/);
  });
});

describe('over http', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('when a login starts, then the state cookie is SameSite=Lax, neither Secure nor Partitioned', async () => {
    const { url, params } = h.platform.prepareLaunch({ user: 'learner' });
    const res = await h.browser().post(url, params);
    const cookie = stateCookieOf(res.headers['set-cookie']);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/Partitioned|Secure/);
  });
});

describe('the cookie that clears the state cookie', () => {
  it('carries the same attributes as the one it clears, Partitioned included', async () => {
    const app = express();
    app.use(partitionedLaunchCookies(true));
    app.get('/', (_req, res) => {
      res.clearCookie('stateabc', { secure: true, sameSite: 'none' });
      res.end();
    });
    const res = await request(app).get('/');
    const cookie = stateCookieOf(res.headers['set-cookie']);
    expect(cookie).toMatch(/^stateabc=;/);
    expect(cookie).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=None/);
    expect(cookie).toMatch(/; Partitioned/);
  });
});
