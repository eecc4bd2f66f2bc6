/**
 * Property-based fuzzing of every route a stranger or a launched user can reach (issue 9): generated
 * malformed requests go over real HTTP to the real app (SQLite :memory:, a registered Moodle-shaped
 * platform, live learner, instructor and deep-linking sessions), and every answer must be a non-5xx
 * within a bound, with no unhandled rejection or uncaught exception, the process still answering,
 * and the heap not growing between the first third and the end of the run.
 *
 *   FUZZ_RUNS=2000   requests in all (the default: about 50 s of fuzzing on two busy cores, CI-safe)
 *   FUZZ_SEED=1234   replay a run (the seed is printed)
 *   FUZZ_BOUND_MS    the answer-time bound per request (default 2000)
 */
import { writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import pino from 'pino';
import { toolUrls } from '../../src/config';
import { curlOf, FuzzClient, type FuzzRequest } from '../support/fuzz-client';
import { bodyIn, bodyOf, bodyShape, bogusJwt, encodePairs, hostileString, idSegment, pairsFor, type Body, type Pairs } from '../support/fuzz-inputs';
import { registrationCase, startGarbagePlatform, type GarbagePlatform } from '../support/garbage-platform';
import { findForm } from '../support/browser';
import { watchCrashes } from '../support/real-process';
import { openSession, reviewIds, settingsForm, type PanelSession } from '../support/review-session';
import { launch, startHarness, type Harness } from '../support/tool-harness';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const BOUND_MS = Number(process.env.FUZZ_BOUND_MS ?? 2000);
/** Heap (after a full GC) may grow this much between the first third and the end of the run. */
const HEAP_GROWTH_BOUND = 48 * 1024 * 1024;
/** Per-user write limit is 30 a minute: a session is replaced before it reaches it. */
const WRITES_PER_SESSION = 25;

jest.setTimeout(Math.max(120_000, RUNS * 60));

/** A full GC on demand: the flag is set at run time, and gc() is read from a fresh context. */
const gc: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();

function heapAfterGc(): NodeJS.MemoryUsage {
  gc();
  gc();
  return process.memoryUsage();
}

const logLines: string[] = [];
const logger = pino(
  { level: 'error', base: undefined },
  new Writable({
    write(chunk: Buffer, _enc, done) {
      if (logLines.length < 50) logLines.push(chunk.toString('utf8'));
      done();
    },
  }),
);

let h: Harness;
let garbage: GarbagePlatform;
let client: FuzzClient;
// Jest also sees a crash (its own handler fails the test); ours ties it to the request in flight.
let crashWatch: ReturnType<typeof watchCrashes>;

type Role = 'learner' | 'instructor' | 'deepLinking';
interface LiveSession {
  readonly base: string;
  readonly csrf: string;
  writes: number;
}
const live: Partial<Record<Role, LiveSession>> = {};
const realReviewIds: string[] = [];
let sessionsOpened = 0;

const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? /name="csrf-token" content="([^"]+)"/.exec(html)?.[1];

async function openLive(role: Role): Promise<LiveSession> {
  sessionsOpened++;
  if (role === 'deepLinking') {
    const user = { sub: `dl-${sessionsOpened}`, givenName: 'Deep', familyName: 'Linker', roles: h.platform.users.instructor.roles };
    const { res, url } = await launch(h, { user, messageType: 'LtiDeepLinkingRequest', deepLinkingData: 'fuzz-data' });
    if (res.status !== 200) throw new Error(`deep-linking launch failed: ${res.status}`);
    const form = findForm(res.text)!;
    return { base: /^(.*\/s\/[A-Za-z0-9_-]+)/.exec(url)![1], csrf: form.fields._csrf, writes: 0 };
  }
  const session: PanelSession = await openSession(h, role === 'instructor' ? { instructor: true } : {});
  const page = await session.get('/reviews');
  const csrf = tokenOf(page.text);
  if (!csrf) throw new Error('no CSRF token on the reviews page');
  return { base: session.base, csrf, writes: 0 };
}

/** The live session of that role, replaced by a fresh launch before it reaches the write limit. */
async function sessionFor(role: Role, writing: boolean): Promise<LiveSession> {
  let session = live[role];
  if (!session || (writing && session.writes >= WRITES_PER_SESSION)) session = live[role] = await openLive(role);
  if (writing) session.writes++;
  return session;
}

beforeAll(async () => {
  crashWatch = watchCrashes((kind, err) => client?.crashed(kind, err));
  h = await startHarness({ env: { TRUST_PROXY: 'loopback' }, logger });
  garbage = await startGarbagePlatform();
  client = new FuzzClient(h.baseUrl, {
    boundMs: BOUND_MS,
    // A platform that answers badly is the platform's failure: the catalogue's 502 (REGISTRATION_PLATFORM_ERROR).
    allowed5xx: (req, outcome) => req.route.endsWith('/lti/register') && outcome.status === 502 && outcome.code === 'REGISTRATION_PLATFORM_ERROR',
    drainLog: () => logLines.splice(0),
  });
  // Panels open to learners, and a real review to act on.
  const teacher = await openSession(h, { instructor: true });
  await teacher.post('/settings', settingsForm());
  const learner = await openSession(h, {});
  await learner.post('/reviews', { rating: '4', title: 'Fine', liked: 'Examples', improve: 'Pace' });
  realReviewIds.push(...reviewIds((await teacher.get('/reviews')).text));
});

afterAll(async () => {
  crashWatch?.stop();
  await garbage?.close();
  await h?.close();
});

// ---- What is sent: one generator per entry point. Each yields a plan, bound to live sessions when sent.

type Plan = { readonly describe: string; build(): Promise<FuzzRequest> };
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

function loginPlans(): fc.Arbitrary<Plan> {
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

function launchPlans(): fc.Arbitrary<Plan> {
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

function registerPlans(): fc.Arbitrary<Plan> {
  const configUrl = fc.oneof(
    { weight: 6, arbitrary: registrationCase.map((c) => () => garbage.serve(c)) },
    { weight: 1, arbitrary: fc.constantFrom(`${garbage.origin}/nothing-here`, 'http://127.0.0.1:1/', 'http://[::1]:1/x', 'not a url', 'ftp://127.0.0.1/').map((u) => () => u) },
    { weight: 1, arbitrary: hostileString.map((u) => () => u) },
  );
  return fc.tuple(configUrl, fc.option(hostileString, { nil: undefined }), pairsFor([]), accept).map(([url, token, extra, headers]) => ({
    describe: 'GET /lti/register',
    build: async () => {
      const pairs: Pairs = [['openid_configuration', url()], ...(token === undefined ? [] : ([['registration_token', token]] as Pairs)), ...extra];
      return { route: 'GET /lti/register', method: 'GET', path: `/lti/register${queryOf(pairs, false)}`, headers: { ...fromSomewhere(), ...headers } };
    },
  }));
}

const SESSION_GETS = [
  '/', '/reviews', '/reviews/summary.json', '/reviews/loop', '/reviews/moderation', '/reviews/export.csv', '/settings',
  '/consumer-group', '/consumer-group/needs', '/consumer-group/similar', '/consumer-group/consultations/new',
  '/consumer-group/consultations/:cid', '/consumer-group/consultations/:cid/edit', '/consumer-group/consultations/:cid/results',
  '/consumer-group/consultations/:cid/results.csv', '/consumer-group/ideas/:id', '/deep-link',
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
];
const QUERY_NAMES = ['cursor', 'log', 'done', 'queue', 'title', 'consultation', 'page', 'sort', 'filter', 'status', 'view', 'q', 'lang'];
const FIELD_NAMES = [
  'rating', 'title', 'liked', 'improve', 'text', 'body', 'action', 'reason', 'status', 'into', 'choice', 'panels', 'label', 'description',
  'startsOn', 'dueOn', 'confirm', 'on', 'from', 'back', 'parentId', 'aspects', 'remove', 'reviewsEnabled', 'consumerGroupEnabled',
  'textVisibility', 'moderation', 'authorDisplay', 'minRatings', 'windowMode', 'windowDate', 'windowDays', 'feedbackCredit', 'kind',
];
const GOOD_FIELDS = {
  rating: fc.constantFrom('1', '3', '5'),
  action: fc.constantFrom('add', 'cancel', 'hide', 'restore', 'approve', 'dismiss', 'delete'),
  panels: fc.constantFrom('reviews', 'consumer-group'),
  status: fc.constantFrom('planned', 'done', 'open', 'hidden'),
  confirm: fc.constantFrom('yes', 'on'),
  startsOn: fc.constantFrom('2026-01-01', '2026-02-30'),
  dueOn: fc.constantFrom('2026-12-31', '0000-00-00'),
};

/** The path with each :param replaced by a real id or garbage kept inside its segment. */
function pathOf(template: string): fc.Arbitrary<string> {
  const params = template.match(/:[A-Za-z]+/g) ?? [];
  const ids = params.map((name) => idSegment(name === ':id' ? realReviewIds : []));
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

function sessionPlans(): fc.Arbitrary<Plan> {
  const role = fc.constantFrom<Role>('learner', 'instructor', 'instructor', 'deepLinking');
  const gets = fc
    .tuple(role, fc.constantFrom(...SESSION_GETS).chain((t) => pathOf(t).map((path) => ({ t, path }))), pairsFor(QUERY_NAMES.slice(0, 4), {}), fc.array(fc.tuple(fc.constantFrom(...QUERY_NAMES), hostileString), { maxLength: 2 }), fc.boolean(), accept)
    .map(([who, { t, path }, pairs, more, raw, headers]) => ({
      describe: `GET /s/:sid${t}`,
      build: async () => {
        const s = await sessionFor(who, false);
        return { route: `GET /s/:sid${t}`, method: 'GET', path: `${new URL(s.base).pathname}${path}${queryOf([...pairs, ...more], raw)}`, headers };
      },
    }));
  const posts = fc
    .tuple(role, fc.constantFrom(...SESSION_POSTS).chain((t) => pathOf(t).map((path) => ({ t, path }))), pairsFor(FIELD_NAMES.filter((_, i) => i % 3 === 0), GOOD_FIELDS), fc.array(fc.tuple(fc.constantFrom(...FIELD_NAMES), fc.oneof(...Object.values(GOOD_FIELDS), hostileString)), { maxLength: 5 }), csrfHeaders(), accept)
    .chain(([who, route, pairs, more, csrf, headers]) =>
      fc.tuple(fc.constant({ who, route, csrf, headers, pairs: [...pairs, ...more] as Pairs }), fc.boolean(), bodyShape),
    )
    .map(([{ who, route, csrf, headers, pairs }, inHeader, shape]) => ({
      describe: `POST /s/:sid${route.t}`,
      build: async () => {
        const s = await sessionFor(who, true);
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
    .tuple(idSegment([]), fc.constantFrom('/reviews', '/settings', '/deep-link', '/consumer-group', ''), fc.constantFrom('GET', 'POST'))
    .map(([sid, path, method]): Plan => ({
      describe: `${method} /s/<garbage>${path}`,
      build: async () => ({ route: `${method} /s/<garbage>`, method, path: `/s/${sid}${path}`, headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : undefined, body: method === 'POST' ? Buffer.from('_csrf=x') : undefined }),
    }));
  return fc.oneof({ weight: 5, arbitrary: gets }, { weight: 5, arbitrary: posts }, { weight: 1, arbitrary: strangers });
}

function deepLinkReturnPlans(): fc.Arbitrary<Plan> {
  return fc.tuple(pairsFor(['panels', 'action', 'title'], GOOD_FIELDS), csrfHeaders(), accept, bodyShape).map(([pairs, csrf, headers, shape]) => ({
    describe: 'POST /s/:sid/deep-link',
    build: async () => {
      const s = await sessionFor('deepLinking', true);
      const body = bodyIn(shape, [['_csrf', csrf.useSession ? s.csrf : (csrf.field ?? '')], ...pairs]);
      return { route: 'POST /s/:sid/deep-link (deep-linking session)', method: 'POST', path: `${new URL(s.base).pathname}/deep-link`, headers: { ...headers, ...csrf.header, ...body.headers }, body: body.body };
    },
  }));
}

describe('fuzzing the public and session routes', () => {
  it('when thousands of malformed requests arrive, then each gets a non-5xx answer in time, nothing crashes and the heap does not grow', async () => {
    const everything = fc.oneof(
      { weight: 3, arbitrary: loginPlans() },
      { weight: 4, arbitrary: launchPlans() },
      { weight: 2, arbitrary: registerPlans() },
      { weight: 2, arbitrary: deepLinkReturnPlans() },
      { weight: 8, arbitrary: sessionPlans() },
    );
    const started = Date.now();
    let peakRss = 0;
    let firstThird: NodeJS.MemoryUsage | undefined;
    let run = 0;
    const baseline = heapAfterGc();
    let generating = 0;
    let lastEnd = performance.now();
    await fc.assert(
      fc.asyncProperty(everything, async (plan) => {
        run++;
        const t0 = performance.now();
        generating += t0 - lastEnd;
        const request = await plan.build();
        generating += performance.now() - t0;
        await client.send(request);
        garbage.clear();
        lastEnd = performance.now();
        if (run % 100 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
        if (run === Math.floor(RUNS / 3)) firstThird = heapAfterGc();
        // Every failure is recorded (and reported below) rather than stopping the run at the first.
        return true;
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    const last = heapAfterGc();
    peakRss = Math.max(peakRss, last.rss);
    const health = await client.send({ route: 'GET /healthz', method: 'GET', path: '/healthz' });

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const growth = last.heapUsed - (firstThird?.heapUsed ?? last.heapUsed);
    const failures = [...client.failures.values()];
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
    const summary = [
      `fuzz: seed ${SEED} (FUZZ_SEED), ${RUNS} runs (FUZZ_RUNS), bound ${BOUND_MS} ms, ${seconds} s, ${sessionsOpened} sessions launched`,
      `requests sent: ${client.sent}; statuses: 2xx ${client.byClass['2xx']}, 3xx ${client.byClass['3xx']}, 4xx ${client.byClass['4xx']}, 5xx ${client.byClass['5xx']}, no answer ${client.byClass.none}`,
      `crashes (unhandled rejections / uncaught exceptions): ${client.crashes.length}; answer times: median ${client.percentile(0.5)} ms, p99 ${client.percentile(0.99)} ms, slowest ${client.slowest.ms} ms (${client.slowest.route})`,
      `time generating and building requests: ${(generating / 1000).toFixed(1)} s; heap after GC before the run ${mb(baseline.heapUsed)}`,
      `heap after GC: ${mb(firstThird?.heapUsed ?? 0)} at one third, ${mb(last.heapUsed)} at the end (growth ${mb(growth)}); peak RSS ${mb(peakRss)}`,
      `by route: ${[...client.byRoute].map(([r, n]) => `${r} ${n}`).join('; ')}`,
      `distinct failures: ${failures.length}`,
      ...failures.map((f) =>
        [`- [${f.kind}] ${f.key} ×${f.count}; routes: ${[...f.routes].slice(0, 8).join(', ')}${f.routes.size > 8 ? ` (+${f.routes.size - 8})` : ''}`, `    ${curlOf(f.request)}`, ...f.log.slice(0, 1).map((l) => `    log: ${l.slice(0, 400).trim()}`)].join('\n'),
      ),
    ].join('\n');
    process.stdout.write(`\n${summary}\n`);
    if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, JSON.stringify(failures.map((f) => ({ ...f, routes: [...f.routes], curl: curlOf(f.request), request: { ...f.request, body: f.request.body?.toString('latin1') } })), null, 2));

    expect(health.status).toBe(200);
    expect(failures.map((f) => f.key)).toEqual([]);
    expect(client.crashes).toEqual([]);
    expect(growth).toBeLessThan(HEAP_GROWTH_BOUND);
  });
});
