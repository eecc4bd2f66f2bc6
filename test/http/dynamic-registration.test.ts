/**
 * LTI Dynamic Registration against the test platform: the tool reads the platform's OpenID
 * configuration, posts its registration with the registration token, and keeps the client id and
 * deployment id the platform returns. Dynamically registered platforms wait for the tool admin.
 */
import { toolUrls } from '../../src/config';
import { launch, startHarness, type Harness } from '../support/tool-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

describe('dynamic registration', () => {
  it('when a Moodle admin pastes the registration URL, then the tool registers, says Moodle needs Activate, and waits for approval', async () => {
    const moodle = await h.addPlatform('dr-moodle', { register: false });
    const browser = h.browser();
    const res = await browser.get(moodle.registrationStartUrl(toolUrls(h.baseUrl).register));
    expect(res.status).toBe(200);
    expect(res.text).toContain('Learner Voice is registered');
    expect(res.text).toContain('Activate');
    expect(res.text).toContain('data-lti-close');

    const [record] = moodle.registrations();
    expect(record.status).toBe(200);
    const request = record.request;
    expect(request.initiate_login_uri).toBe(toolUrls(h.baseUrl).login);
    expect(request.redirect_uris).toEqual([toolUrls(h.baseUrl).launch]);
    expect(request.jwks_uri).toBe(toolUrls(h.baseUrl).keyset);
    const toolConfig = request['https://purl.imsglobal.org/spec/lti-tool-configuration'] as Record<string, unknown>;
    expect(toolConfig.target_link_uri).toBe(toolUrls(h.baseUrl).launch);
    expect((toolConfig.messages as Array<{ type: string }>).map((m) => m.type)).toEqual(['LtiResourceLinkRequest', 'LtiDeepLinkingRequest']);

    const registered = await h.tool.registry.show({ issuer: moodle.issuer, clientId: record.clientId! });
    expect(registered.source).toBe('dynamic');
    expect(registered.active).toBe(false);
    expect(registered.deploymentIds).toEqual([record.deploymentId]);

    const pending = await launch(h, { user: 'learner' }, moodle);
    expect(pending.res.status).toBe(403);
    expect(pending.res.text).toContain('LAUNCH_PLATFORM_INACTIVE');

    await h.tool.registry.setActive({ issuer: moodle.issuer, clientId: record.clientId! }, true);
    const active = await launch(h, { user: 'learner' }, moodle);
    expect(active.res.status).toBe(200);
    expect(active.res.text).toContain('data-role="learner"');
  });

  it('when Canvas registers, then the request asks for names and the course navigation and deep-linking placements', async () => {
    const canvas = await h.addPlatform('dr-canvas', { flavour: 'canvas', register: false });
    const res = await h.browser().get(canvas.registrationStartUrl(toolUrls(h.baseUrl).register));
    expect(res.status).toBe(200);
    const request = canvas.registrations()[0].request;
    const toolConfig = request['https://purl.imsglobal.org/spec/lti-tool-configuration'] as Record<string, unknown>;
    expect(toolConfig['https://canvas.instructure.com/lti/privacy_level']).toBe('name_only');
    const placements = (toolConfig.messages as Array<{ placements?: string[] }>).flatMap((m) => m.placements ?? []).map((p) => p.replace('https://canvas.instructure.com/lti/', ''));
    expect(placements).toEqual(expect.arrayContaining(['course_navigation', 'link_selection', 'editor_button']));
  });

  it('when the registration URL is opened without an OpenID configuration, then it explains what is missing', async () => {
    const res = await h.browser().get(toolUrls(h.baseUrl).register);
    expect(res.status).toBe(400);
    expect(res.text).toContain('REGISTRATION_BAD_REQUEST');
    expect(res.text).toContain('openid_configuration');
  });

  it('when the registration token is refused by the platform, then the page says the registration failed', async () => {
    const moodle = await h.addPlatform('dr-bad-token', { register: false });
    const start = new URL(moodle.registrationStartUrl(toolUrls(h.baseUrl).register));
    start.searchParams.set('registration_token', 'forged.token.value');
    const res = await h.browser().get(start.href);
    expect(res.status).toBe(502);
    expect(res.text).toContain('REGISTRATION_PLATFORM_ERROR');
    expect((await h.tool.registry.list()).some((p) => p.issuer === moodle.issuer)).toBe(false);
  });
});

describe('dynamic registration switched off', () => {
  it('when DYNREG_ENABLED=false, then the registration URL answers 403', async () => {
    const off = await startHarness({ env: { DYNREG_ENABLED: 'false' } });
    try {
      const res = await off.browser().get(toolUrls(off.baseUrl).register + '?openid_configuration=' + encodeURIComponent(off.platform.openidConfigurationUrl));
      expect(res.status).toBe(403);
      expect(res.text).toContain('REGISTRATION_DISABLED');
    } finally {
      await off.close();
    }
  });
});
