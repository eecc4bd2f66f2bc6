/**
 * What the fuzz test sends: one generator per entry point (/lti/login, /lti/launch, /lti/register,
 * the deep-linking return, the session routes). Each yields a plan that is bound to the live
 * sessions only when it is sent, since session ids and CSRF tokens exist only then.
 */
import fc from 'fast-check';
import { toolUrls } from '../../src/config';
import type { FuzzRequest } from './fuzz-client';
import { bodyIn, bodyOf, bodyShape, bogusJwt, encodePairs, hostileString, idSegment, multipartShape, pairsFor, type Body, type Pairs } from './fuzz-inputs';
import { registrationCase, type GarbagePlatform, type RegistrationCase } from './garbage-platform';
import type { LiveSessions, Role } from './live-sessions';
import type { Harness } from './tool-harness';

export interface Plan {
  readonly describe: string;
  build(): Promise<FuzzRequest>;
}

export interface FuzzTargets {
  readonly h: Harness;
  readonly garbage: GarbagePlatform;
  readonly sessions: LiveSessions;
  /** Ids of real reviews, so that some id-taking routes reach a record. */
  readonly realReviewIds: readonly string[];
  /** Ids of a real contribution, one of its comments and one of its reuses (the contribution routes' :contributionId, :commentId, :reuseId). */
  readonly realContribution: { readonly contributionIds: readonly string[]; readonly commentIds: readonly string[]; readonly reuseIds: readonly string[] };
}

/** Every entry point, weighted towards the many session routes. */
export function everyPlan(targets: FuzzTargets): fc.Arbitrary<Plan> {
  return fc.oneof(
    { weight: 3, arbitrary: loginPlans(targets) },
    { weight: 4, arbitrary: launchPlans(targets) },
    { weight: 2, arbitrary: registerPlans(targets) },
    { weight: 2, arbitrary: deepLinkReturnPlans(targets) },
    { weight: 8, arbitrary: sessionPlans(targets) },
  );
}

const XFF_POOL = 64;
let sentCount = 0;
/** Launch endpoints are limited per address: spread the fuzz over a pool of (trusted, loopback-proxied) addresses. */
const fromSomewhere = () => ({ 'x-forwarded-for': `10.77.${sentCount++ % XFF_POOL}.9` });

const accept = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Record<string, string>>({}) },
  { weight: 2, arbitrary: fc.constant({ accept: 'application/json' }) },
  { weight: 1, arbitrary: fc.constantFrom('text/html', '*/*', '', 'application/json;q=0.1, text/html', 'x'.repeat(2000)).map((a) => ({ accept: a })) },
  { weight: 1, arbitrary: fc.constantFrom('fr', 'en', '*', 'zz-ZZ;q=x', '__proto__', 'a'.repeat(1000)).map((l) => ({ 'accept-language': l })) },
);

function queryOf(pairs: Pairs, raw: boolean): string {
  const q = encodePairs(pairs, raw);
  return q ? `?${q}` : '';
}

function loginPlans({ h }: FuzzTargets): fc.Arbitrary<Plan> {
  const urls = toolUrls(h.baseUrl);
  const p = h.platform;
  const good = {
    iss: fc.constant(p.issuer),
    login_hint: fc.constantFrom(p.users.learner.loginHint ?? '2', 'x'),
    target_link_uri: fc.constant(urls.launch),
    client_id: fc.constant(p.clientId),
    lti_deployment_id: fc.constant(p.deploymentId),
    lti_message_hint: fc.constant('{"cmid":1}'),
  };
  const pairs = pairsFor(['iss', 'login_hint', 'lti_message_hint', 'target_link_uri', 'client_id', 'lti_deployment_id'], good);
  return fc.tuple(fc.constantFrom('GET', 'POST'), pairs, fc.boolean(), accept).chain(([method, params, raw, headers]) =>
    (method === 'POST' ? bodyOf(params) : fc.constant<Body | undefined>(undefined)).map((body) => ({
      describe: `${method} /lti/login`,
      build: async () => ({
        route: `${method} /lti/login`,
        method,
        path: method === 'GET' ? `/lti/login${queryOf(params, raw)}` : '/lti/login',
        headers: { ...fromSomewhere(), ...headers, ...body?.headers },
        body: body?.body,
      }),
    })),
  );
}

function launchPlans({ h }: FuzzTargets): fc.Arbitrary<Plan> {
  const p = h.platform;
  const good = {
    id_token: bogusJwt({ issuer: p.issuer, clientId: p.clientId, deploymentId: p.deploymentId }),
    state: fc.oneof(fc.stringMatching(/^[0-9a-f]{50}$/), fc.constantFrom('a b', 'a;b', 'é', 'a\u0000b')),
  };
  const post = fc.tuple(pairsFor(['id_token', 'state'], good), accept).chain(([params, headers]) =>
    bodyOf(params).map((body) => ({
      describe: 'POST /lti/launch',
      build: async () => ({ route: 'POST /lti/launch', method: 'POST', path: '/lti/launch', headers: { ...fromSomewhere(), ...headers, ...body.headers }, body: body.body }),
    })),
  );
  const get = pairsFor(['id_token', 'state']).map((params) => ({
    describe: 'GET /lti/launch',
    build: async () => ({ route: 'GET /lti/launch', method: 'GET', path: `/lti/launch${queryOf(params, false)}`, headers: fromSomewhere() }),
  }));
  return fc.oneof({ weight: 5, arbitrary: post }, { weight: 1, arbitrary: get });
}

function registerPlans({ garbage }: FuzzTargets): fc.Arbitrary<Plan> {
  const configUrl: fc.Arbitrary<() => { url: string; note?: string }> = fc.oneof(
    { weight: 6, arbitrary: registrationCase.map((c) => (): { url: string; note?: string } => ({ url: garbage.serve(c), note: describeCase(c) })) },
    { weight: 1, arbitrary: fc.constantFrom(`${garbage.origin}/nothing-here`, 'http://127.0.0.1:1/', 'http://[::1]:1/x', 'not a url', 'ftp://127.0.0.1/').map((u) => () => ({ url: u })) },
    { weight: 1, arbitrary: hostileString.map((u) => () => ({ url: u })) },
  );
  return fc.tuple(configUrl, fc.option(hostileString, { nil: undefined }), pairsFor([]), accept).map(([url, token, extra, headers]) => ({
    describe: 'GET /lti/register',
    build: async () => {
      const target = url();
      const pairs: Pairs = [['openid_configuration', target.url], ...(token === undefined ? [] : ([['registration_token', token]] as Pairs)), ...extra];
      return { route: 'GET /lti/register', method: 'GET', path: `/lti/register${queryOf(pairs, false)}`, headers: { ...fromSomewhere(), ...headers }, note: target.note };
    },
  }));
}

/** What the loopback platform answered, short enough for a report line. */
function describeCase(c: RegistrationCase): string {
  const answer = (a: RegistrationCase['config']) => `${a.status} ${a.body.slice(0, 300)}${a.repeat ? ` ×${a.repeat}` : ''}`;
  return `configuration: ${answer(c.config)}; registration: ${answer(c.registration)}`;
}

const SESSION_GETS = [
  '/', '/reviews', '/reviews/summary.json', '/reviews/loop', '/reviews/moderation', '/reviews/export.csv', '/settings',
  '/consumer-group', '/consumer-group/needs', '/consumer-group/similar', '/consumer-group/consultations/new',
  '/consumer-group/consultations/:cid', '/consumer-group/consultations/:cid/edit', '/consumer-group/consultations/:cid/results',
  '/consumer-group/consultations/:cid/results.csv', '/consumer-group/ideas/:id', '/deep-link',
  '/contributions', '/contributions/mine', '/contributions/moderation', '/contributions/export.csv', '/contributions/export.zip',
  '/contributions/:contributionId', '/contributions/:contributionId/file', '/contributions/:contributionId/edit', '/contributions/:contributionId/delete',
  '/contributions/:contributionId/comments/:commentId/delete',
];
const SESSION_POSTS = [
  '/reviews', '/reviews/delete', '/reviews/:id/helpful', '/reviews/:id/report', '/reviews/:id/respond', '/reviews/invite',
  '/reviews/actions', '/reviews/actions/:actionId', '/reviews/versions', '/reviews/:id/moderate', '/settings',
  '/consumer-group/needs', '/consumer-group/consultations', '/consumer-group/consultations/:cid',
  '/consumer-group/consultations/:cid/sections', '/consumer-group/consultations/:cid/sections/:sid',
  '/consumer-group/consultations/:cid/sections/:sid/comments', '/consumer-group/consultations/:cid/polls',
  '/consumer-group/consultations/:cid/polls/:pid/answer', '/consumer-group/consultations/:cid/ideas',
  '/consumer-group/ideas/:id/vote', '/consumer-group/ideas/:id/comments', '/consumer-group/ideas/:id/status',
  '/consumer-group/ideas/:id/merge', '/consumer-group/ideas/:id/visibility', '/consumer-group/comments/:id/visibility', '/deep-link',
  '/contributions/share', '/contributions/:contributionId/edit', '/contributions/:contributionId/delete', '/contributions/:contributionId/comments',
  '/contributions/:contributionId/comments/:commentId/delete', '/contributions/:contributionId/comments/:commentId/moderate',
  '/contributions/:contributionId/useful', '/contributions/:contributionId/report', '/contributions/:contributionId/credit-consent',
  '/contributions/:contributionId/moderate', '/contributions/:contributionId/feature', '/contributions/:contributionId/reuse',
  '/contributions/:contributionId/reuses/:reuseId/remove', '/contributions/:contributionId/credit',
];
const QUERY_NAMES = ['cursor', 'log', 'done', 'queue', 'title', 'consultation', 'page', 'sort', 'filter', 'status', 'view', 'q', 'lang'];
const FIELD_NAMES = [
  'rating', 'title', 'liked', 'improve', 'text', 'body', 'action', 'reason', 'status', 'into', 'choice', 'panels', 'label', 'description',
  'startsOn', 'dueOn', 'confirm', 'on', 'from', 'back', 'parentId', 'aspects', 'remove', 'reviewsEnabled', 'consumerGroupEnabled',
  'textVisibility', 'moderation', 'authorDisplay', 'minRatings', 'windowMode', 'windowDate', 'windowDays', 'feedbackCredit', 'kind',
  'comment', 'link', 'licence', 'credit', 'consent', 'creditEditConsent', 'fileAction', 'target', 'creditName', 'given',
];
const GOOD_FIELDS = {
  rating: fc.constantFrom('1', '3', '5'),
  action: fc.constantFrom('add', 'cancel', 'hide', 'restore', 'approve', 'dismiss', 'delete'),
  panels: fc.constantFrom('reviews', 'consumer-group'),
  status: fc.constantFrom('planned', 'done', 'open', 'hidden', 'published', 'held'),
  licence: fc.constantFrom('cc-by-4.0', 'cc-by-sa-4.0', 'course-only'),
  credit: fc.constantFrom('name', 'anonymous'),
  consent: fc.constant('1'),
  fileAction: fc.constantFrom('keep', 'remove'),
  target: fc.constantFrom('version:', 'course:', `course:${Buffer.from('["x","y"]').toString('base64url')}`),
  confirm: fc.constantFrom('yes', 'on'),
  startsOn: fc.constantFrom('2026-01-01', '2026-02-30'),
  dueOn: fc.constantFrom('2026-12-31', '0000-00-00'),
};

/** The path with each :param replaced by a real id or garbage kept inside its segment. */
function pathOf(template: string, { realReviewIds, realContribution }: Pick<FuzzTargets, 'realReviewIds' | 'realContribution'>): fc.Arbitrary<string> {
  const params = template.match(/:[A-Za-z]+/g) ?? [];
  const real: Record<string, readonly string[]> = { ':id': realReviewIds, ':contributionId': realContribution.contributionIds, ':commentId': realContribution.commentIds, ':reuseId': realContribution.reuseIds };
  const ids = params.map((name) => idSegment(real[name] ?? []));
  return fc.tuple(...ids).map((values) => params.reduce((path, name, i) => path.replace(name, values[i]), template));
}

function csrfHeaders(): fc.Arbitrary<{ field?: string; header?: Record<string, string>; useSession: boolean }> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant({ useSession: true }) },
    { weight: 1, arbitrary: fc.constant({ useSession: true, header: { 'sec-fetch-site': 'cross-site' } }) },
    { weight: 1, arbitrary: fc.constantFrom('null', 'http://evil.example', 'x').map((origin) => ({ useSession: true, header: { origin } })) },
    { weight: 2, arbitrary: hostileString.map((field) => ({ useSession: false, field })) },
  );
}

function sessionPlans(targets: FuzzTargets): fc.Arbitrary<Plan> {
  const { sessions } = targets;
  const role = fc.constantFrom<Role>('learner', 'instructor', 'instructor', 'deepLinking');
  const gets = fc
    .tuple(role, fc.constantFrom(...SESSION_GETS).chain((t) => pathOf(t, targets).map((path) => ({ t, path }))), pairsFor(QUERY_NAMES.slice(0, 4), {}), fc.array(fc.tuple(fc.constantFrom(...QUERY_NAMES), hostileString), { maxLength: 2 }), fc.boolean(), accept)
    .map(([who, { t, path }, pairs, more, raw, headers]) => ({
      describe: `GET /s/:sid${t}`,
      build: async () => {
        const s = await sessions.sessionFor(who, false);
        return { route: `GET /s/:sid${t}`, method: 'GET', path: `${new URL(s.base).pathname}${path}${queryOf([...pairs, ...more], raw)}`, headers };
      },
    }));
  const posts = fc
    .tuple(role, fc.constantFrom(...SESSION_POSTS).chain((t) => pathOf(t, targets).map((path) => ({ t, path }))), pairsFor(FIELD_NAMES.filter((_, i) => i % 3 === 0), GOOD_FIELDS), fc.array(fc.tuple(fc.constantFrom(...FIELD_NAMES), fc.oneof(...Object.values(GOOD_FIELDS), hostileString)), { maxLength: 5 }), csrfHeaders(), accept)
    .chain(([who, route, pairs, more, csrf, headers]) =>
      fc.tuple(fc.constant({ who, route, csrf, headers, pairs: [...pairs, ...more] as Pairs }), fc.boolean(), bodyShape),
    )
    .map(([{ who, route, csrf, headers, pairs }, inHeader, shape]) => ({
      describe: `POST /s/:sid${route.t}`,
      build: async () => {
        const s = await sessions.sessionFor(who, true);
        const token = csrf.useSession ? s.csrf : (csrf.field ?? '');
        // The body is encoded only now: the token is known once the session is.
        const body = bodyIn(shape, inHeader ? pairs : [['_csrf', token], ...pairs]);
        return {
          route: `POST /s/:sid${route.t}`,
          method: 'POST',
          path: `${new URL(s.base).pathname}${route.path}`,
          headers: { ...headers, ...(inHeader ? { 'x-csrf-token': token } : {}), ...csrf.header, ...body.headers },
          body: body.body,
        };
      },
    }));
  const strangers = fc
    .tuple(idSegment([]), fc.constantFrom('/reviews', '/settings', '/deep-link', '/consumer-group', '/contributions', '/contributions/share', ''), fc.constantFrom('GET', 'POST'))
    .map(([sid, path, method]): Plan => ({
      describe: `${method} /s/<garbage>${path}`,
      build: async () => ({ route: `${method} /s/<garbage>`, method, path: `/s/${sid}${path}`, headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : undefined, body: method === 'POST' ? Buffer.from('_csrf=x') : undefined }),
    }));
  // The upload forms always get multipart (a file or not, whole or cut anywhere): busboy reads their
  // body before the CSRF check, a path the mixed bodies above reach too rarely to find its faults.
  const uploads = fc
    .tuple(fc.constantFrom<Role>('learner', 'instructor'), fc.constantFrom('/contributions/share', '/contributions/:contributionId/edit').chain((t) => pathOf(t, targets).map((path) => ({ t, path }))), pairsFor(FIELD_NAMES.filter((_, i) => i % 3 === 0), GOOD_FIELDS), fc.boolean(), multipartShape)
    .map(([who, route, pairs, withToken, shape]) => ({
      describe: `POST /s/:sid${route.t} (multipart)`,
      build: async () => {
        const s = await sessions.sessionFor(who, true);
        const body = bodyIn(shape, withToken ? [['_csrf', s.csrf], ...pairs] : pairs);
        return { route: `POST /s/:sid${route.t}`, method: 'POST', path: `${new URL(s.base).pathname}${route.path}`, headers: body.headers, body: body.body };
      },
    }));
  return fc.oneof({ weight: 5, arbitrary: gets }, { weight: 5, arbitrary: posts }, { weight: 1, arbitrary: strangers }, { weight: 1, arbitrary: uploads });
}

function deepLinkReturnPlans({ sessions }: FuzzTargets): fc.Arbitrary<Plan> {
  return fc.tuple(pairsFor(['panels', 'action', 'title'], GOOD_FIELDS), csrfHeaders(), accept, bodyShape).map(([pairs, csrf, headers, shape]) => ({
    describe: 'POST /s/:sid/deep-link',
    build: async () => {
      const s = await sessions.sessionFor('deepLinking', true);
      const body = bodyIn(shape, [['_csrf', csrf.useSession ? s.csrf : (csrf.field ?? '')], ...pairs]);
      return { route: 'POST /s/:sid/deep-link (deep-linking session)', method: 'POST', path: `${new URL(s.base).pathname}/deep-link`, headers: { ...headers, ...csrf.header, ...body.headers }, body: body.body };
    },
  }));
}
