/**
 * The test platform on its own: a real HTTP server (ephemeral port) hosting platforms of both
 * flavours and a tiny fake tool keyset, exercised with supertest.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { SignJWT, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import type { JWTPayload, KeyLike } from 'jose';
import {
  CLAIM,
  CLIENT_ASSERTION_TYPE,
  ROLE,
  SCOPE,
  TOOL_CONFIGURATION,
  createTestPlatform,
  type LoginInitiation,
  type TestPlatform,
  type TestPlatformOptions,
} from '../../src/demo/test-platform';

const TOOL_KID = 'fake-tool-key-1';
let server: http.Server;
let base: string;
let app: express.Express;
let toolKey: KeyLike;
let strangerKey: KeyLike;
let tool: TestPlatformOptions['tool'];
let counter = 0;

beforeAll(async () => {
  app = express();
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const pair = await generateKeyPair('RS256');
  toolKey = pair.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: TOOL_KID, alg: 'RS256', use: 'sig' };
  app.get('/tool/jwks', (_req, res) => {
    res.json({ keys: [jwk] });
  });
  tool = { loginUrl: `${base}/tool/login`, launchUrl: `${base}/tool/launch`, keysetUrl: `${base}/tool/jwks` };
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A fresh platform mounted at its own path, so tests do not share state. */
async function newPlatform(options: Partial<TestPlatformOptions> = {}): Promise<TestPlatform> {
  const path = `/platform-${++counter}`;
  const platform = await createTestPlatform({ issuer: `${base}${path}`, tool, ...options });
  app.use(path, platform.router);
  return platform;
}

function decodeEntities(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The first form of a page: action and hidden fields. */
function formOf(html: string): { action: string; fields: Record<string, string> } {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`no form in ${html.slice(0, 200)}`);
  const fields: Record<string, string> = {};
  for (const input of form[2].matchAll(/<input\b([^>]*)>/gi)) {
    const name = /name="([^"]*)"/.exec(input[1])?.[1];
    const value = /value="([^"]*)"/.exec(input[1])?.[1] ?? '';
    if (name) fields[decodeEntities(name)] = decodeEntities(value);
  }
  return { action: decodeEntities(/action="([^"]*)"/.exec(form[1])?.[1] ?? ''), fields };
}

type Query = Record<string, string | undefined>;

/** The authentication request a tool would send after this login initiation. */
function authQuery(initiation: LoginInitiation, overrides: Query = {}): Record<string, string> {
  const query: Query = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: initiation.params.client_id,
    redirect_uri: initiation.params.target_link_uri,
    login_hint: initiation.params.login_hint,
    lti_message_hint: initiation.params.lti_message_hint,
    state: 'state-abc',
    nonce: 'nonce-abc',
    ...overrides,
  };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined) out[k] = v;
  return out;
}

function authorize(platform: TestPlatform, query: Record<string, string>, method: 'GET' | 'POST' = 'GET') {
  const path = new URL(platform.authorizationEndpoint).pathname;
  return method === 'GET' ? request(base).get(path).query(query) : request(base).post(path).type('form').send(query);
}

/** Runs the authorization for a launch and returns the posted fields and the decoded token. */
async function launchToken(platform: TestPlatform, initiation: LoginInitiation, overrides: Query = {}) {
  const res = await authorize(platform, authQuery(initiation, overrides));
  expect(res.status).toBe(200);
  const form = formOf(res.text);
  return { res, form, token: form.fields.id_token, claims: decodeJwt(form.fields.id_token) };
}

async function verifyWithPlatformKeys(platform: TestPlatform, token: string) {
  return jwtVerify(token, createRemoteJWKSet(new URL(platform.jwksUrl)), { issuer: platform.issuer, audience: platform.clientId });
}

function toolJwt(payload: JWTPayload, key: KeyLike = toolKey, kid = TOOL_KID) {
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' });
}

describe('the OIDC authorization endpoint', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await newPlatform();
  });

  it.each([
    ['scope is not openid', { scope: 'profile' }, "scope must be 'openid'"],
    ['scope is missing', { scope: undefined }, "scope must be 'openid'"],
    ['response_type is not id_token', { response_type: 'code' }, "response_type must be 'id_token'"],
    ['response_mode is not form_post', { response_mode: 'query' }, "response_mode must be 'form_post'"],
    ['prompt is not none', { prompt: 'login' }, "prompt must be 'none'"],
    ['client_id is unknown', { client_id: 'someone-else' }, 'is not a tool registered'],
    ['redirect_uri is not registered', { redirect_uri: 'https://evil.example/launch' }, 'is not a redirect URI registered'],
    ['redirect_uri differs by a query string (Moodle compares exactly)', { redirect_uri: `${'__LAUNCH__'}?x=1` }, 'is not a redirect URI registered'],
    ['login_hint is another user', { login_hint: '3' }, 'is not the user who started this launch'],
    ['login_hint is missing', { login_hint: undefined }, 'login_hint is missing'],
    ['lti_message_hint names no launch', { lti_message_hint: '{"cmid":1,"launchid":"ltilaunch1_nope"}' }, 'does not name a pending launch'],
    ['lti_message_hint is garbage', { lti_message_hint: 'not json' }, 'does not name a pending launch'],
    ['state is missing', { state: undefined }, 'state is missing'],
    ['nonce is missing', { nonce: undefined }, 'nonce is missing'],
  ])('when %s, then it answers 400 with an explanation', async (_what, overrides, message) => {
    const initiation = platform.prepareLaunch({ user: 'learner' });
    const o = Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, v?.replace('__LAUNCH__', tool.launchUrl)]));
    const res = await authorize(platform, authQuery(initiation, o));
    expect(res.status).toBe(400);
    expect(res.type).toBe('text/plain');
    expect(res.text).toContain(message);
    // A refused request does not use the launch up.
    await launchToken(platform, initiation);
  });

  it('answers a POSTed authentication request too, and a launch can be completed only once', async () => {
    const initiation = platform.prepareLaunch({ user: 'learner' });
    const first = await authorize(platform, authQuery(initiation), 'POST');
    expect(first.status).toBe(200);
    const again = await authorize(platform, authQuery(initiation), 'POST');
    expect(again.status).toBe(400);
    expect(again.text).toContain('already used');
  });

  it('posts id_token and state back to redirect_uri from an auto-submitting page with no framing header', async () => {
    const initiation = platform.prepareLaunch({ user: 'learner' });
    const { res, form } = await launchToken(platform, initiation);
    expect(form.action).toBe(tool.launchUrl);
    expect(Object.keys(form.fields).sort()).toEqual(['id_token', 'state']);
    expect(form.fields.state).toBe('state-abc');
    expect(res.text).toContain('data-autosubmit');
    expect(res.text).toContain('autosubmit.js');
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(platform.lastAuthResponse()).toEqual({
      id_token: form.fields.id_token,
      state: 'state-abc',
      redirectUri: tool.launchUrl,
      fields: form.fields,
    });
  });
});

describe('Moodle-flavoured launches', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await newPlatform();
  });

  it('sends the login initiation Moodle sends', () => {
    const initiation = platform.prepareLaunch({ user: 'learner' });
    expect(initiation.url).toBe(tool.loginUrl);
    expect(initiation.method).toBe('POST');
    expect(Object.keys(initiation.params)).toEqual(['iss', 'target_link_uri', 'login_hint', 'lti_message_hint', 'client_id', 'lti_deployment_id']);
    expect(initiation.params).toMatchObject({
      iss: platform.issuer,
      target_link_uri: tool.launchUrl,
      login_hint: '4',
      client_id: 'lv-test-client',
      lti_deployment_id: '1',
    });
    expect(JSON.parse(initiation.params.lti_message_hint)).toEqual({ cmid: 1, launchid: initiation.launchId });
    expect(platform.prepareLaunch({ user: 'learner', method: 'GET' }).method).toBe('GET');
  });

  it('signs a learner token that verifies against the JWKS and carries the fixture-like claims', async () => {
    const initiation = platform.prepareLaunch({ user: 'learner' });
    const { token } = await launchToken(platform, initiation);
    const { payload, protectedHeader } = await verifyWithPlatformKeys(platform, token);
    expect(protectedHeader.alg).toBe('RS256');
    expect(platform.jwks().keys.map((k) => k.kid)).toContain(protectedHeader.kid);
    expect(payload.exp! - payload.iat!).toBe(60);
    expect(payload.nonce).toBe('nonce-abc');
    expect(payload.azp).toBeUndefined();
    expect(payload).toMatchObject({
      sub: '4',
      given_name: 'Sam',
      family_name: 'Student',
      name: 'Sam Student',
      email: 'student1@example.com',
      [CLAIM.deploymentId]: '1',
      [CLAIM.targetLinkUri]: tool.launchUrl,
      [CLAIM.messageType]: 'LtiResourceLinkRequest',
      [CLAIM.version]: '1.3.0',
      [CLAIM.roles]: [ROLE.learner],
      [CLAIM.context]: { id: '2', label: 'LTI101', title: 'LTI Test Course', type: ['CourseSection'] },
      [CLAIM.resourceLink]: { id: '1', title: 'Learner Voice' },
      [CLAIM.lis]: { person_sourcedid: 'STUDENT1', course_section_sourcedid: 'LTI101' },
      [CLAIM.ext]: { user_username: 'student1', lms: 'moodle-2' },
      [CLAIM.toolPlatform]: { product_family_code: 'moodle', version: '2025100603' },
      [CLAIM.nrps]: { context_memberships_url: platform.membershipsUrl, service_versions: ['1.0', '2.0'] },
    });
    const presentation = payload[CLAIM.launchPresentation] as Record<string, string>;
    expect(presentation.locale).toBe('en');
    expect(presentation.document_target).toBe('iframe');
    expect(presentation.return_url).toMatch(/\/return\?course=2&launch_container=2&instanceid=1&sesskey=/);
    expect((payload[CLAIM.custom] as Record<string, string>).context_memberships_url).toBe(platform.membershipsUrl);
    const ags = payload[CLAIM.agsEndpoint] as Record<string, unknown>;
    expect(ags.scope).toEqual([SCOPE.lineItem, SCOPE.lineItemReadOnly, SCOPE.resultReadOnly, SCOPE.score]);
    expect(ags.lineitems).toMatch(/\/ags\/2\/lineitems\?type_id=1$/);
    expect(ags.lineitem).toMatch(/\/ags\/2\/lineitems\/2\/lineitem\?type_id=1$/);
    expect(payload[CLAIM.basicOutcome]).toMatchObject({ lis_outcome_service_url: `${platform.baseUrl}/service.php` });
  });

  it("sends Moodle's three admin roles, a TA as Instructor, and the French learner's locale", async () => {
    const admin = (await launchToken(platform, platform.prepareLaunch({ user: 'admin' }))).claims;
    expect(admin.sub).toBe('2');
    expect(admin[CLAIM.roles]).toEqual([ROLE.institutionAdministrator, ROLE.instructor, ROLE.systemAdministrator]);
    const ta = (await launchToken(platform, platform.prepareLaunch({ user: 'teachingAssistant' }))).claims;
    expect(ta[CLAIM.roles]).toEqual([ROLE.instructor]);
    const fr = (await launchToken(platform, platform.prepareLaunch({ user: 'frenchLearner' }))).claims;
    expect((fr[CLAIM.launchPresentation] as Record<string, string>).locale).toBe('fr');
    const forced = (await launchToken(platform, platform.prepareLaunch({ user: 'learner', locale: 'fr_ca' }))).claims;
    expect((forced[CLAIM.launchPresentation] as Record<string, string>).locale).toBe('fr_ca');
  });

  it('substitutes custom variables and turns a known-but-empty one into null in deep linking, as Moodle does', async () => {
    const custom = { rl: '$ResourceLink.id', who: '$Person.name.full', role: '$Membership.role', unknown: '$No.such.variable' };
    const launch = (await launchToken(platform, platform.prepareLaunch({ user: 'admin', custom }))).claims;
    expect(launch[CLAIM.custom]).toMatchObject({
      rl: '1',
      who: 'Admin User',
      role: 'Instructor,urn:lti:sysrole:ims/lis/Administrator,urn:lti:instrole:ims/lis/Administrator',
      unknown: '$No.such.variable',
    });
    const dl = (await launchToken(platform, platform.prepareLaunch({ user: 'instructor', messageType: 'LtiDeepLinkingRequest', custom }))).claims;
    expect((dl[CLAIM.custom] as Record<string, unknown>).rl).toBeNull();
  });

  it('sends a deep-linking request like the fixture: settings, no resource_link, no lineitem, locale only', async () => {
    const initiation = platform.prepareLaunch({ user: 'instructor', messageType: 'LtiDeepLinkingRequest' });
    expect(JSON.parse(initiation.params.lti_message_hint)).toEqual({ launchid: initiation.launchId });
    const { claims } = await launchToken(platform, initiation);
    expect(claims[CLAIM.messageType]).toBe('LtiDeepLinkingRequest');
    expect(claims[CLAIM.resourceLink]).toBeUndefined();
    expect(claims[CLAIM.basicOutcome]).toBeUndefined();
    expect(claims[CLAIM.launchPresentation]).toEqual({ locale: 'en' });
    expect(claims[CLAIM.agsEndpoint]).not.toHaveProperty('lineitem');
    expect(claims[CLAIM.deepLinkingSettings]).toEqual({
      accept_types: ['ltiResourceLink'],
      accept_presentation_document_targets: ['frame', 'iframe', 'window'],
      accept_copy_advice: false,
      accept_multiple: true,
      accept_unsigned: false,
      auto_create: false,
      can_confirm: false,
      deep_link_return_url: `${platform.baseUrl}/deep-link-return`,
      title: 'Learner Voice',
      text: '',
    });
    const withData = platform.prepareLaunch({ user: 'instructor', messageType: 'LtiDeepLinkingRequest', deepLinkingData: 'd-1', acceptMultiple: false });
    const settings = (await launchToken(platform, withData)).claims[CLAIM.deepLinkingSettings] as Record<string, unknown>;
    expect(settings).toMatchObject({ data: 'd-1', accept_multiple: false });
  });
});

describe('Canvas-flavoured launches', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await newPlatform({ flavour: 'canvas' });
  });

  it("sends Canvas's login initiation: opaque login_hint, JWT message hint, region, environment and storage target", () => {
    const initiation = platform.prepareLaunch({ user: 'learner' });
    expect(platform.issuer).toBe('https://canvas.instructure.com');
    expect(initiation.params).toMatchObject({
      iss: 'https://canvas.instructure.com',
      login_hint: platform.users.learner.loginHint,
      client_id: '10000000000017',
      lti_deployment_id: platform.deploymentId,
      target_link_uri: tool.launchUrl,
      canvas_environment: 'prod',
      canvas_region: 'us-east-1',
      lti_storage_target: 'post_message_forwarding',
    });
    expect(initiation.params.login_hint).toMatch(/^[0-9a-f]{40}$/);
    expect(platform.deploymentId).toMatch(/^\d+:[0-9a-f]{40}$/);
    const hint = decodeJwt(initiation.params.lti_message_hint);
    expect(hint).toMatchObject({ verifier: initiation.launchId, context_type: 'Course', include_storage_target: true });
  });

  it('signs the claims Canvas sends and posts lti_storage_target back', async () => {
    const initiation = platform.prepareLaunch({ user: 'learner' });
    const { token, form } = await launchToken(platform, initiation);
    expect(form.fields.lti_storage_target).toBe('post_message_forwarding');
    const { payload } = await verifyWithPlatformKeys(platform, token);
    const learner = platform.users.learner;
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(payload.azp).toBe(platform.clientId);
    expect(payload.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(payload).toMatchObject({
      sub: learner.sub,
      locale: 'en',
      picture: expect.stringContaining('avatar'),
      [CLAIM.roles]: [ROLE.institutionStudent, ROLE.learner, ROLE.systemUser],
      [CLAIM.context]: { id: platform.course.id, type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'] },
      [CLAIM.lis]: { person_sourcedid: '$Person.sourcedId', course_offering_sourcedid: '$CourseSection.sourcedId' },
      [CLAIM.lti11LegacyUserId]: initiation.params.login_hint,
      [CLAIM.lti1p1]: { user_id: initiation.params.login_hint },
      [CLAIM.toolPlatform]: { product_family_code: 'canvas', version: 'cloud' },
      [CLAIM.canvasPlacement]: 'course_navigation',
      [CLAIM.nrps]: { service_versions: ['2.0'] },
      [CLAIM.custom]: { canvas_user_id: '4', canvas_course_id: '1', canvas_api_base_url: platform.baseUrl },
    });
    expect((payload[CLAIM.resourceLink] as Record<string, unknown>).description).toBeNull();
    expect((payload[CLAIM.agsEndpoint] as { scope: string[] }).scope).toContain(SCOPE.canvasProgress);
  });

  it('sends the TA sub-role and an unenrolled admin without any context role', async () => {
    const ta = (await launchToken(platform, platform.prepareLaunch({ user: 'teachingAssistant' }))).claims;
    expect(ta[CLAIM.roles]).toEqual([ROLE.teachingAssistant, ROLE.systemUser]);
    const admin = (await launchToken(platform, platform.prepareLaunch({ user: 'admin' }))).claims;
    expect(admin[CLAIM.roles]).toEqual([ROLE.institutionAdministrator, ROLE.systemSysAdmin, ROLE.systemUser]);
  });

  it('accepts a redirect_uri with an added query (Canvas compares without it) and sends link_selection for deep linking', async () => {
    const initiation = platform.prepareLaunch({ user: 'instructor', messageType: 'LtiDeepLinkingRequest' });
    const { claims } = await launchToken(platform, initiation, { redirect_uri: `${tool.launchUrl}?placement=link_selection` });
    expect(claims[CLAIM.canvasPlacement]).toBe('link_selection');
    expect(claims[CLAIM.deepLinkingSettings]).toMatchObject({
      deep_link_return_url: `${platform.baseUrl}/deep-link-return?modal=true`,
      accept_media_types: 'application/vnd.ims.lti.v1.ltilink',
      accept_presentation_document_targets: ['iframe', 'window'],
    });
  });
});

/** An access token for the platform's services, as the tool gets one (client credentials, private_key_jwt). */
async function serviceToken(platform: TestPlatform, scope: string): Promise<string> {
  const assertion = await toolJwt({ jti: `jti-${Math.random()}` })
    .setIssuer(platform.clientId)
    .setSubject(platform.clientId)
    .setAudience(platform.tokenEndpoint)
    .setIssuedAt()
    .setExpirationTime('1m')
    .sign(toolKey);
  const res = await request(base)
    .post(new URL(platform.tokenEndpoint).pathname)
    .type('form')
    .send({ grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: assertion, scope });
  expect(res.status).toBe(200);
  return res.body.access_token as string;
}

const EXTRA_COURSES = [
  { id: '3', numericId: '3', label: 'AGILE101', title: 'Agile project management', summary: 'Scrum and Kanban', language: 'en' as const },
  { id: '4', numericId: '4', label: 'EXCEL-DATA', title: 'Excel pour l’analyse de données', language: 'fr' as const },
];

describe('several courses and the site front page (Moodle)', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await newPlatform({ courses: EXTRA_COURSES, site: { fullName: 'Learner Voice Academy', shortName: 'LV Academy' } });
  });

  it('knows every course, the first one first and the site course (id 1) last', () => {
    expect(platform.courses.map((c) => c.id)).toEqual(['2', '3', '4', '1']);
    expect(platform.courses[3]).toEqual({ id: '1', numericId: '1', label: 'LV Academy', title: 'Learner Voice Academy', site: true });
  });

  it('launches any course with its own context, resource link, services and return URL', async () => {
    const { claims } = await launchToken(platform, platform.prepareLaunch({ user: 'learner', course: '3' }));
    expect(claims[CLAIM.context]).toEqual({ id: '3', label: 'AGILE101', title: 'Agile project management', type: ['CourseSection'] });
    const link = claims[CLAIM.resourceLink] as { id: string };
    expect(link.id).toBe(platform.courseInfo('3').resourceLink.id);
    expect(link.id).not.toBe(platform.defaultResourceLink.id);
    expect((claims[CLAIM.nrps] as { context_memberships_url: string }).context_memberships_url).toContain('/CourseSection/3/');
    expect((claims[CLAIM.agsEndpoint] as { lineitems: string }).lineitems).toContain('/ags/3/lineitems');
    expect((claims[CLAIM.launchPresentation] as { return_url: string }).return_url).toContain('return?course=3&');
    expect((claims[CLAIM.lis] as Record<string, string>).course_section_sourcedid).toBe('AGILE101');
  });

  it('launches from the front page with the site as context: id 1, the site names, type Group, no course section', async () => {
    const initiation = platform.prepareLaunch({ user: 'learner', course: '1', resourceLink: { id: '900', title: 'Training catalogue' }, custom: { panel: 'catalogue' } });
    expect(JSON.parse(initiation.params.lti_message_hint)).toMatchObject({ cmid: 900 });
    const { claims } = await launchToken(platform, initiation);
    expect(claims[CLAIM.context]).toEqual({ id: '1', label: 'LV Academy', title: 'Learner Voice Academy', type: ['Group'] });
    expect(claims[CLAIM.lis]).toEqual({ person_sourcedid: 'STUDENT1' });
    expect(claims[CLAIM.resourceLink]).toMatchObject({ id: '900', title: 'Training catalogue' });
    expect(claims[CLAIM.custom]).toMatchObject({ panel: 'catalogue' });
    expect(claims[CLAIM.roles]).toEqual([ROLE.learner]);
  });

  it('answers names and roles per course, and with nobody for the site course', async () => {
    const token = await serviceToken(platform, SCOPE.nrps);
    const course3 = await request(base).get(new URL(platform.membershipsUrl.replace('/CourseSection/2/', '/CourseSection/3/')).pathname).set('Authorization', `Bearer ${token}`);
    expect(course3.status).toBe(200);
    expect(course3.body.context).toMatchObject({ id: '3', title: 'Agile project management' });
    const site = await request(base).get(new URL(platform.membershipsUrl.replace('/CourseSection/2/', '/CourseSection/1/')).pathname).set('Authorization', `Bearer ${token}`);
    expect(site.body.members).toEqual([]);
    const unknown = await request(base).get(new URL(platform.membershipsUrl.replace('/CourseSection/2/', '/CourseSection/99/')).pathname).set('Authorization', `Bearer ${token}`);
    expect(unknown.status).toBe(404);
  });

  it('leaves the context claim and the course services out of a context-less launch', async () => {
    const { claims } = await launchToken(platform, platform.prepareLaunch({ user: 'learner', contextless: true }));
    expect(claims).not.toHaveProperty([CLAIM.context]);
    expect(claims).not.toHaveProperty([CLAIM.nrps]);
    expect(claims).not.toHaveProperty([CLAIM.agsEndpoint]);
    expect(claims[CLAIM.messageType]).toBe('LtiResourceLinkRequest');
  });

  it('serves a course at Moodle’s address, course/view.php?id=<context id> under the issuer', async () => {
    const page = await request(base).get(new URL(`${platform.issuer}/course/view.php?id=3`).pathname + '?id=3');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Agile project management');
  });

  it('refuses to prepare a launch in a course it does not know', () => {
    expect(() => platform.prepareLaunch({ user: 'learner', course: '99' })).toThrow('No course 99');
  });

  it('shows each course on its own page and lists them all on the front page, with the catalogue button', async () => {
    const path = new URL(platform.courseInfo('4').pageUrl).pathname + new URL(platform.courseInfo('4').pageUrl).search;
    expect(path).toMatch(/\/course\?id=4$/);
    const page = await request(base).get(`${path}&as=learner`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Excel pour l’analyse de données');
    expect(page.text).toContain('name="course" value="4"');
    const front = await request(base).get(new URL(platform.frontPageUrl).pathname + '?as=learner');
    expect(front.status).toBe(200);
    for (const title of ['LTI Test Course', 'Agile project management', 'Excel pour l’analyse de données']) expect(front.text).toContain(title);
    expect(front.text).toContain('id="launch-catalogue"');
    expect(front.text).toContain('Learner Voice Academy');
    const site = await request(base).get(new URL(platform.courseUrl).pathname + '?id=1');
    expect(site.status).toBe(302);
    expect((await request(base).get(new URL(platform.courseUrl).pathname + '?id=99')).status).toBe(404);
  });

  it('answers the front page’s catalogue button with a launch from the site course carrying panel=catalogue', async () => {
    const action = new URL(platform.courseUrl).pathname + '/launch';
    const res = await request(base).post(action).type('form').send({ as: 'learner', kind: 'catalogue' });
    expect(res.status).toBe(200);
    const { fields } = formOf(res.text);
    const { claims } = await launchToken(platform, { url: '', method: 'POST', params: fields, launchId: '' });
    expect((claims[CLAIM.context] as { id: string }).id).toBe('1');
    expect(claims[CLAIM.custom]).toMatchObject({ panel: 'catalogue' });
  });
});

describe('Canvas launches outside any course (account and global navigation)', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await newPlatform({ flavour: 'canvas', courses: [{ id: 'c'.repeat(40), numericId: '7', label: 'PY-DATA', title: 'Python for data analysis' }] });
  });

  it('sends an account_navigation launch as Canvas does: the account as context (type Account, no label) and as resource link', async () => {
    const initiation = platform.prepareLaunch({ user: 'learner', placement: 'account_navigation' });
    expect(decodeJwt(initiation.params.lti_message_hint)).toMatchObject({ context_type: 'Account', context_id: 1 });
    const { claims } = await launchToken(platform, initiation);
    expect(claims[CLAIM.context]).toEqual({ id: platform.account.id, title: platform.account.name, type: ['Account'] });
    expect(platform.account.id).toMatch(/^[0-9a-f]{40}$/);
    expect(claims[CLAIM.resourceLink]).toEqual({ id: platform.account.id, title: platform.account.name, description: null });
    expect(claims[CLAIM.canvasPlacement]).toBe('account_navigation');
    expect(claims).not.toHaveProperty([CLAIM.nrps]);
    expect(claims).not.toHaveProperty([CLAIM.agsEndpoint]);
    expect((claims[CLAIM.launchPresentation] as { return_url: string }).return_url).toContain('/accounts/1/external_content/success/');
  });

  it('adds the placement’s custom field panel=catalogue, leaves $Canvas.course.id unexpanded and sends the API base URL', async () => {
    const { claims } = await launchToken(platform, platform.prepareLaunch({ user: 'learner', placement: 'global_navigation' }));
    expect(claims[CLAIM.custom]).toEqual({
      canvas_user_id: '4',
      canvas_course_id: '$Canvas.course.id',
      canvas_api_base_url: platform.baseUrl,
      panel: 'catalogue',
    });
    expect(claims[CLAIM.canvasPlacement]).toBe('global_navigation');
  });

  it('with contextless, sends the same account launch with no context claim at all', async () => {
    const { claims } = await launchToken(platform, platform.prepareLaunch({ user: 'learner', contextless: true }));
    expect(claims).not.toHaveProperty([CLAIM.context]);
    expect(claims[CLAIM.canvasPlacement]).toBe('account_navigation');
    expect(claims[CLAIM.custom]).toMatchObject({ panel: 'catalogue' });
    expect((claims[CLAIM.resourceLink] as { id: string }).id).toBe(platform.account.id);
  });

  it('keeps panel=catalogue out of course launches, which carry the course id as a string', async () => {
    const { claims } = await launchToken(platform, platform.prepareLaunch({ user: 'learner', course: '7' }));
    expect(claims[CLAIM.custom]).toEqual({ canvas_user_id: '4', canvas_course_id: '7', canvas_api_base_url: platform.baseUrl });
    expect(claims[CLAIM.context]).toMatchObject({ id: 'c'.repeat(40), label: 'PY-DATA', type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'] });
    expect((claims[CLAIM.nrps] as { context_memberships_url: string }).context_memberships_url).toContain('/nrps/courses/7/names_and_roles');
  });

  it('serves a course at the address a tool builds from canvas_api_base_url and canvas_course_id', async () => {
    const { claims } = await launchToken(platform, platform.prepareLaunch({ user: 'learner', course: '7' }));
    const custom = claims[CLAIM.custom] as Record<string, string>;
    const page = await request(base).get(new URL(`${custom.canvas_api_base_url}/courses/${custom.canvas_course_id}`).pathname);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Python for data analysis');
  });

  it('offers the catalogue on its front page as the global navigation link', async () => {
    const action = new URL(platform.courseUrl).pathname + '/launch';
    const res = await request(base).post(action).type('form').send({ as: 'learner', kind: 'catalogue' });
    const { fields } = formOf(res.text);
    const { claims } = await launchToken(platform, { url: '', method: 'POST', params: fields, launchId: '' });
    expect(claims[CLAIM.canvasPlacement]).toBe('global_navigation');
    expect((claims[CLAIM.context] as { type: string[] }).type).toEqual(['Account']);
  });
});

describe('forgeries', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await newPlatform();
  });
  const forged = async (forge: Parameters<TestPlatform['prepareLaunch']>[0]['forge']) => {
    const initiation = platform.prepareLaunch({ user: 'learner', forge });
    return (await launchToken(platform, initiation)).token;
  };

  it('signWithUnknownKey keeps a kid of the JWKS but the signature does not verify', async () => {
    const token = await forged({ signWithUnknownKey: true });
    expect(platform.jwks().keys.map((k) => k.kid)).toContain(decodeProtectedHeader(token).kid);
    await expect(verifyWithPlatformKeys(platform, token)).rejects.toThrow(/signature/);
  });

  it('kid, algNone and hmacWithPublicKey give tokens a strict verifier refuses', async () => {
    await expect(verifyWithPlatformKeys(platform, await forged({ kid: 'no-such-kid' }))).rejects.toThrow();
    const none = await forged({ algNone: true });
    expect(decodeProtectedHeader(none).alg).toBe('none');
    expect(none.endsWith('.')).toBe(true);
    await expect(verifyWithPlatformKeys(platform, none)).rejects.toThrow();
    const hmac = await forged({ hmacWithPublicKey: true });
    expect(decodeProtectedHeader(hmac).alg).toBe('HS256');
    await expect(verifyWithPlatformKeys(platform, hmac)).rejects.toThrow();
  });

  it('audience and azp replace or remove those claims', async () => {
    expect(decodeJwt(await forged({ audience: 'another-tool' })).aud).toBe('another-tool');
    const both = decodeJwt(await forged({ audience: ['lv-test-client', 'another-tool'], azp: 'another-tool' }));
    expect(both.aud).toEqual(['lv-test-client', 'another-tool']);
    expect(both.azp).toBe('another-tool');
    const canvas = await newPlatform({ flavour: 'canvas' });
    const initiation = canvas.prepareLaunch({ user: 'learner', forge: { azp: null } });
    expect((await launchToken(canvas, initiation)).claims).not.toHaveProperty('azp');
  });

  it('expired and iatOffsetSeconds move the token in time', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = decodeJwt(await forged({ expired: true }));
    expect(expired.exp!).toBeLessThan(now);
    await expect(verifyWithPlatformKeys(platform, await forged({ expired: true }))).rejects.toThrow(/exp/);
    const future = decodeJwt(await forged({ iatOffsetSeconds: 600 }));
    expect(future.iat!).toBeGreaterThanOrEqual(now + 599);
    expect(future.exp! - future.iat!).toBe(60);
    const behind = decodeJwt(await forged({ iatOffsetSeconds: -30 }));
    expect(behind.iat!).toBeLessThanOrEqual(now - 29);
  });

  it('omitNonce and nonce remove or fix the nonce', async () => {
    expect(decodeJwt(await forged({ omitNonce: true }))).not.toHaveProperty('nonce');
    expect(decodeJwt(await forged({ nonce: 'replayed-nonce' })).nonce).toBe('replayed-nonce');
  });

  it('omitClaims, claims, deploymentId and targetLinkUri change only the token', async () => {
    const omitted = decodeJwt(await forged({ omitClaims: ['message_type', 'version', 'resource_link', 'deployment_id', 'sub'] }));
    for (const claim of [CLAIM.messageType, CLAIM.version, CLAIM.resourceLink, CLAIM.deploymentId, 'sub']) expect(omitted).not.toHaveProperty(claim);
    const overridden = decodeJwt(await forged({ claims: { [CLAIM.version]: '1.1', iss: 'https://evil.example', email: undefined } }));
    expect(overridden[CLAIM.version]).toBe('1.1');
    expect(overridden.iss).toBe('https://evil.example');
    expect(overridden).not.toHaveProperty('email');

    const initiation = platform.prepareLaunch({ user: 'learner', forge: { deploymentId: 'unknown-deployment', targetLinkUri: 'https://evil.example/launch' } });
    expect(initiation.params.lti_deployment_id).toBe('1');
    expect(initiation.params.target_link_uri).toBe(tool.launchUrl);
    const { claims } = await launchToken(platform, initiation);
    expect(claims[CLAIM.deploymentId]).toBe('unknown-deployment');
    expect(claims[CLAIM.targetLinkUri]).toBe('https://evil.example/launch');
  });

  it('signJwt signs any payload with the platform key, or with an unknown key under the same kid', async () => {
    const keys = createRemoteJWKSet(new URL(platform.jwksUrl));
    const good = platform.signJwt({ hello: 'world' });
    expect((await jwtVerify(good, keys)).payload).toEqual({ hello: 'world' });
    await expect(jwtVerify(platform.signJwt({ hello: 'world' }, { unknownKey: true }), keys)).rejects.toThrow(/signature/);
  });
});

describe('the deep-linking return', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await newPlatform();
  });

  const response = (overrides: JWTPayload = {}) => ({
    [CLAIM.messageType]: 'LtiDeepLinkingResponse',
    [CLAIM.version]: '1.3.0',
    [CLAIM.deploymentId]: '1',
    nonce: 'dl-nonce',
    [CLAIM.contentItems]: [
      {
        type: 'ltiResourceLink',
        title: 'Reviews & ratings',
        url: tool.launchUrl,
        custom: { panel: 'reviews' },
        lineItem: { scoreMaximum: 10, label: 'Reviews', resourceId: 'res-42', tag: 'lv' },
      },
    ],
    ...overrides,
  });
  const sign = (payload: JWTPayload, key: KeyLike = toolKey, kid = TOOL_KID, audience = platform.issuer, issuer = platform.clientId) =>
    toolJwt(payload, key, kid).setIssuer(issuer).setAudience(audience).setIssuedAt().setExpirationTime('5m').sign(key);
  const post = (jwt: string) => request(base).post(new URL(platform.deepLinkReturnUrl).pathname).type('form').send({ JWT: jwt });

  it.each([
    ['it is signed by a key the tool does not publish', async () => sign(response(), strangerKey, 'stranger-kid'), 'refused'],
    ['it is signed by another key under the tool kid', async () => sign(response(), strangerKey), 'signature'],
    ['iss is not the client id', async () => sign(response(), toolKey, TOOL_KID, undefined, 'someone-else'), 'not the client id'],
    ['aud is not the platform', async () => sign(response(), toolKey, TOOL_KID, 'https://other.example'), 'aud'],
    ['the message type is wrong', async () => sign(response({ [CLAIM.messageType]: 'LtiResourceLinkRequest' })), 'message_type'],
    ['the deployment is not the tool’s', async () => sign(response({ [CLAIM.deploymentId]: '99' })), 'deployment_id'],
    ['an item type was not requested', async () => sign(response({ [CLAIM.contentItems]: [{ type: 'html', html: '<p>x</p>' }] })), 'not requested'],
    ['data echoes nothing the platform sent', async () => sign(response({ [CLAIM.deepLinkingData]: 'made-up' })), 'data'],
  ])('refuses the response when %s', async (_what, make, message) => {
    const res = await post(await make());
    expect(res.status).toBe(400);
    expect(res.text).toContain(message);
    expect(platform.activities()).toHaveLength(0);
  });

  it('refuses a post without JWT', async () => {
    const res = await request(base).post(new URL(platform.deepLinkReturnUrl).pathname).type('form').send({});
    expect(res.status).toBe(400);
  });

  it('accepts a good response, adds the activity with its line item, and later launches carry its custom parameters', async () => {
    const res = await post(await sign(response()));
    expect(res.status).toBe(200);
    expect(res.text).toContain('Reviews &amp; ratings');
    expect(res.text).toContain(`href="${platform.courseUrl}" target="_top"`);
    expect(platform.deepLinkResponses()).toHaveLength(1);
    const [activity] = platform.activities();
    expect(activity).toMatchObject({ title: 'Reviews & ratings', url: tool.launchUrl, custom: { panel: 'reviews' }, resourceLinkId: '2' });
    const item = platform.lineItems().find((l) => l.id === activity.lineItemId)!;
    expect(item).toMatchObject({ scoreMaximum: 10, label: 'Reviews', resourceId: 'res-42', tag: 'lv', resourceLinkId: '2' });

    const initiation = platform.prepareLaunch({ user: 'learner', resourceLink: { id: activity.resourceLinkId }, custom: { extra: 'x' } });
    expect(JSON.parse(initiation.params.lti_message_hint).cmid).toBe(2);
    const { claims } = await launchToken(platform, initiation);
    expect(claims[CLAIM.resourceLink]).toMatchObject({ id: '2', title: 'Reviews & ratings' });
    expect(claims[CLAIM.custom]).toMatchObject({ panel: 'reviews', extra: 'x' });
    expect((claims[CLAIM.agsEndpoint] as Record<string, string>).lineitem).toBe(item.url);
  });

  it('refuses several items when the request said accept_multiple: false', async () => {
    const initiation = platform.prepareLaunch({ user: 'instructor', messageType: 'LtiDeepLinkingRequest', deepLinkingData: 'single', acceptMultiple: false });
    await launchToken(platform, initiation);
    const item = { type: 'ltiResourceLink', title: 'One' };
    const two = await post(await sign(response({ [CLAIM.deepLinkingData]: 'single', [CLAIM.contentItems]: [item, item] })));
    expect(two.status).toBe(400);
    expect(two.text).toContain('accept_multiple');
    expect((await post(await sign(response({ [CLAIM.deepLinkingData]: 'single', [CLAIM.contentItems]: [item] })))).status).toBe(200);
  });

  it('requires the echo of data when the request carried it', async () => {
    const initiation = platform.prepareLaunch({ user: 'instructor', messageType: 'LtiDeepLinkingRequest', deepLinkingData: 'opaque-7' });
    await launchToken(platform, initiation);
    expect((await post(await sign(response()))).text).toContain('data is missing');
    expect((await post(await sign(response({ [CLAIM.deepLinkingData]: 'opaque-7', [CLAIM.contentItems]: [] })))).status).toBe(200);
  });
});

describe('dynamic registration', () => {
  const registrationBody = (overrides: Record<string, unknown> = {}) => ({
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: `${base}/tool2/login`,
    redirect_uris: [`${base}/tool2/launch`],
    client_name: 'Tool Two',
    jwks_uri: tool.keysetUrl,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: `${SCOPE.lineItem} ${SCOPE.score} ${SCOPE.nrps}`,
    [TOOL_CONFIGURATION]: {
      domain: new URL(base).host,
      target_link_uri: `${base}/tool2/launch`,
      custom_parameters: { dynreg: 'yes' },
      claims: ['iss', 'sub', 'name', 'given_name', 'family_name'],
      messages: [{ type: 'LtiDeepLinkingRequest', target_link_uri: `${base}/tool2/deep` }],
    },
    ...overrides,
  });
  const register = (platform: TestPlatform, body: object, token?: string) => {
    const req = request(base).post(new URL(platform.registrationEndpoint).pathname).send(body);
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };
  const tokenFrom = (startUrl: string) => new URL(startUrl).searchParams.get('registration_token')!;

  it("serves Moodle's OpenID configuration and a one-hour registration token naming the new client id", async () => {
    const platform = await newPlatform();
    const start = new URL(platform.registrationStartUrl(`${base}/tool2/register?lang=en`));
    expect(start.searchParams.get('lang')).toBe('en');
    expect(start.searchParams.get('openid_configuration')).toBe(platform.openidConfigurationUrl);
    const claims = decodeJwt(start.searchParams.get('registration_token')!);
    expect(claims.scope).toBe('reg');
    expect(claims.exp! - claims.iat!).toBe(3600);
    const config = await request(base).get(new URL(platform.openidConfigurationUrl).pathname);
    expect(config.status).toBe(200);
    expect(config.body).toMatchObject({
      issuer: platform.issuer,
      registration_endpoint: platform.registrationEndpoint,
      authorization_endpoint: platform.authorizationEndpoint,
      token_endpoint: platform.tokenEndpoint,
      jwks_uri: platform.jwksUrl,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      'https://purl.imsglobal.org/spec/lti-platform-configuration': { product_family_code: 'moodle' },
    });
  });

  it('refuses a missing, forged or reused registration token with 401', async () => {
    const platform = await newPlatform();
    expect((await register(platform, registrationBody())).status).toBe(401);
    const forged = await register(platform, registrationBody(), platform.signJwt({ sub: 'x', scope: 'reg' }, { unknownKey: true }));
    expect(forged.status).toBe(401);
    expect(forged.text).toContain('not valid');
    const token = tokenFrom(platform.registrationStartUrl(`${base}/tool2/register`));
    expect((await register(platform, registrationBody(), token)).status).toBe(200);
    const reused = await register(platform, registrationBody(), token);
    expect(reused.status).toBe(401);
    expect(reused.text).toContain('already used');
  });

  it('refuses an invalid registration request and says which fields are wrong', async () => {
    const platform = await newPlatform();
    const token = tokenFrom(platform.registrationStartUrl(`${base}/tool2/register`));
    const res = await register(
      platform,
      registrationBody({ application_type: 'native', grant_types: ['implicit'], token_endpoint_auth_method: 'client_secret_basic', [TOOL_CONFIGURATION]: { domain: 'elsewhere.example', target_link_uri: `${base}/x` } }),
      token,
    );
    expect(res.status).toBe(400);
    for (const field of ['application_type', 'grant_types', 'token_endpoint_auth_method', 'target_link_uri']) expect(res.text).toContain(field);
  });

  it("answers like Moodle's registration_response and launches go to the new registration", async () => {
    const platform = await newPlatform();
    const token = tokenFrom(platform.registrationStartUrl(`${base}/tool2/register`));
    const res = await register(platform, registrationBody(), token);
    expect(res.status).toBe(200);
    expect(res.body.client_id).toBe(decodeJwt(token).sub);
    expect(res.body.scope.split(' ')).toEqual([SCOPE.score, SCOPE.lineItemReadOnly, SCOPE.lineItem, SCOPE.nrps]);
    expect(res.body[TOOL_CONFIGURATION]).toMatchObject({ version: '1.3.0', deployment_id: '2', custom_parameters: { dynreg: 'yes' } });
    expect(platform.registrations()[0]).toMatchObject({ status: 200, clientId: res.body.client_id, deploymentId: '2' });
    expect(platform.registrations()[0].request.client_name).toBe('Tool Two');

    expect(platform.clientId).toBe(res.body.client_id);
    expect(platform.deploymentId).toBe('2');
    const initiation = platform.prepareLaunch({ user: 'learner' });
    expect(initiation.url).toBe(`${base}/tool2/login`);
    expect(initiation.params).toMatchObject({ client_id: res.body.client_id, lti_deployment_id: '2' });
    const { claims } = await launchToken(platform, initiation);
    expect(claims.aud).toBe(res.body.client_id);
    expect(claims).not.toHaveProperty('email');
    expect(claims[CLAIM.custom]).toMatchObject({ dynreg: 'yes' });
    const dl = platform.prepareLaunch({ user: 'instructor', messageType: 'LtiDeepLinkingRequest' });
    expect(dl.params.target_link_uri).toBe(`${base}/tool2/deep`);

    platform.useRegistration('lv-test-client');
    expect(platform.prepareLaunch({ user: 'learner' }).url).toBe(tool.loginUrl);
    expect(() => platform.useRegistration('nobody')).toThrow();
  });

  it('behaves like Canvas: token in the configuration URL, 422 with field errors, registration_config_url and deployment_id', async () => {
    const platform = await newPlatform({ flavour: 'canvas' });
    const start = new URL(platform.registrationStartUrl(`${base}/tool2/register`));
    const token = start.searchParams.get('registration_token')!;
    const configUrl = new URL(start.searchParams.get('openid_configuration')!);
    expect(configUrl.searchParams.get('registration_token')).toBe(token);
    expect((await request(base).get(new URL(platform.openidConfigurationUrl).pathname)).status).toBe(401);
    const config = await request(base).get(configUrl.pathname + configUrl.search);
    expect(config.status).toBe(200);
    expect(config.body).toMatchObject({ issuer: 'https://canvas.instructure.com', authorization_server: new URL(base).host });

    const invalid = await register(platform, registrationBody({ response_types: [] }), token);
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors).toEqual([{ field: 'response_types', message: 'Must include id_token' }]);
    const res = await register(platform, registrationBody(), token);
    expect(res.status).toBe(200);
    expect(res.body.client_id).toMatch(/^1000000000\d{4}$/);
    expect(res.body.deployment_id).toMatch(/^\d+:[0-9a-f]{40}$/);
    expect(res.body[TOOL_CONFIGURATION]['https://canvas.instructure.com/lti/registration_config_url']).toContain(res.body.client_id);
    // Names were asked for, e-mail was not: Canvas's name_only privacy.
    const { claims } = await launchToken(platform, platform.prepareLaunch({ user: 'learner' }));
    expect(claims.name).toBe('Sam Student');
    expect(claims).not.toHaveProperty('email');
    expect(claims).not.toHaveProperty('picture');
  });

  it('like Canvas, gives a message’s custom parameters to launches from that message’s placements only', async () => {
    const platform = await newPlatform({ flavour: 'canvas' });
    const token = tokenFrom(platform.registrationStartUrl(`${base}/tool2/register`));
    const body = registrationBody();
    const config = body[TOOL_CONFIGURATION] as Record<string, unknown>;
    config.messages = [
      { type: 'LtiResourceLinkRequest', target_link_uri: `${base}/tool2/launch`, placements: ['https://canvas.instructure.com/lti/course_navigation'] },
      { type: 'LtiResourceLinkRequest', target_link_uri: `${base}/tool2/launch`, custom_parameters: { panel: 'catalogue' }, placements: ['https://canvas.instructure.com/lti/global_navigation', 'account_navigation'] },
    ];
    expect((await register(platform, body, token)).status).toBe(200);
    const global = (await launchToken(platform, platform.prepareLaunch({ user: 'learner', placement: 'global_navigation' }))).claims;
    expect(global[CLAIM.custom]).toEqual({ dynreg: 'yes', panel: 'catalogue' });
    const account = (await launchToken(platform, platform.prepareLaunch({ user: 'admin', placement: 'account_navigation' }))).claims;
    expect(account[CLAIM.custom]).toMatchObject({ panel: 'catalogue' });
    const course = (await launchToken(platform, platform.prepareLaunch({ user: 'learner' }))).claims;
    expect(course[CLAIM.custom]).toEqual({ dynreg: 'yes' });
  });
});

describe('the token endpoint and the services', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await newPlatform();
  });
  const tokenPath = () => new URL(platform.tokenEndpoint).pathname;
  const assertion = (overrides: { key?: KeyLike; kid?: string; aud?: string; iss?: string; jti?: string } = {}) =>
    toolJwt({ jti: overrides.jti ?? `jti-${Math.random()}` }, overrides.key ?? toolKey, overrides.kid ?? TOOL_KID)
      .setIssuer(overrides.iss ?? platform.clientId)
      .setSubject(overrides.iss ?? platform.clientId)
      .setAudience(overrides.aud ?? platform.tokenEndpoint)
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(overrides.key ?? toolKey);
  const askToken = async (fields: Record<string, string>) => request(base).post(tokenPath()).type('form').send(fields);
  const grant = async (scope: string, a?: string) =>
    askToken({ grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: a ?? (await assertion()), scope });

  it('refuses a wrong grant type or assertion type', async () => {
    const wrongGrant = await askToken({ grant_type: 'password', client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: await assertion() });
    expect(wrongGrant.status).toBe(400);
    expect(wrongGrant.body.error).toBe('unsupported_grant_type');
    const wrongType = await askToken({ grant_type: 'client_credentials', client_assertion_type: 'x', client_assertion: await assertion() });
    expect(wrongType.body.error).toBe('invalid_request');
  });

  it.each<[string, { stranger?: boolean; kid?: string; aud?: string; iss?: string }]>([
    ['signed by a key the tool does not publish', { stranger: true, kid: 'stranger-kid' }],
    ['signed by another key under the tool kid', { stranger: true }],
    ['for another audience', { aud: 'https://other.example/token' }],
    ['from an unknown client', { iss: 'someone-else' }],
  ])('refuses an assertion %s with invalid_client', async (_what, { stranger, ...o }) => {
    const a = await assertion({ ...o, key: stranger ? strangerKey : undefined });
    const res = await grant(SCOPE.score, a);
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('refuses a reused jti and a scope the tool was not granted', async () => {
    const a = await assertion({ jti: 'once-only' });
    expect((await grant(SCOPE.score, a)).status).toBe(200);
    expect((await grant(SCOPE.score, a)).body.error).toBe('invalid_client');
    expect((await grant(SCOPE.toolSetting)).body.error).toBe('invalid_scope');
  });

  it('grants a bearer token that opens names-and-roles with short role names and paging', async () => {
    const res = await grant(`${SCOPE.nrps} ${SCOPE.toolSetting}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: SCOPE.nrps });
    const nrpsPath = new URL(platform.membershipsUrl).pathname;
    expect((await request(base).get(nrpsPath)).status).toBe(401);
    const members = await request(base).get(nrpsPath).set('Authorization', `Bearer ${res.body.access_token}`);
    expect(members.status).toBe(200);
    expect(members.headers['content-type']).toContain('application/vnd.ims.lti-nrps.v2.membershipcontainer+json');
    const body = JSON.parse(members.text);
    expect(body.context).toEqual({ id: '2', label: 'LTI101', title: 'LTI Test Course' });
    expect(body.members.find((m: { user_id: string }) => m.user_id === '4')).toMatchObject({
      status: 'Active',
      roles: ['Learner'],
      name: 'Sam Student',
      lis_person_sourcedid: 'STUDENT1',
      ext_user_username: 'student1',
    });
    expect(body.members.some((m: { user_id: string }) => m.user_id === '2')).toBe(false);
    const page = await request(base).get(nrpsPath).query({ limit: 2 }).set('Authorization', `Bearer ${res.body.access_token}`);
    expect(JSON.parse(page.text).members).toHaveLength(2);
    expect(page.headers.link).toMatch(/from=2.*rel="next"/);
    const scoresDenied = await request(base)
      .get(new URL(platform.lineItemsUrl).pathname)
      .set('Authorization', `Bearer ${res.body.access_token}`);
    expect(scoresDenied.status).toBe(403);
  });

  it('lists and creates line items, records scores, and fails the next n score posts on request', async () => {
    const res = await grant(`${SCOPE.lineItem} ${SCOPE.score} ${SCOPE.resultReadOnly}`);
    const auth = { Authorization: `Bearer ${res.body.access_token}` };
    const listUrl = new URL(platform.lineItemsUrl);
    const list = await request(base).get(listUrl.pathname + listUrl.search).set(auth);
    expect(list.status).toBe(200);
    expect(list.headers['content-type']).toContain('application/vnd.ims.lis.v2.lineitemcontainer+json');
    const [first] = JSON.parse(list.text);
    expect(first).toMatchObject({ label: 'Learner Voice', scoreMaximum: 100, resourceLinkId: '1' });

    const created = await request(base)
      .post(listUrl.pathname + listUrl.search)
      .set(auth)
      .set('Content-Type', 'application/vnd.ims.lis.v2.lineitem+json')
      .send(JSON.stringify({ label: 'Participation', scoreMaximum: 5, tag: 'lv' }));
    expect(created.status).toBe(201);
    expect(JSON.parse(created.text).id).toMatch(/lineitems\/\d+\/lineitem\?type_id=1$/);
    expect((await request(base).post(listUrl.pathname).set(auth).send({ label: '' })).status).toBe(400);

    // Scores go to <lineitem path>/scores, keeping Moodle's ?type_id=1 after it.
    const item = new URL(first.id);
    const scoresPath = `${item.pathname}/scores${item.search}`;
    const score = { userId: '4', scoreGiven: 8, scoreMaximum: 10, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: new Date().toISOString(), comment: 'Thanks' };
    const post = () => request(base).post(scoresPath).set(auth).set('Content-Type', 'application/vnd.ims.lis.v1.score+json').send(JSON.stringify(score));
    platform.failScores(2);
    expect((await post()).status).toBe(500);
    expect((await post()).status).toBe(500);
    const ok = await post();
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('');
    expect(platform.scores()).toHaveLength(1);
    expect(platform.scores()[0]).toMatchObject({ userId: '4', scoreGiven: 8, scoreMaximum: 10, comment: 'Thanks', lineItemId: '2' });
    const stranger = await request(base).post(scoresPath).set(auth).send({ ...score, userId: '999' });
    expect(stranger.status).toBe(400);
    const results = await request(base).get(`${item.pathname}/results${item.search}`).set(auth);
    expect(JSON.parse(results.text)[0]).toMatchObject({ userId: '4', resultScore: 80, resultMaximum: 100 });
  });
});

describe('the simulated course page', () => {
  it('is an accessible page with the launch buttons, the activities and the tool frame, with everything escaped', async () => {
    const platform = await newPlatform({ course: { title: 'Design <Basics> & "Co"' } });
    const res = await request(base).get(new URL(platform.courseUrl).pathname).query({ as: 'learner' });
    expect(res.status).toBe(200);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).toContain('<title>Design &lt;Basics&gt; &amp; &quot;Co&quot; · test platform</title>');
    expect(res.text).toContain('<h1>Design &lt;Basics&gt; &amp; &quot;Co&quot;</h1>');
    expect(res.text).not.toContain('<Basics>');
    for (const label of ['Launch as learner (Sam Student)', 'Switch user']) expect(res.text).toContain(label);
    // A learner launches as herself and cannot add activities, as in an LMS.
    expect(res.text).not.toContain('Launch as instructor');
    expect(res.text).not.toContain('<button type="submit">Add Learner Voice (deep linking)</button>');
    const teacherPage = await request(base).get(new URL(platform.courseUrl).pathname).query({ as: 'instructor' });
    for (const label of ['Launch as instructor (Terry Teacher)', 'Add Learner Voice (deep linking)']) expect(teacherPage.text).toContain(label);
    expect(res.text).toContain('<input type="hidden" name="as" value="learner">');
    expect(res.text).toContain('<label for="as">View the course as</label>');
    expect(res.text).toContain('<label for="tool-url">Tool registration URL</label>');
    expect(res.text).toContain('<iframe class="tool" name="tool" title="Learner Voice"');
    expect(res.text).toContain('target="tool"');
    expect(res.text).toContain('Signed in as <strong>Sam Student</strong>');
  });

  it('answers a launch button inside the frame with the auto-submitted login initiation', async () => {
    const platform = await newPlatform();
    const res = await request(base).post(`${new URL(platform.courseUrl).pathname}/launch`).type('form').send({ as: 'instructor', kind: 'deep' });
    expect(res.status).toBe(200);
    const form = formOf(res.text);
    expect(form.action).toBe(tool.loginUrl);
    expect(form.fields).toMatchObject({ iss: platform.issuer, login_hint: '3', client_id: 'lv-test-client' });
    const pending = await authorize(platform, {
      ...authQuery({ url: tool.loginUrl, method: 'POST', params: form.fields, launchId: '' }),
    });
    expect(decodeJwt(formOf(pending.text).fields.id_token)[CLAIM.messageType]).toBe('LtiDeepLinkingRequest');
  });

  it('lists activities added by deep linking, each with its own launch button', async () => {
    const platform = await newPlatform();
    const coursePath = new URL(platform.courseUrl).pathname;
    expect((await request(base).get(coursePath)).text).toContain('No activity yet');
    const jwt = await toolJwt({
      [CLAIM.messageType]: 'LtiDeepLinkingResponse',
      [CLAIM.version]: '1.3.0',
      [CLAIM.deploymentId]: platform.deploymentId,
      nonce: 'n',
      [CLAIM.contentItems]: [{ type: 'ltiResourceLink', title: 'Consumer <group>', custom: { panel: 'consumer-group' } }],
    })
      .setIssuer(platform.clientId)
      .setAudience(platform.issuer)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(toolKey);
    expect((await request(base).post(new URL(platform.deepLinkReturnUrl).pathname).type('form').send({ JWT: jwt })).status).toBe(200);
    const page = await request(base).get(coursePath).query({ as: 'learner' });
    expect(page.text).toContain('Open “Consumer &lt;group&gt;”');
    const launch = await request(base).post(`${coursePath}/launch`).type('form').send({ as: 'learner', kind: 'activity', activity: '2' });
    expect(JSON.parse(formOf(launch.text).fields.lti_message_hint).cmid).toBe(2);
    expect((await request(base).post(`${coursePath}/launch`).type('form').send({ as: 'learner', kind: 'activity', activity: '99' })).status).toBe(404);
  });

  it('in the Canvas flavour carries the platform-storage frame and scripts', async () => {
    const canvas = await newPlatform({ flavour: 'canvas' });
    const page = await request(base).get(new URL(canvas.courseUrl).pathname);
    expect(page.text).toContain('name="post_message_forwarding"');
    expect(page.text).toContain('data-flavour="canvas"');
    const assets = canvas.baseUrl.replace(base, '') + '/assets';
    expect((await request(base).get(`${assets}/storage.js`)).text).toContain('lti.put_data');
    expect((await request(base).get(`${assets}/course.js`)).text).toContain('org.imsglobal.lti.close');
  });
});
