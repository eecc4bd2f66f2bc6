import { toolUrls } from '../../src/config';
import { startHarness, type Harness } from '../support/tool-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

describe('operations endpoints and headers', () => {
  it('answers /healthz and /readyz with the store in use', async () => {
    const browser = h.browser();
    expect((await browser.get(`${h.baseUrl}/healthz`)).body).toEqual({ status: 'ok' });
    expect((await browser.get(`${h.baseUrl}/readyz`)).body).toEqual({ status: 'ready', store: 'sqlite' });
  });

  it('sends helmet headers and a CSP that lets registered platforms frame the tool, never X-Frame-Options', async () => {
    const res = await h.browser().get(`${h.baseUrl}/`);
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain(`frame-ancestors 'self' ${new URL(h.platform.issuer).origin}`);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
  });

  it('answers the LTI login, a refused launch and its page with the same security headers as every other page (ltijs adds none of its own)', async () => {
    const browser = h.browser();
    const home = await browser.get(`${h.baseUrl}/`);
    const initiation = h.platform.prepareLaunch({ user: { sub: 'headers-learner', name: 'Hedda' }, method: 'GET' });
    const login = await browser.get(`${initiation.url}?${new URLSearchParams(initiation.params).toString()}`);
    expect(login.status).toBe(302);
    const refused = await browser.post(toolUrls(h.baseUrl).launch, { id_token: 'not.a.token', state: 'nothing' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    const policy = (res: typeof home) => Object.fromEntries(Object.entries(res.headers).filter(([name]) => /^(cross-origin|strict-transport|origin-agent|referrer-policy|x-(content-type|dns|download|permitted|xss|frame))/.test(name)));
    expect(policy(home)['cross-origin-resource-policy']).toBe('cross-origin');
    expect(policy(login)).toEqual(policy(home));
    expect(policy(refused)).toEqual(policy(home));
    for (const res of [login, refused]) expect(res.headers['cross-origin-embedder-policy']).toBeUndefined();
  });

  it('serves the public keyset and the Canvas configuration', async () => {
    const keys = await h.browser().get(toolUrls(h.baseUrl).keyset);
    expect(keys.body.keys.length).toBeGreaterThan(0);
    expect(keys.body.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(JSON.stringify(keys.body)).not.toMatch(/"d":/);
    const canvas = await h.browser().get(toolUrls(h.baseUrl).canvasConfig);
    expect(canvas.body.oidc_initiation_url).toBe(toolUrls(h.baseUrl).login);
    expect(canvas.body.public_jwk_url).toBe(toolUrls(h.baseUrl).keyset);
  });

  it('answers unknown pages with a 404 page in the browser language', async () => {
    const res = await h.browser().get(`${h.baseUrl}/nowhere`, { 'Accept-Language': 'fr-CA,fr;q=0.9' });
    expect(res.status).toBe(404);
    expect(res.text).toContain('Page introuvable');
  });
});
