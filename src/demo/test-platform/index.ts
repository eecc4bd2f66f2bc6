/**
 * A faithful LTI 1.3 test platform (a fake LMS) that behaves like Moodle 5.1 or Canvas. It powers
 * the integration tests and the demo course page. Mount `router` at the path of `options.issuer`:
 *
 *   const platform = await createTestPlatform({ issuer: `${origin}/platform`, tool });
 *   app.use('/platform', platform.router);
 *
 * In the Moodle flavour the `iss` of every token is that base URL, as Moodle's is its wwwroot. In the
 * Canvas flavour it is https://canvas.instructure.com (override with canvasIssuer) while every
 * endpoint stays under the base URL, as hosted Canvas signs with one issuer for all its hosts.
 */
import { createHash } from 'node:crypto';
import type { Router } from 'express';
import type { JWK, JWTPayload } from 'jose';
import { createLineItem, lineItemJson } from './ags';
import { PlatformCore, type PlatformConfig } from './core';
import { PlatformKeys } from './keys';
import { prepareLaunch } from './launches';
import { registrationStartUrl } from './registration';
import { buildRouter } from './router';
import { platformUrls } from './urls';
import { SCOPE } from './constants';
import { defaultUsers } from './users';
import type {
  AccountInfo,
  AcceptGrades,
  Activity,
  AuthResponse,
  CourseInfo,
  Flavour,
  LaunchOptions,
  LineItem,
  LoginInitiation,
  RegistrationRecord,
  ScoreRecord,
  ToolEndpoints,
  ToolRegistration,
  UserKey,
  UserSpec,
} from './types';

export * from './types';
export { CLAIM, ROLE, SCOPE, MEDIA_TYPE, TOOL_CONFIGURATION, PLATFORM_CONFIGURATION, CLIENT_ASSERTION_TYPE } from './constants';
export { loginInitiationUrl } from './launches';

export interface TestPlatformOptions {
  /** Absolute URL where the router is mounted, e.g. http://127.0.0.1:4000/platform. */
  issuer: string;
  flavour?: Flavour;
  /** Default: 'lv-test-client' (Moodle), '10000000000017' (Canvas, a developer key id). */
  clientId?: string;
  /** Default: '1' (Moodle), '<tool id>:<hash>' (Canvas's shape). */
  deploymentId?: string;
  tool: ToolEndpoints;
  /** Canvas flavour: the `iss` of signed tokens (default https://canvas.instructure.com). */
  canvasIssuer?: string;
  /** How login initiations are sent by default (both LMSs POST). */
  loginMethod?: 'POST' | 'GET';
  /** Custom parameters of the manually configured tool (the "tool type"). */
  customParameters?: Record<string, string>;
  course?: Partial<CourseInfo>;
  /** More courses of the site, after the first (each with its own context id and course page). */
  courses?: readonly CourseInfo[];
  /** Moodle flavour: the site's full and short names (the front page's context title and label). */
  site?: { fullName: string; shortName: string };
  /**
   * true (default, what the tests expect): launches go to the newest dynamic registration. false
   * (the demo): a dynamic registration adds a tool to the list and the course keeps launching with
   * the first one, as an LMS's existing links keep their tool when another is registered.
   */
  launchesFollowNewRegistrations?: boolean;
}

export interface TestPlatform {
  readonly router: Router;
  readonly flavour: Flavour;
  /** Where the router is mounted (options.issuer). */
  readonly baseUrl: string;
  /** The `iss` of the platform's tokens (the base URL for Moodle, canvas.instructure.com for Canvas). */
  readonly issuer: string;
  /** Client id and deployment of the registration launches currently go to. */
  readonly clientId: string;
  readonly deploymentId: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly jwksUrl: string;
  readonly openidConfigurationUrl: string;
  readonly registrationEndpoint: string;
  readonly deepLinkReturnUrl: string;
  readonly courseUrl: string;
  readonly membershipsUrl: string;
  readonly lineItemsUrl: string;
  readonly course: CourseInfo;
  /** Every course of the site, the first course first; Moodle's site course (id 1, the front page) last. */
  readonly courses: readonly CourseInfo[];
  /** Canvas: the root account of account and global navigation launches. */
  readonly account: AccountInfo;
  /** The site's front page (Moodle's site home: every course, and the training catalogue). */
  readonly frontPageUrl: string;
  readonly users: Record<UserKey, UserSpec>;
  /** The resource link every course starts with (what "Launch as learner" opens). */
  readonly defaultResourceLink: { id: string; title: string };
  /** The page and starting resource link of any course of the site (by context id or numeric id). */
  courseInfo(idOrNumericId: string): { course: CourseInfo; pageUrl: string; resourceLink: { id: string; title: string } };
  /** Registers a pending launch; returns the login initiation to send to the tool. */
  prepareLaunch(options: LaunchOptions): LoginInitiation;
  /** The id_token and state of the latest successful authorization (to replay or tamper with); throws if none yet. */
  lastAuthResponse(): AuthResponse;
  /** Signs any payload with the platform's key (or, with unknownKey, a key not in its JWKS, same kid). */
  signJwt(payload: JWTPayload, options?: { unknownKey?: boolean }): string;
  jwks(): { keys: JWK[] };
  /** Signs with a new key from now on; the previous public key stays in the JWKS. */
  rotateKeys(): Promise<void>;
  /** Verified payloads of the deep-linking responses accepted. */
  deepLinkResponses(): JWTPayload[];
  /** Activities added to the course by deep linking. */
  activities(): Activity[];
  /**
   * The tool's registration URL with openid_configuration and registration_token added; with
   * `update` (Moodle flavour), the "Update" of the tool registered with that client id.
   */
  registrationStartUrl(toolRegisterUrl: string, options?: { update?: string }): string;
  /** Every call to the registration endpoint: request body, status, response. */
  registrations(): RegistrationRecord[];
  /** The tools registered on the platform (manual first, then dynamic ones). */
  toolRegistrations(): ToolRegistration[];
  /** Sends launches to this registration (the newest dynamic registration is used automatically, unless launchesFollowNewRegistrations is false). */
  useRegistration(clientId: string): void;
  lineItems(): Array<LineItem & { url: string }>;
  scores(): ScoreRecord[];
  /** The next n score posts answer 500. */
  failScores(n: number): void;
  /** Moodle's "Accept grades from the tool" for activities added from now on (default 'delegate'). */
  setAcceptGrades(policy: AcceptGrades): void;
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

function defaultCourse(flavour: Flavour, override: Partial<CourseInfo> = {}): CourseInfo {
  const base: CourseInfo =
    flavour === 'moodle'
      ? { id: '2', label: 'LTI101', title: 'LTI Test Course', numericId: '2' }
      : { id: sha1('learner-voice-canvas-course-1'), label: 'LTI101', title: 'LTI Test Course', numericId: '1' };
  return { ...base, ...override };
}

/**
 * The site's courses: the first, the extra ones, and in the Moodle flavour the site course itself
 * (SITEID = 1, the front page), named with the site's full and short names as Moodle does.
 */
function allCourses(flavour: Flavour, first: CourseInfo, extra: readonly CourseInfo[], site: { fullName: string; shortName: string }): CourseInfo[] {
  const courses = [first, ...extra];
  const ids = new Set<string>();
  for (const c of courses) {
    if (ids.has(c.id) || ids.has(c.numericId) || (flavour === 'moodle' && (c.id === '1' || c.numericId === '1'))) {
      throw new Error(`Course ids must be unique on the platform (and not 1, Moodle's site course): ${c.id}`);
    }
    ids.add(c.id).add(c.numericId);
  }
  if (flavour === 'moodle') courses.push({ id: '1', numericId: '1', label: site.shortName, title: site.fullName, site: true });
  return courses;
}

export async function createTestPlatform(options: TestPlatformOptions): Promise<TestPlatform> {
  const flavour = options.flavour ?? 'moodle';
  const canvas = flavour === 'canvas';
  const baseUrl = options.issuer.replace(/\/+$/, '');
  new URL(baseUrl); // throws early on a relative or malformed issuer
  const course = defaultCourse(flavour, options.course);
  const issuer = canvas ? (options.canvasIssuer ?? 'https://canvas.instructure.com') : baseUrl;
  const defaultLinkId = canvas ? sha1(`learner-voice-canvas-link-${baseUrl}`) : '1';
  const siteName = canvas ? 'Learner Voice Test University' : (options.site?.shortName ?? 'lvtest');
  const siteDescription = canvas ? '' : (options.site?.fullName ?? 'Learner Voice test platform (Moodle flavour)');
  const courses = allCourses(flavour, course, options.courses ?? [], { fullName: siteDescription, shortName: siteName });
  const account: AccountInfo = { id: sha1(`learner-voice-canvas-account-${baseUrl}`), name: siteName, numericId: '1' };

  const config: PlatformConfig = {
    flavour,
    issuer,
    tool: options.tool,
    course,
    courses,
    account,
    users: defaultUsers(flavour),
    loginMethod: options.loginMethod ?? 'POST',
    siteName,
    siteDescription,
    guid: canvas
      ? `${createHash('sha256').update(baseUrl).digest('base64url').slice(0, 40)}:canvas-lms`
      : createHash('md5').update(baseUrl).digest('hex'),
    defaultResourceLink: { id: defaultLinkId, title: 'Learner Voice', description: 'Course reviews and feedback' },
    launchesFollowNewRegistrations: options.launchesFollowNewRegistrations ?? true,
  };
  const firstRegistration: ToolRegistration = {
    clientId: options.clientId ?? (canvas ? '10000000000017' : 'lv-test-client'),
    deploymentId: options.deploymentId ?? (canvas ? `11:${sha1(`learner-voice-deployment-${baseUrl}`)}` : '1'),
    source: 'manual',
    name: 'Learner Voice',
    loginUrl: options.tool.loginUrl,
    redirectUris: [options.tool.launchUrl],
    jwksUri: options.tool.keysetUrl,
    targetLinkUri: options.tool.launchUrl,
    messageTargets: {},
    customParameters:
      options.customParameters ??
      (canvas ? { canvas_user_id: '$Canvas.user.id', canvas_course_id: '$Canvas.course.id', canvas_api_base_url: '$Canvas.api.baseUrl' } : {}),
    // What Learner Voice's Canvas JSON configuration gives the catalogue placements (launch/canvas-config.ts).
    placementCustom: canvas ? { global_navigation: { panel: 'catalogue' }, account_navigation: { panel: 'catalogue' } } : undefined,
    scopes: [SCOPE.lineItem, SCOPE.lineItemReadOnly, SCOPE.resultReadOnly, SCOPE.score, SCOPE.nrps, ...(canvas ? [SCOPE.canvasProgress] : [])],
    privacyLevel: canvas ? 'public' : undefined,
  };

  const keys = await PlatformKeys.create(flavour);
  const urls = platformUrls(baseUrl, flavour, course);
  const core = new PlatformCore(config, keys, urls, firstRegistration);
  // The course's own Learner Voice link is graded out of 100, like the fixture's first activity.
  createLineItem(core, { label: 'Learner Voice', scoreMaximum: 100, resourceLinkId: defaultLinkId, resourceId: '', tag: '' });
  const router = buildRouter(core);

  return {
    router,
    flavour,
    baseUrl,
    issuer,
    get clientId() {
      return core.activeClientId;
    },
    get deploymentId() {
      return core.activeRegistration().deploymentId;
    },
    authorizationEndpoint: urls.auth,
    tokenEndpoint: urls.token,
    jwksUrl: urls.jwks,
    openidConfigurationUrl: urls.openidConfiguration,
    registrationEndpoint: urls.register,
    deepLinkReturnUrl: urls.deepLinkReturn,
    courseUrl: urls.course,
    membershipsUrl: urls.nrps,
    lineItemsUrl: urls.lineItems,
    course,
    courses,
    account,
    frontPageUrl: urls.frontPage,
    users: config.users,
    defaultResourceLink: { id: defaultLinkId, title: config.defaultResourceLink.title },
    courseInfo(idOrNumericId: string) {
      const found = core.findCourse(idOrNumericId);
      if (!found) throw new Error(`No course ${idOrNumericId} on this platform`);
      const link = core.courseLink(found);
      return { course: found, pageUrl: urls.forCourse(found).page, resourceLink: { id: link.id, title: link.title } };
    },
    prepareLaunch: (launchOptions) => prepareLaunch(core, launchOptions),
    lastAuthResponse() {
      if (!core.lastAuth) throw new Error('The test platform has not completed any authorization yet');
      return core.lastAuth;
    },
    signJwt: (payload, signOptions = {}) => keys.sign(payload, { mode: signOptions.unknownKey ? 'unknownKey' : 'platform' }),
    jwks: () => keys.jwks(),
    rotateKeys: () => keys.rotate(),
    deepLinkResponses: () => [...core.deepLinkResponses],
    activities: () => [...core.activities],
    registrationStartUrl: (toolRegisterUrl, options) => registrationStartUrl(core, toolRegisterUrl, options),
    registrations: () => [...core.registrationLog],
    toolRegistrations: () => [...core.registrations.values()],
    useRegistration(clientId: string) {
      if (!core.registrations.has(clientId)) throw new Error(`No tool registered with client id ${clientId}`);
      core.activeClientId = clientId;
    },
    lineItems: () => core.lineItems.map((item) => ({ ...item, url: String(lineItemJson(core, item).id) })),
    scores: () => [...core.scores],
    setAcceptGrades(policy: AcceptGrades) {
      core.acceptGrades = policy;
    },
    failScores(n: number) {
      core.scoreFailuresLeft = Math.max(0, Math.floor(n));
    },
  };
}
