/**
 * LTI Dynamic Registration against the test platform: the tool reads the platform's OpenID
 * configuration, posts its registration with the registration token, and keeps the client id and
 * deployment id the platform returns. Dynamically registered platforms wait for the tool admin.
 *
 * LMSs that frame the registration page live on their own origin (another port) so that the CSP
 * checks mean something; LMSs used for launches share the tool's origin, because the test browser
 * does not leave it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app';
import { toolUrls } from '../../src/config';
import { createTestPlatform, type TestPlatform } from '../../src/demo/test-platform';
import { createLogger } from '../../src/http/logger';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';
import { launch, startHarness, type Harness } from '../support/tool-harness';

let h: Harness;
let lms: OtherOrigin;
beforeAll(async () => {
  h = await startHarness({ env: { DYNREG_RATE_LIMIT: '1000' } });
  lms = await startOtherOrigin();
});
afterAll(async () => {
  await lms.close();
  await h.close();
});

interface OtherOrigin {
  readonly origin: string;
  readonly app: express.Express;
  /** A test platform mounted at /<path> of this origin. */
  platform(path: string, flavour: 'moodle' | 'canvas', canvasIssuer?: string): Promise<TestPlatform>;
  close(): Promise<void>;
}

async function startOtherOrigin(): Promise<OtherOrigin> {
  const app = express();
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    app,
    async platform(path, flavour, canvasIssuer) {
      const urls = toolUrls(h.baseUrl);
      const platform = await createTestPlatform({ issuer: `${origin}/${path}`, flavour, canvasIssuer, tool: { loginUrl: urls.login, launchUrl: urls.launch, keysetUrl: urls.keyset } });
      app.use(`/${path}`, platform.router);
      return platform;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function frameAncestors(res: request.Response): string[] {
  const csp = String(res.headers['content-security-policy'] ?? '');
  return /frame-ancestors ([^;]*)/.exec(csp)?.[1].trim().split(/\s+/) ?? [];
}

function registerUrl(openidConfiguration: string, token?: string): string {
  const url = new URL(toolUrls(h.baseUrl).register);
  url.searchParams.set('openid_configuration', openidConfiguration);
  if (token !== undefined) url.searchParams.set('registration_token', token);
  return url.href;
}

describe('first registration from an LMS the tool does not know yet', () => {
  it('when a Moodle on its own origin opens the registration, then that origin may frame the answer, which prints the approval command and closes the dialog by itself', async () => {
    const moodle = await lms.platform('first-moodle', 'moodle');
    const before = await h.browser().get('/');
    expect(frameAncestors(before)).not.toContain(lms.origin);

    const res = await h.browser().get(moodle.registrationStartUrl(toolUrls(h.baseUrl).register));
    expect(res.status).toBe(200);
    expect(frameAncestors(res)).toEqual(expect.arrayContaining(["'self'", lms.origin]));

    const [record] = moodle.registrations();
    expect(record.status).toBe(200);
    expect(res.text).toContain('Learner Voice is registered');
    expect(res.text).toContain(`learner-voice platform activate ${moodle.issuer} ${record.clientId}`);
    expect(res.text).toContain('data-lti-close');
    expect(res.text).toMatch(/data-lti-auto-close="30"/);
    expect(res.text).toContain('<script src="/static/js/registration-close.js"></script>');
    const script = await h.browser().get('/static/js/registration-close.js');
    expect(script.text).toContain("postMessage({ subject: 'org.imsglobal.lti.close' }, '*')");
    expect(script.text).toContain('window.opener || (window.parent !== window ? window.parent : null)');
    expect(script.text).toMatch(/setTimeout\(close, seconds \* 1000\)/);

    const registered = await h.tool.registry.show({ issuer: moodle.issuer, clientId: record.clientId! });
    expect(registered).toMatchObject({ source: 'dynamic', active: false, deploymentIds: [record.deploymentId] });
    expect(registered.frameOrigins).toContain(lms.origin);
  });

  it('when a Canvas (issuer canvas.instructure.com, pages on the school host) registers, then both the school host and the issuer may frame the answer', async () => {
    const canvas = await lms.platform('first-canvas', 'canvas', 'https://canvas.first-test.instructure.com');
    const res = await h.browser().get(canvas.registrationStartUrl(toolUrls(h.baseUrl).register));
    expect(res.status).toBe(200);
    expect(frameAncestors(res)).toEqual(expect.arrayContaining([lms.origin, 'https://canvas.first-test.instructure.com']));
    const [record] = canvas.registrations();
    expect(res.text).toContain(`learner-voice platform activate https://canvas.first-test.instructure.com ${record.clientId}`);
    expect(res.text).toContain(`Deployment id: ${record.deploymentId}`);
  });

  it('when two unknown LMSs register, then each answer is frameable by its own LMS only', async () => {
    const other = await startOtherOrigin();
    try {
      const a = await other.platform('only-a', 'moodle');
      const refused = await h.browser().get(registerUrl(a.openidConfigurationUrl, 'forged.token.value'));
      expect(refused.status).toBe(403);
      expect(frameAncestors(refused)).toContain(other.origin);
      const b = await lms.platform('only-b', 'moodle');
      const res = await h.browser().get(b.registrationStartUrl(toolUrls(h.baseUrl).register));
      expect(res.status).toBe(200);
      expect(frameAncestors(res)).toContain(lms.origin);
      expect(frameAncestors(res)).not.toContain(other.origin);
    } finally {
      await other.close();
    }
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
});

describe('registration then launch', () => {
  it('when a Moodle admin pastes the registration URL, then the tool registers, says Moodle needs Activate, and waits for approval', async () => {
    const moodle = await h.addPlatform('dr-moodle', { register: false });
    const res = await h.browser().get(moodle.registrationStartUrl(toolUrls(h.baseUrl).register));
    expect(res.status).toBe(200);
    expect(res.text).toContain('Activate');

    const [record] = moodle.registrations();
    const request = record.request;
    expect(request.initiate_login_uri).toBe(toolUrls(h.baseUrl).login);
    expect(request.redirect_uris).toEqual([toolUrls(h.baseUrl).launch]);
    expect(request.jwks_uri).toBe(toolUrls(h.baseUrl).keyset);
    const toolConfig = request['https://purl.imsglobal.org/spec/lti-tool-configuration'] as Record<string, unknown>;
    expect(toolConfig.target_link_uri).toBe(toolUrls(h.baseUrl).launch);
    expect((toolConfig.messages as Array<{ type: string }>).map((m) => m.type)).toEqual(['LtiResourceLinkRequest', 'LtiDeepLinkingRequest']);

    const pending = await launch(h, { user: 'learner' }, moodle);
    expect(pending.res.status).toBe(403);
    expect(pending.res.text).toContain('LAUNCH_PLATFORM_PENDING');
    // The page printed the same command the "not yet activated" page prints.
    expect(pending.res.text).toContain(`learner-voice platform activate ${moodle.issuer} ${record.clientId}`);
    expect(res.text).toContain(`learner-voice platform activate ${moodle.issuer} ${record.clientId}`);

    await h.tool.registry.setActive({ issuer: moodle.issuer, clientId: record.clientId! }, true);
    const active = await launch(h, { user: 'learner' }, moodle);
    expect(active.res.status).toBe(200);
    expect(active.res.text).toContain('data-role="learner"');
  });
});

describe('re-registration', () => {
  it('when Moodle "Update"s an approved registration whose endpoint moved, then the tool updates it in place, keeps its keys, deployments and approval, and says what changed', async () => {
    const moodle = await h.addPlatform('dr-update', { register: false });
    const key = { issuer: moodle.issuer, clientId: moodle.clientId };
    // Registered by hand long ago, when Moodle's login endpoint had another address.
    await h.tool.registry.add({
      issuer: moodle.issuer, clientId: moodle.clientId, name: 'Our Moodle', authEndpoint: `${moodle.baseUrl}/old-auth`,
      tokenEndpoint: moodle.tokenEndpoint, keysetUrl: moodle.jwksUrl, deploymentIds: [moodle.deploymentId], source: 'manual', active: true,
    });
    const before = await h.tool.registry.show(key);
    expect((await launch(h, { user: 'learner' }, moodle)).res.status).not.toBe(200);

    const res = await h.browser().get(moodle.registrationStartUrl(toolUrls(h.baseUrl).register, { update: moodle.clientId }));
    expect(res.status).toBe(200);
    expect(res.text).toContain('Learner Voice registration updated');
    expect(res.text).toContain(`Authorization endpoint: ${moodle.baseUrl}/old-auth → ${moodle.authorizationEndpoint}`);
    expect(res.text).toContain('data-change="authEndpoint"');
    expect(res.text).not.toContain('data-approval-command');
    expect(res.text).toMatch(/data-lti-auto-close="5"/);

    const [record] = moodle.registrations();
    expect(record).toMatchObject({ status: 200, clientId: moodle.clientId, deploymentId: moodle.deploymentId });
    const after = await h.tool.registry.show(key);
    expect(after).toMatchObject({ kid: before.kid, active: true, name: 'Our Moodle', deploymentIds: [moodle.deploymentId], source: 'manual', authEndpoint: moodle.authorizationEndpoint });
    expect(after.registeredAt.getTime()).toBe(before.registeredAt.getTime());
    expect((await h.tool.registry.list()).filter((p) => p.issuer === moodle.issuer)).toHaveLength(1);

    const relaunch = await launch(h, { user: 'learner' }, moodle);
    expect(relaunch.res.status).toBe(200);
  });

  it('when Moodle updates a registration with nothing new, then the page says nothing changed, and the platform stays pending', async () => {
    const moodle = await h.addPlatform('dr-same', { register: false });
    await h.browser().get(moodle.registrationStartUrl(toolUrls(h.baseUrl).register));
    const clientId = moodle.registrations()[0].clientId!;
    const res = await h.browser().get(moodle.registrationStartUrl(toolUrls(h.baseUrl).register, { update: clientId }));
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-registration-changes="none"');
    expect(res.text).toContain(`learner-voice platform activate ${moodle.issuer} ${clientId}`);
    expect(await h.tool.registry.show({ issuer: moodle.issuer, clientId })).toMatchObject({ active: false, deploymentIds: [moodle.registrations()[0].deploymentId] });
  });

  it('when the same LMS registers again with another client id (Moodle "Add", Canvas every time), then it is a second platform and the first is untouched', async () => {
    const moodle = await h.addPlatform('dr-twice', { register: false });
    const canvas = await h.addPlatform('dr-canvas-twice', { flavour: 'canvas', register: false });
    for (const lmsPlatform of [moodle, canvas]) {
      const first = await h.browser().get(lmsPlatform.registrationStartUrl(toolUrls(h.baseUrl).register));
      const second = await h.browser().get(lmsPlatform.registrationStartUrl(toolUrls(h.baseUrl).register));
      expect([first.status, second.status]).toEqual([200, 200]);
      const [a, b] = lmsPlatform.registrations().map((r) => r.clientId!);
      expect(a).not.toBe(b);
      expect(second.text).toContain('Learner Voice is registered');
      const registered = (await h.tool.registry.list()).filter((p) => p.frameOrigins.includes(new URL(lmsPlatform.baseUrl).origin) && [a, b].includes(p.clientId) && p.issuer === lmsPlatform.issuer);
      expect(registered.map((p) => p.clientId).sort()).toEqual([a, b].sort());
    }
  });

  it('when a registration is created then updated, then each leaves a log line: the approval command, then what changed', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const storage = openSqliteStorage({ file: ':memory:' });
    const tool = await createApp({ config: h.config, storage, logger });
    try {
      const moodle = await lms.platform('logged-moodle', 'moodle');
      const get = (url: string) => request(tool.app).get(new URL(url).pathname + new URL(url).search);
      expect((await get(moodle.registrationStartUrl(toolUrls(h.baseUrl).register))).status).toBe(200);
      const clientId = moodle.registrations()[0].clientId!;
      const updateUrl = moodle.registrationStartUrl(toolUrls(h.baseUrl).register, { update: clientId });
      expect((await get(updateUrl)).status).toBe(200);

      const ours = lines.filter((line) => String(line.msg).startsWith('platform re') || String(line.msg).startsWith('platform registered'));
      expect(ours.map((line) => line.msg)).toEqual(['platform registered dynamically', 'platform re-registered dynamically (updated in place)']);
      expect(ours[0]).toMatchObject({ issuer: moodle.issuer, clientId, outcome: 'created', active: false, approve: `learner-voice platform activate ${moodle.issuer} ${clientId}` });
      expect(ours[1]).toMatchObject({ issuer: moodle.issuer, clientId, outcome: 'updated', changes: [] });
      const token = new URL(updateUrl).searchParams.get('registration_token')!;
      expect(JSON.stringify(ours)).not.toContain(token);
    } finally {
      await tool.close();
      await storage.close();
    }
  });

  it('when someone else serves a configuration naming a registered issuer and client id, then nothing is changed and the page says who can fix it', async () => {
    const victim = h.platform;
    const before = await h.tool.registry.show({ issuer: victim.issuer, clientId: victim.clientId });
    const evil = await startOtherOrigin();
    try {
      evil.app.get('/config', (_req, res) => {
        res.json({
          issuer: victim.issuer, authorization_endpoint: `${evil.origin}/auth`, token_endpoint: `${evil.origin}/token`,
          jwks_uri: `${evil.origin}/jwks`, registration_endpoint: `${evil.origin}/register`,
        });
      });
      evil.app.post('/register', (_req, res) => res.json({ client_id: victim.clientId }));
      const res = await h.browser().get(registerUrl(`${evil.origin}/config`, 'abc'));
      expect(res.status).toBe(403);
      expect(res.text).toContain('REGISTRATION_FOREIGN_UPDATE');
      expect(res.text).toContain(`learner-voice platform remove ${victim.issuer} ${victim.clientId}`);
      expect(await h.tool.registry.show({ issuer: victim.issuer, clientId: victim.clientId })).toEqual(before);
    } finally {
      await evil.close();
    }
  });
});

describe('input the caller got wrong answers 4xx; a failing platform 502', () => {
  let fake: OtherOrigin;
  const huge = { bytesWritten: 0, closedEarly: false };
  const HUGE_TOTAL = 64 * 1024 * 1024;
  beforeAll(async () => {
    fake = await startOtherOrigin();
    fake.app.get('/garbage', (_req, res) => res.type('html').send('<html><body>Welcome to my blog</body></html>'));
    fake.app.get('/not-lti', (_req, res) => res.json({ issuer: fake.origin, hello: 'world' }));
    fake.app.get('/gone', (_req, res) => res.status(404).send('Not found'));
    fake.app.get('/huge', (_req, res) => {
      // No Content-Length: the tool only learns the size by reading, and must stop reading.
      res.type('json');
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const writeMore = () => {
        while (huge.bytesWritten < HUGE_TOTAL && !res.destroyed) {
          huge.bytesWritten += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', writeMore);
        }
        if (!res.destroyed) res.end();
      };
      res.on('close', () => (huge.closedEarly = huge.bytesWritten < HUGE_TOTAL));
      writeMore();
    });
    fake.app.get('/declared-huge', (_req, res) => {
      res.setHeader('Content-Length', String(50 * 1024 * 1024));
      res.type('json').write('{');
    });
    const platformConfiguration = (registration: string) => ({
      issuer: fake.origin, authorization_endpoint: `${fake.origin}/auth`, token_endpoint: `${fake.origin}/token`,
      jwks_uri: `${fake.origin}/jwks`, registration_endpoint: `${fake.origin}${registration}`,
    });
    fake.app.get('/broken/config', (_req, res) => res.json(platformConfiguration('/broken/register')));
    fake.app.post('/broken/register', (_req, res) => res.status(500).send('Internal error'));
    fake.app.get('/silent/config', (_req, res) => res.json(platformConfiguration('/silent/register')));
    fake.app.post('/silent/register', (_req, res) => res.json({ hello: 'no client id' }));
    fake.app.get('/elsewhere/config', (_req, res) => res.json({ ...platformConfiguration(''), registration_endpoint: 'http://127.0.0.1:1/register' }));
  });
  afterAll(async () => fake.close());

  async function register(openidConfiguration: string, token = 'abc') {
    return h.browser().get(registerUrl(openidConfiguration, token));
  }

  it('when the registration URL is opened without an OpenID configuration, then it explains what is missing', async () => {
    const res = await h.browser().get(toolUrls(h.baseUrl).register);
    expect(res.status).toBe(400);
    expect(res.text).toContain('REGISTRATION_BAD_REQUEST');
    expect(res.text).toContain('openid_configuration');
  });

  it.each([
    ['not a URL', 'not a url', 'openid_configuration'],
    ['another scheme', 'ftp://lms.example/config', 'openid_configuration'],
    ['a file URL', 'file:///etc/passwd', 'openid_configuration'],
    ['credentials in the URL', 'http://admin:secret@lms.example/config', 'openid_configuration'],
    ['a URL longer than 2048 characters', `http://lms.example/${'a'.repeat(2100)}`, 'openid_configuration'],
  ])('when openid_configuration is %s, then 400 naming the parameter, and nothing is fetched', async (_label, value, parameter) => {
    const res = await register(value);
    expect(res.status).toBe(400);
    expect(res.text).toContain('REGISTRATION_BAD_REQUEST');
    expect(res.text).toContain(parameter);
    expect(frameAncestors(res)).toEqual(["'self'", ...frameAncestors(await h.browser().get('/')).slice(1)]);
  });

  it.each([
    ['spaces and quotes', 'a b"c'],
    ['a line break', 'abc\r\nX-Injected: 1'],
    ['5000 characters', 'a'.repeat(5000)],
  ])('when registration_token holds %s, then 400 naming it', async (_label, token) => {
    const res = await register(`${fake.origin}/broken/config`, token);
    expect(res.status).toBe(400);
    expect(res.text).toContain('registration_token');
  });

  it('when a parameter is given twice, then 400', async () => {
    const res = await h.browser().get(`${toolUrls(h.baseUrl).register}?openid_configuration=${encodeURIComponent(`${fake.origin}/garbage`)}&openid_configuration=x`);
    expect(res.status).toBe(400);
  });

  it('when the host does not answer, then 422 saying it could not be reached', async () => {
    const res = await register('http://127.0.0.1:1/openid-configuration');
    expect(res.status).toBe(422);
    expect(res.text).toContain('REGISTRATION_CONFIGURATION_UNREACHABLE');
  });

  it.each([
    ['a web page', '/garbage'],
    ['JSON that is not a platform configuration', '/not-lti'],
    ['a 404', '/gone'],
    ['a configuration whose registration endpoint is on another origin', '/elsewhere/config'],
    ['a body that announces 50 MB', '/declared-huge'],
  ])('when the URL answers %s, then 422 and nothing is registered', async (_label, path) => {
    const count = (await h.tool.registry.list()).length;
    const res = await register(`${fake.origin}${path}`);
    expect(res.status).toBe(422);
    expect(res.text).toContain('REGISTRATION_CONFIGURATION_UNUSABLE');
    expect((await h.tool.registry.list()).length).toBe(count);
  });

  it('when the URL streams a huge body without a length, then the tool stops reading past 256 KiB and answers 422', async () => {
    const started = Date.now();
    const res = await register(`${fake.origin}/huge`);
    expect(res.status).toBe(422);
    expect(res.text).toContain('REGISTRATION_CONFIGURATION_UNUSABLE');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(huge.closedEarly).toBe(true);
    // The socket buffers hold a few MB at most: far from the 64 MB the server wanted to send.
    expect(huge.bytesWritten).toBeLessThan(16 * 1024 * 1024);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('when a real platform (valid configuration) fails the registration, then 502', async () => {
    for (const path of ['/broken/config', '/silent/config']) {
      const res = await register(`${fake.origin}${path}`);
      expect(res.status).toBe(502);
      expect(res.text).toContain('REGISTRATION_PLATFORM_ERROR');
    }
  });

  it('when the platform refuses the registration token, then 403 saying to start again from the LMS, and nothing is registered', async () => {
    const moodle = await h.addPlatform('dr-bad-token', { register: false });
    const res = await register(moodle.openidConfigurationUrl, 'forged.token.value');
    expect(res.status).toBe(403);
    expect(res.text).toContain('REGISTRATION_TOKEN_REFUSED');
    expect((await h.tool.registry.list()).some((p) => p.issuer === moodle.issuer)).toBe(false);
  });

  it('when a French admin gets a refusal, then it is in French', async () => {
    const res = await h.browser().get(registerUrl('http://127.0.0.1:1/x', 'abc'), { 'Accept-Language': 'fr' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Configuration de la plateforme injoignable');
  });
});

describe('what a hostile platform can make the tool log or store', () => {
  const TOKEN = 'SECRETREGTOKEN123';
  let fake: OtherOrigin;
  let lines: Array<Record<string, unknown>>;
  let tool: Awaited<ReturnType<typeof createApp>>;
  let storage: ReturnType<typeof openSqliteStorage>;
  beforeAll(async () => {
    fake = await startOtherOrigin();
    const platformConfiguration = (registration: string) => ({
      issuer: fake.origin, authorization_endpoint: `${fake.origin}/auth`, token_endpoint: `${fake.origin}/token`,
      jwks_uri: `${fake.origin}/jwks`, registration_endpoint: `${fake.origin}${registration}`,
    });
    // A server that echoes the request's Authorization header in its error page.
    const echo = (req: express.Request, res: express.Response) => void res.status(401).type('text').send(`Unauthorized: ${req.headers.authorization}`);
    fake.app.get('/echo-config', echo);
    fake.app.get('/echo/config', (_req, res) => res.json(platformConfiguration('/echo/register')));
    fake.app.post('/echo/register', echo);
    fake.app.get('/query/config', (_req, res) => res.json(platformConfiguration('/query/register?tenant=QUERYSECRET42')));
    fake.app.post('/query/register', (_req, res) => res.json({ hello: 'no client id' }));
    fake.app.get('/ids/:answer/config', (req, res) => res.json(platformConfiguration(`/ids/${req.params.answer}/register`)));
    fake.app.post('/ids/:answer/register', (req, res) => res.json(JSON.parse(Buffer.from(req.params.answer, 'base64url').toString('utf8'))));
    lines = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    storage = openSqliteStorage({ file: ':memory:' });
    tool = await createApp({ config: h.config, storage, logger });
  });
  afterAll(async () => {
    await tool.close();
    await storage.close();
    await fake.close();
  });

  function register(openidConfiguration: string) {
    return request(tool.app).get('/lti/register').query({ openid_configuration: openidConfiguration, registration_token: TOKEN });
  }

  it.each([
    ['the OpenID configuration', '/echo-config'],
    ['the registration endpoint', '/echo/config'],
  ])('when %s answers 401 echoing the Authorization header, then the log keeps the status but not the token', async (_label, path) => {
    lines.length = 0;
    const res = await register(`${fake.origin}${path}`);
    expect(res.status).toBe(403);
    expect(res.text).toContain('REGISTRATION_TOKEN_REFUSED');
    expect(JSON.stringify(lines)).not.toContain(TOKEN);
    const refusal = lines.find((line) => line.msg === 'request refused: REGISTRATION_TOKEN_REFUSED');
    expect(refusal?.detail).toMatchObject({ status: 401, contentType: 'text/plain', excerpt: 'Unauthorized: Bearer [redacted]' });
  });

  it('when the registration endpoint has a query string and its answer is refused, then the log shows the endpoint without its query', async () => {
    lines.length = 0;
    const res = await register(`${fake.origin}/query/config`);
    expect(res.status).toBe(502);
    expect(JSON.stringify(lines)).not.toContain('QUERYSECRET42');
    const refusal = lines.find((line) => line.msg === 'request refused: REGISTRATION_PLATFORM_ERROR');
    expect(refusal?.detail).toMatchObject({ registrationEndpoint: `${fake.origin}/query/register?…` });
  });

  it.each([
    ['a right-to-left override (U+202E)', { client_id: 'abc\u202Efed' }],
    ['a line separator (U+2028)', { client_id: 'abc\u2028learner-voice platform remove' }],
    ['a paragraph separator (U+2029)', { client_id: 'abc\u2029def' }],
    ['a zero-width space (U+200B)', { client_id: 'abc\u200Bdef' }],
    ['a private-use character (U+E000)', { client_id: 'abc\uE000def' }],
    ['an unassigned code point (U+0378)', { client_id: 'abc\u0378def' }],
    ['a lone surrogate', { client_id: 'abc\uD800def' }],
    ['a deployment id with a right-to-left override', { client_id: 'fine-client', deployment_id: 'dep\u202E1' }],
  ])('when the registration response holds an id with %s, then 502 and nothing is stored', async (_label, answer) => {
    const count = (await tool.registry.list()).length;
    const encoded = Buffer.from(JSON.stringify(answer), 'utf8').toString('base64url');
    const res = await register(`${fake.origin}/ids/${encoded}/config`);
    expect(res.status).toBe(502);
    expect(res.text).toContain('REGISTRATION_PLATFORM_ERROR');
    expect((await tool.registry.list()).length).toBe(count);
  });

  it('when the registration response holds a plain client id, then the same route registers it (the refusals above are about the characters)', async () => {
    const encoded = Buffer.from(JSON.stringify({ client_id: 'plain-client-7' }), 'utf8').toString('base64url');
    const res = await register(`${fake.origin}/ids/${encoded}/config`);
    expect(res.status).toBe(200);
    expect((await tool.registry.list()).some((p) => p.clientId === 'plain-client-7')).toBe(true);
  });
});

describe('production', () => {
  it('when the tool runs in production, then an http configuration URL is refused with 400, and an https one gets as far as the fetch', async () => {
    const config = { ...h.config, env: 'production' as const };
    const storage = openSqliteStorage({ file: ':memory:' });
    const tool = await createApp({ config, storage, logger: createLogger('silent') });
    try {
      const plain = await request(tool.app).get('/lti/register').query({ openid_configuration: `${lms.origin}/first-moodle/.well-known/openid-configuration` });
      expect(plain.status).toBe(400);
      expect(plain.text).toContain('openid_configuration');
      const secure = await request(tool.app).get('/lti/register').query({ openid_configuration: 'https://127.0.0.1:1/openid-configuration' });
      expect(secure.status).toBe(422);
      expect(secure.text).toContain('REGISTRATION_CONFIGURATION_UNREACHABLE');
    } finally {
      await tool.close();
      await storage.close();
    }
  });
});

describe('rate limit', () => {
  it('when one address calls /lti/register more than DYNREG_RATE_LIMIT times in an hour, then 429 with Retry-After, while launches still work', async () => {
    const limited = await startHarness({ env: { DYNREG_RATE_LIMIT: '3' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await limited.browser().get(toolUrls(limited.baseUrl).register)).status);
      expect(statuses).toEqual([400, 400, 400, 429]);
      const refused = await limited.browser().get(toolUrls(limited.baseUrl).register);
      expect(refused.text).toContain('RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect((await launch(limited, { user: 'learner' })).res.status).toBe(200);
    } finally {
      await limited.close();
    }
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
