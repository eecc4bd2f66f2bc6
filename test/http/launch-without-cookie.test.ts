/**
 * Launches whose state cookie does not come back (a browser blocking third-party cookies in the LMS
 * frame): the lost-state page offers a new window, a framed login is probed before the LMS round
 * trip, and platforms with client-side storage (Canvas flavour) launch without any cookie.
 */
import { findForm } from '../support/browser';
import { startHarness, type Harness } from '../support/tool-harness';
import type { TestPlatform } from '../../src/demo/test-platform';

const FRAMED = { 'Sec-Fetch-Dest': 'iframe' };

let h: Harness;
let canvas: TestPlatform;
beforeAll(async () => {
  h = await startHarness();
  canvas = await h.addPlatform('canvas-school', { flavour: 'canvas' });
});
afterAll(async () => h.close());

/** Login in one browser, then the platform's form post arrives in another (no state cookie). */
async function launchLosingTheCookie(platform: TestPlatform, options: Parameters<TestPlatform['prepareLaunch']>[0] = { user: 'learner' }) {
  const initiation = platform.prepareLaunch(options);
  const starter = h.browser();
  const login = await starter.post(initiation.url, initiation.params);
  const authPage = await starter.get(new URL(login.headers.location, h.baseUrl).href);
  const form = findForm(authPage.text)!;
  const cookieless = h.browser();
  const res = await cookieless.post(form.action, form.fields);
  return { initiation, res, form, cookieless };
}

function newWindowLink(html: string): URL {
  const href = /id="open-new-window" href="([^"]+)" target="_blank" rel="noopener"/.exec(html)?.[1];
  if (!href) throw new Error('no new-window link in ' + html);
  return new URL(href.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&#34;|&quot;/g, '"'));
}

describe('a launch that lost its state cookie', () => {
  it('is refused, and the page offers the same login in a new window, with the parameters the LMS sent', async () => {
    const { initiation, res } = await launchLosingTheCookie(h.platform);
    expect(res.status).toBe(401);
    expect(res.text).toContain('LAUNCH_STATE_MISMATCH');
    expect(res.text).not.toContain('Please open the activity again from your course.');
    const link = newWindowLink(res.text);
    expect(link.origin + link.pathname).toBe(`${h.baseUrl}/lti/login`);
    for (const name of ['iss', 'login_hint', 'lti_message_hint', 'client_id', 'lti_deployment_id', 'target_link_uri'])
      expect(link.searchParams.get(name)).toBe(initiation.params[name]);
  });

  it('when the launch is in French, then the page is in French, with narrow no-break spaces before colons', async () => {
    const { res } = await launchLosingTheCookie(h.platform, { user: 'learner', locale: 'fr' });
    expect(res.text).toContain('<html lang="fr">');
    expect(res.text).toContain('Ouvrir dans une nouvelle fenêtre');
    expect(res.text).toContain('lancement\u202f: il ne peut pas');
  });

  it('when the state was never issued by the tool, then no new window is offered', async () => {
    const { form, cookieless } = await launchLosingTheCookie(h.platform);
    const res = await cookieless.post(form.action, { ...form.fields, state: 'a-state-we-never-issued' });
    expect(res.status).toBe(401);
    expect(res.text).not.toContain('open-new-window');
  });
});

describe('a login inside the LMS frame (the cookie probe)', () => {
  it('when the browser keeps the state cookie, then the probe sends it on to the platform and the launch completes', async () => {
    const browser = h.browser();
    const initiation = h.platform.prepareLaunch({ user: 'learner' });
    const login = await browser.post(initiation.url, initiation.params, FRAMED);
    expect(login.status).toBe(302);
    expect(login.headers.location).toMatch(/\/lti\/login\/check\?state=[0-9a-f]+$/);
    const check = await browser.get(new URL(login.headers.location, h.baseUrl).href);
    expect(check.status).toBe(302);
    expect(check.headers.location.startsWith(`${h.platform.issuer}/`)).toBe(true);
    const { res, url } = await browser.settle(check, h.baseUrl);
    expect(res.status).toBe(200);
    expect(url).toMatch(/\/s\/[A-Za-z0-9_-]+\/reviews$/);
  });

  it('when the browser refused the cookie, then a page offers a new window before the LMS is asked, and the launch works there', async () => {
    const initiation = h.platform.prepareLaunch({ user: 'learner' });
    const login = await h.browser().post(initiation.url, initiation.params, FRAMED);
    const check = await h.browser().get(new URL(login.headers.location, h.baseUrl).href, { 'Accept-Language': 'fr-FR,fr;q=0.9' });
    expect(check.status).toBe(200);
    expect(check.headers.location).toBeUndefined();
    expect(check.text).toContain('<html lang="fr">');
    expect(check.text).toContain('Ouvrir Learner Voice dans une nouvelle fenêtre');
    expect(check.text).not.toMatch(/<script(?![^>]*\bsrc=)/);

    // The new window is top-level: the LMS's one-time lti_message_hint has not been used yet.
    const topLevel = h.browser();
    const link = newWindowLink(check.text);
    const first = await topLevel.get(link.href, { 'Sec-Fetch-Dest': 'document' });
    expect(first.status).toBe(302);
    const { res, url } = await topLevel.settle(first, link.href);
    expect(res.status).toBe(200);
    expect(url).toMatch(/\/s\/[A-Za-z0-9_-]+\/reviews$/);
  });

  it('the probe never redirects for a state it did not issue, whatever the cookie says', async () => {
    const res = await h.browser().get(`${h.baseUrl}/lti/login/check?state=abc123`, { Cookie: 'stateabc123=x' });
    expect(res.status).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.text).toContain('This sign-in has expired.');
    const malformed = await h.browser().get(`${h.baseUrl}/lti/login/check?state=${encodeURIComponent('a b;c')}`);
    expect(malformed.status).toBe(400);
    const noState = await h.browser().get(`${h.baseUrl}/lti/login/check`);
    expect(noState.status).toBe(400);
  });
});

describe('a platform that offers client-side storage (Canvas flavour)', () => {
  /** The login page stores state and nonce; the launch page reads them back (what the page's script does). */
  async function storagePages() {
    const initiation = canvas.prepareLaunch({ user: 'learner' });
    expect(initiation.params.lti_storage_target).toBe('post_message_forwarding');
    const starter = h.browser();
    const login = await starter.post(initiation.url, initiation.params, FRAMED);
    expect(login.status).toBe(200);
    const data = (name: string) => new RegExp(`data-${name}="([^"]*)"`).exec(login.text)?.[1]?.replace(/&amp;/g, '&');
    expect(data('mode')).toBe('store');
    expect(data('target')).toBe('post_message_forwarding');
    expect(data('platform-origin')).toBe(new URL(h.baseUrl).origin);
    const continueUrl = data('continue-url')!;
    expect(continueUrl.startsWith(`${h.baseUrl}/canvas-school/`)).toBe(true);
    const state = data('state')!;
    const nonce = data('nonce')!;
    expect(new URL(continueUrl).searchParams.get('state')).toBe(state);
    expect(new URL(continueUrl).searchParams.get('nonce')).toBe(nonce);
    // When the platform does not answer the page's messages, the cookie probe decides.
    expect(data('fallback-url')).toBe(`${h.baseUrl}/lti/login/check?state=${state}`);

    const authPage = await starter.get(continueUrl);
    const authForm = findForm(authPage.text)!;
    const cookieless = h.browser();
    const readPage = await cookieless.post(authForm.action, authForm.fields);
    return { state, nonce, readPage, cookieless };
  }

  it('when the id_token comes back without the cookie, then a page reads the state back from the platform and the launch completes', async () => {
    const { state, nonce, readPage, cookieless } = await storagePages();
    expect(readPage.status).toBe(200);
    expect(readPage.text).toContain('data-mode="read"');
    const form = findForm(readPage.text, 'lti-storage-form')!;
    expect(form.action).toBe(`${h.baseUrl}/lti/launch`);
    const res = await cookieless.post(form.action, { ...form.fields, lv_stored_state: state, lv_stored_nonce: nonce }, { Origin: new URL(h.baseUrl).origin });
    expect(res.status).toBe(303);
    const { res: page, url } = await cookieless.settle(res, form.action);
    expect(page.status).toBe(200);
    expect(url).toMatch(/\/s\/[A-Za-z0-9_-]+\/reviews$/);
  });

  it('the state is accepted without cookie once only: the same post again is refused', async () => {
    const { state, nonce, readPage, cookieless } = await storagePages();
    const form = findForm(readPage.text, 'lti-storage-form')!;
    const fields = { ...form.fields, lv_stored_state: state, lv_stored_nonce: nonce };
    const origin = { Origin: new URL(h.baseUrl).origin };
    expect((await cookieless.post(form.action, fields, origin)).status).toBe(303);
    const again = await h.browser().post(form.action, fields, origin);
    expect(again.status).toBe(401);
    expect(again.text).toContain('LAUNCH_STATE_MISMATCH');
  });

  it('when the page is posted as browsers post it (Origin null under no-referrer, Sec-Fetch-Site same-origin), then it is accepted', async () => {
    const { state, nonce, readPage, cookieless } = await storagePages();
    const form = findForm(readPage.text, 'lti-storage-form')!;
    const res = await cookieless.post(form.action, { ...form.fields, lv_stored_state: state, lv_stored_nonce: nonce }, { Origin: 'null', 'Sec-Fetch-Site': 'same-origin' });
    expect(res.status).toBe(303);
  });

  it('when the post comes from another origin, or storage returned other values, then it is refused, and the state cannot be used afterwards', async () => {
    const { state, nonce, readPage, cookieless } = await storagePages();
    const form = findForm(readPage.text, 'lti-storage-form')!;
    const fields = { ...form.fields, lv_stored_state: state, lv_stored_nonce: nonce };
    const crossSite = await cookieless.post(form.action, fields, { Origin: 'https://attacker.example' });
    expect(crossSite.status).toBe(401);
    const crossSiteNullOrigin = await cookieless.post(form.action, fields, { Origin: 'null', 'Sec-Fetch-Site': 'cross-site' });
    expect(crossSiteNullOrigin.status).toBe(401);
    const noOrigin = await cookieless.post(form.action, fields);
    expect(noOrigin.status).toBe(401);
    const wrongNonce = await cookieless.post(form.action, { ...fields, lv_stored_nonce: 'another-nonce' }, { Origin: new URL(h.baseUrl).origin });
    expect(wrongNonce.status).toBe(401);
    expect(wrongNonce.text).toContain('open-new-window');
    // The failed check used the state: nothing can be accepted for it any more.
    const good = await cookieless.post(form.action, fields, { Origin: new URL(h.baseUrl).origin });
    expect(good.status).toBe(401);
  });

  it('when the storage page could not read anything, then the launch is refused with the new window, never answered again with the read page', async () => {
    const { readPage, cookieless } = await storagePages();
    const form = findForm(readPage.text, 'lti-storage-form')!;
    const res = await cookieless.post(form.action, form.fields, { Origin: new URL(h.baseUrl).origin });
    expect(res.status).toBe(401);
    expect(res.text).not.toContain('data-mode="read"');
    expect(res.text).toContain('open-new-window');
  });

  it('when the cookie came back, then no storage page is needed', async () => {
    const initiation = canvas.prepareLaunch({ user: 'learner' });
    const browser = h.browser();
    const { res, url } = await browser.settle(await browser.post(initiation.url, initiation.params), initiation.url);
    expect(res.status).toBe(200);
    expect(url).toMatch(/\/s\/[A-Za-z0-9_-]+\/reviews$/);
  });
});
