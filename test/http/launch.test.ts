/**
 * Real LTI 1.3 launches from the test platform (Moodle flavour): login initiation, authorization,
 * id_token form_post, and the tool page, driven through HTTP as a browser would.
 */
import { findForm } from '../support/browser';
import { launch, startHarness, type Harness } from '../support/tool-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

describe('a successful launch', () => {
  it('when a learner launches from Moodle, then the reviews panel opens with the course, the activity, the name and the learner role', async () => {
    const { res, url, browser } = await launch(h, { user: 'learner', resourceLink: { id: 'rl-1', title: 'Harness LTI activity' } });
    expect(res.status).toBe(200);
    expect(url).toMatch(/\/s\/[A-Za-z0-9_-]+\/reviews$/);
    expect(res.text).toContain('LTI Test Course');
    expect(res.text).toContain('Harness LTI activity');
    expect(res.text).toContain('Sam Student');
    expect(res.text).toContain('data-role="learner"');
    // login → platform auth (form_post page) → launch → panel (the launch redirects straight to the panel it lands on)
    expect(browser.trail.map((s) => s.status)).toEqual([302, 200, 303, 200]);
  });

  it('when an editing teacher launches, then they act as instructor', async () => {
    const { res } = await launch(h, { user: 'instructor' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Terry Teacher');
    expect(res.text).toContain('data-role="instructor"');
  });

  it('when the Moodle admin launches with its three role URIs, then they act as instructor', async () => {
    const { res } = await launch(h, { user: 'admin' });
    expect(res.text).toContain('data-role="instructor"');
  });

  it('when a teaching assistant launches, then they act as instructor', async () => {
    const { res } = await launch(h, { user: 'teachingAssistant' });
    expect(res.text).toContain('data-role="instructor"');
  });

  it('when the launch locale is French, then the page is in French', async () => {
    const { res } = await launch(h, { user: 'learner', locale: 'fr-FR' });
    expect(res.text).toContain('<html lang="fr">');
    expect(res.text).toContain('Avis et notes');
  });

  it('when the login initiation comes by GET, then the launch works too', async () => {
    const { res } = await launch(h, { user: 'learner', method: 'GET' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-role="learner"');
  });

  it('when the platform clock is 30 s behind or ahead, then the launch is still accepted', async () => {
    for (const offset of [-30, 30]) {
      const { res } = await launch(h, { user: 'learner', forge: { iatOffsetSeconds: offset } });
      expect(res.status).toBe(200);
    }
  });

  it('when aud is an array that names us and azp is our client id, then the launch is accepted', async () => {
    const { res } = await launch(h, { user: 'learner', forge: { audience: [h.platform.clientId, 'another-tool'], azp: h.platform.clientId } });
    expect(res.status).toBe(200);
  });

  it('frames only from the platform: CSP frame-ancestors names its origin, and no X-Frame-Options is sent', async () => {
    const { res } = await launch(h, { user: 'learner' });
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.headers['content-security-policy']).toMatch(new RegExp(`frame-ancestors 'self' ${new URL(h.platform.issuer).origin}`));
  });

  it('when the return URL is a javascript: URL, then the launch works but the URL never becomes a link', async () => {
    const presentation = { locale: 'en', document_target: 'iframe', return_url: 'javascript:alert(1)' };
    const { res, browser, url } = await launch(h, { user: 'learner', forge: { claims: { 'https://purl.imsglobal.org/spec/lti/claim/launch_presentation': presentation } } });
    expect(res.status).toBe(200);
    const errorPage = await browser.get(url.replace(/\/reviews$/, '/reviews/moderation'));
    expect(errorPage.status).toBe(403);
    expect(errorPage.text).not.toContain('javascript:');
  });

  it('remembers that the learner launched the course', async () => {
    await launch(h, { user: 'learner' });
    const member = await h.storage.members.findMember(
      { issuer: h.platform.issuer, clientId: h.platform.clientId, deploymentId: h.platform.deploymentId, contextId: h.platform.course.id },
      h.platform.users.learner.sub,
    );
    expect(member?.role).toBe('learner');
    expect(member?.launchCount).toBeGreaterThan(0);
  });

  it("keeps none of ltijs's launch records the tool never reads (id token, context token, nonce), and the nonce in its own store", async () => {
    await launch(h, { user: 'learner', forge: { nonce: 'nonce-kept-by-the-tool-01' } });
    const plugin = h.storage.ltiDatabase().plugin;
    for (const collection of ['idtoken', 'contexttoken', 'nonce']) expect(await plugin.Get(false, collection, {})).toBe(false);
    const platform = { issuer: h.platform.issuer, clientId: h.platform.clientId };
    expect(await h.storage.nonces.rememberNonce(platform, 'nonce-kept-by-the-tool-01', new Date(Date.now() + 60_000))).toBe(false);
  });
});

describe('a refused launch explains itself with a 4xx page', () => {
  const refused = async (forge: Parameters<typeof launch>[1]['forge'], extra: Partial<Parameters<typeof launch>[1]> = {}) => {
    const { res } = await launch(h, { user: 'learner', forge, ...extra });
    return res;
  };

  it.each([
    ['the signature is made with another key', { signWithUnknownKey: true }, 401, 'LAUNCH_BAD_SIGNATURE'],
    ['the kid is not in the platform keyset', { kid: 'no-such-key' }, 401, 'LAUNCH_BAD_SIGNATURE'],
    ['the token is unsigned (alg none)', { algNone: true }, 401, 'LAUNCH_BAD_SIGNATURE'],
    ['the token is HS256 keyed with the public key', { hmacWithPublicKey: true }, 401, 'LAUNCH_BAD_SIGNATURE'],
    ['aud names another tool', { audience: 'another-tool' }, 401, 'LAUNCH_WRONG_AUDIENCE'],
    ['aud is an array without azp', { audience: ['__CLIENT__', 'another-tool'], azp: null }, 401, 'LAUNCH_WRONG_AUDIENCE'],
    ['azp names another tool', { audience: ['__CLIENT__', 'another-tool'], azp: 'another-tool' }, 401, 'LAUNCH_WRONG_AUDIENCE'],
    ['the token has expired', { expired: true }, 401, 'LAUNCH_TOKEN_EXPIRED'],
    ['iat is ten minutes in the future', { iatOffsetSeconds: 600 }, 401, 'LAUNCH_IAT_IN_FUTURE'],
    ['the nonce is missing', { omitNonce: true }, 400, 'LAUNCH_NONCE_MISSING'],
    ['the deployment is unknown', { deploymentId: 'unknown-deployment' }, 403, 'LAUNCH_UNKNOWN_DEPLOYMENT'],
    ['the deployment claim is missing', { omitClaims: ['deployment_id'] }, 400, 'LAUNCH_MISSING_DEPLOYMENT'],
    ['the message type is missing', { omitClaims: ['message_type'] }, 400, 'LAUNCH_BAD_MESSAGE_TYPE'],
    ['the message type is unsupported', { claims: { 'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiSubmissionReviewRequest' } }, 400, 'LAUNCH_BAD_MESSAGE_TYPE'],
    ['the version is not 1.3.0', { claims: { 'https://purl.imsglobal.org/spec/lti/claim/version': '1.1' } }, 400, 'LAUNCH_BAD_VERSION'],
    ['the version is missing', { omitClaims: ['version'] }, 400, 'LAUNCH_BAD_VERSION'],
    ['the resource link is missing', { omitClaims: ['resource_link'] }, 400, 'LAUNCH_MISSING_RESOURCE_LINK'],
    ['the target_link_uri in the token is another site', { targetLinkUri: 'https://evil.example/launch' }, 400, 'LAUNCH_FOREIGN_TARGET'],
  ])('when %s', async (_what, forge, status, code) => {
    const f = JSON.parse(JSON.stringify(forge).replace(/__CLIENT__/g, h.platform.clientId));
    const res = await refused(f);
    expect(res.status).toBe(status);
    expect(res.text).toContain(code);
    expect(res.text).toContain('<html lang="en">');
    expect(res.headers.location).toBeUndefined();
  });

  it('when a nonce is used a second time, then the second launch is refused as a replay', async () => {
    const first = await launch(h, { user: 'learner', forge: { nonce: 'nonce-used-twice-0001' } });
    expect(first.res.status).toBe(200);
    const second = await refused({ nonce: 'nonce-used-twice-0001' });
    expect(second.status).toBe(401);
    expect(second.text).toContain('LAUNCH_NONCE_REPLAYED');
  });

  it('when the same id_token and state are posted again, then it is refused and no session is opened', async () => {
    const { browser } = await launch(h, { user: 'learner' });
    const replay = h.platform.lastAuthResponse();
    const res = await browser.post(replay.redirectUri, { id_token: replay.id_token, state: replay.state });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.location).toBeUndefined();
  });

  it('when the state does not match the one the browser started with, then it is refused', async () => {
    const browser = h.browser();
    const initiation = h.platform.prepareLaunch({ user: 'learner' });
    const toAuth = await browser.post(initiation.url, initiation.params);
    const auth = await browser.get(toAuth.headers.location);
    const form = findForm(auth.text)!;
    const res = await browser.post(form.action, { ...form.fields, state: 'a-state-this-browser-never-had' });
    expect(res.status).toBe(401);
    expect(res.text).toContain('LAUNCH_STATE_MISMATCH');
  });

  it('when the state is missing, then it is refused', async () => {
    const browser = h.browser();
    const initiation = h.platform.prepareLaunch({ user: 'learner' });
    const toAuth = await browser.post(initiation.url, initiation.params);
    const auth = await browser.get(toAuth.headers.location);
    const form = findForm(auth.text)!;
    const res = await browser.post(form.action, { id_token: form.fields.id_token });
    expect(res.status).toBe(400);
    expect(res.text).toContain('LAUNCH_STATE_MISSING');
  });

  it('when the platform is not registered, then the login is refused without redirecting', async () => {
    const stranger = await h.addPlatform('stranger', { register: false });
    const { res } = await launch(h, { user: 'learner' }, stranger);
    expect(res.status).toBe(403);
    expect(res.text).toContain('LAUNCH_UNKNOWN_PLATFORM');
  });

  it('when the login initiation names an unknown deployment, then it is refused before any redirect', async () => {
    const initiation = h.platform.prepareLaunch({ user: 'learner' });
    const res = await h.browser().post(initiation.url, { ...initiation.params, lti_deployment_id: 'not-ours' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('LAUNCH_UNKNOWN_DEPLOYMENT');
  });

  it('when the login initiation targets another site, then the tool refuses and never redirects there', async () => {
    const initiation = h.platform.prepareLaunch({ user: 'learner' });
    const res = await h.browser().post(initiation.url, { ...initiation.params, target_link_uri: 'https://evil.example/phish' });
    expect(res.status).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.text).toContain('LOGIN_FOREIGN_TARGET');
  });

  it('when the login initiation lacks required parameters, then it says which', async () => {
    const res = await h.browser().post(`${h.baseUrl}/lti/login`, { iss: h.platform.issuer });
    expect(res.status).toBe(400);
    expect(res.text).toContain('login_hint, target_link_uri');
  });

  it('when an admin deactivated the platform, then the login says launches are switched off and how to allow them', async () => {
    const pending = await h.addPlatform('pending');
    await h.tool.registry.setActive({ issuer: pending.issuer, clientId: pending.clientId }, false);
    const { res } = await launch(h, { user: 'learner' }, pending);
    expect(res.status).toBe(403);
    expect(res.text).toContain('LAUNCH_PLATFORM_INACTIVE');
    expect(res.text).toContain('learner-voice platform activate');
  });

  it('when the request body is too large, then it answers 413', async () => {
    const res = await h.browser().post(`${h.baseUrl}/lti/launch`, { id_token: 'x'.repeat(70_000), state: 's' });
    expect(res.status).toBe(413);
    expect(res.text).toContain('REQUEST_TOO_LARGE');
  });

  it('when the launch URL is opened without a token, then it says to open the activity from the LMS', async () => {
    const res = await h.browser().get(`${h.baseUrl}/lti/launch`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('LAUNCH_NO_TOKEN');
  });

  it('when the id_token is not a JWT, then it is refused as unreadable', async () => {
    const res = await h.browser().post(`${h.baseUrl}/lti/launch`, { id_token: 'not-a-jwt', state: 'abc' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('LAUNCH_MALFORMED_TOKEN');
  });

  it('when a French learner sends a bad token, then the error page is in French', async () => {
    const { res } = await launch(h, { user: 'frenchLearner', forge: { signWithUnknownKey: true } });
    expect(res.status).toBe(401);
    expect(res.text).toContain('<html lang="fr">');
    expect(res.text).toContain('Signature du lancement non valide');
  });

  it('answers JSON when the client asks for JSON', async () => {
    const res = await h.browser().get(`${h.baseUrl}/lti/launch`, { Accept: 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('LAUNCH_NO_TOKEN');
  });
});

describe('a launch from Canvas', () => {
  it('when a Canvas student and teacher launch, then roles, names and locale come through and the school origin may frame the tool', async () => {
    const canvas = await h.addPlatform('canvas-school', { flavour: 'canvas' });
    expect(canvas.issuer).toBe('https://canvas.instructure.com');
    const student = await launch(h, { user: 'learner', locale: 'fr' }, canvas);
    expect(student.res.status).toBe(200);
    expect(student.res.text).toContain('data-role="learner"');
    expect(student.res.text).toContain('<html lang="fr">');
    const teacher = await launch(h, { user: 'instructor' }, canvas);
    expect(teacher.res.text).toContain('data-role="instructor"');
    // Hosted Canvas signs as canvas.instructure.com but frames the tool from the school's own host.
    const record = await h.storage.platforms.findPlatform({ issuer: canvas.issuer, clientId: canvas.clientId });
    expect(record?.frameOrigins).toContain(new URL(h.baseUrl).origin);
  });
});
