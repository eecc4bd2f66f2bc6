/**
 * The read API through the real app: courses learned from real launches of the test platform,
 * tokens made by the api-token command's own function in-process, and answers checked against the
 * OpenAPI description they are served with. One harness for the file, seeded once.
 */
import request from 'supertest';
import Ajv2020 from 'ajv/dist/2020';
import { startHarness, type Harness } from '../support/tool-harness';
import { openSession } from '../support/review-session';
import { DEFAULT_SETTINGS } from '../../src/panels/settings/settings-defaults';
import type { CourseSettings } from '../../src/storage/ports/course-settings';
import { buildAudit } from '../support/audit';
import { runApiTokenCommand } from '../../src/cli/api-token-command';
import { apiRoutes } from '../../src/api/api-routes';
import { encodeCourseId } from '../../src/api/course-id';
import type { TestPlatform } from '../../src/demo/test-platform';
import type { ContextKey } from '../../src/context/tenant';
import type { AlertDraft } from '../../src/listening/alerts/evaluate-course';
import type { OpenApiDocument } from '../../src/api/openapi-types';
import { createLogger } from '../../src/http/logger';

const COURSES = [
  { id: '3', numericId: '3', label: 'AGILE1', title: 'Agile project management' },
  { id: '4', numericId: '4', label: 'EXCEL', title: 'Excel for data analysis' },
  { id: '5', numericId: '5', label: 'FIRE', title: 'Fire safety essentials' },
  { id: '7', numericId: '7', label: 'PY', title: 'Python for data analysis' },
  { id: '8', numericId: '8', label: 'NEW', title: 'Negotiation basics' },
];
const RATE_LIMIT = 30;
const SEEDED = 45;

let h: Harness;
let other: TestPlatform;
let platform: { issuer: string; clientId: string; deploymentId: string };
let agile: ContextKey;
const secretIds: string[] = [];
const publicIds = new Set<string>();
let documentBody: OpenApiDocument;
let ajv: Ajv2020;

/** Runs the command as an admin would, in-process; returns its exit code and what it printed. */
async function command(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runApiTokenCommand(argv, { tokens: h.storage.apiTokens, platforms: h.storage.platforms, now: () => new Date() }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function createToken(options: { deployment?: string; issuer?: string; clientId?: string } = {}): Promise<{ token: string; id: string }> {
  const { code, out } = await command('create', '--issuer', options.issuer ?? platform.issuer, '--client-id', options.clientId ?? platform.clientId, ...(options.deployment ? ['--deployment', options.deployment] : []), '--name', 'Test client', '--json');
  expect(code).toBe(0);
  const doc = JSON.parse(out) as { token: string; id: string };
  return { token: doc.token, id: doc.id };
}

const api = (token: string | null, path: string, headers: Record<string, string> = {}) => {
  const req = request(h.tool.app).get(path);
  if (token) req.set('Authorization', `Bearer ${token}`);
  for (const [name, value] of Object.entries(headers)) req.set(name, value);
  return req;
};

function expectShape(schema: string, body: unknown): void {
  const validate = ajv.getSchema(`openapi.json#/components/schemas/${schema}`)!;
  if (!validate(body)) throw new Error(`${schema}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
}

function expectProblem(res: request.Response, status: number, code?: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['cache-control']).toBe('no-store');
  const body = JSON.parse(res.text);
  expectShape('Problem', body);
  expect(body.status).toBe(status);
  if (code) expect(body.code).toBe(code);
}

beforeAll(async () => {
  h = await startHarness({ courses: COURSES, env: { API_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) } });
  platform = { issuer: h.platform.issuer, clientId: h.platform.clientId, deploymentId: h.platform.deploymentId };
  agile = { ...platform, contextId: '3' };
  // Settings straight to the store (an instructor's launch per course would only slow the file down; the
  // settings form has its own tests); the courses themselves are learned from the learners' launches.
  const settings: Record<string, Partial<CourseSettings>> = { '3': { authorDisplay: 'pseudonym' }, '4': { authorDisplay: 'full' }, '5': { minRatings: 5 }, '7': { textVisibility: 'staff' }, '8': {} };
  for (const [contextId, overrides] of Object.entries(settings)) {
    await h.storage.settings.saveSettings({ ...platform, contextId }, { ...DEFAULT_SETTINGS, minRatings: 0, ...overrides }, buildAudit({ ...platform, contextId }));
  }
  const learnerReview = async (course: string, n: number, fields: Record<string, string>) => {
    const s = await openSession(h, { sub: `learner-${course}-${n}`, givenName: 'Ana', familyName: `Pereira${n}` }, { course });
    expect((await s.post('/reviews', { rating: '4', title: '', liked: '', improve: '', ...fields })).status).toBe(303);
  };
  await learnerReview('3', 1, { title: 'Great sprint planning', liked: 'The exercises were practical.' });
  await learnerReview('3', 2, { rating: '2', improve: 'The exercises were too long.' });
  await learnerReview('4', 1, { liked: 'Pivot tables explained well.' });
  await learnerReview('5', 1, { liked: 'Fire drill text below the minimum.' });
  await learnerReview('7', 1, { liked: 'Pandas text for staff only.' });

  // Volume for paging, written straight to the store (launches would only slow the file down).
  const item = { ...agile, itemId: 'course' };
  const write = (n: number, extra: Record<string, unknown> = {}) => ({
    item, author: { id: `seed-author-${n}`, name: `Seeded Person${n}` }, rating: ((n % 5) + 1) as 1, aspects: {}, title: `Seeded ${n}`,
    liked: n % 2 ? 'The trainer availability was excellent.' : 'Good exercises and a clear pace.', improve: n % 3 ? '' : 'The pace was too fast.',
    status: 'published' as const, holdReasons: [], verified: true, ...extra,
  });
  for (let n = 0; n < SEEDED; n++) await h.storage.reviews.saveReview(write(n), new Date(Date.now() - (n + 1) * 3_600_000));
  const held = await h.storage.reviews.saveReview(write(100, { status: 'held', holdReasons: ['moderation'], liked: 'Zebra crossing secret held words.' }), new Date());
  const hidden = await h.storage.reviews.saveReview(write(101, { liked: 'Zebra crossing secret hidden words.' }), new Date());
  await h.storage.reviews.moderate(agile, hidden.review.id, { status: 'hidden', hiddenReason: 'staff-only reason' }, buildAudit(agile, { action: 'review.hide', subject: { type: 'review', id: hidden.review.id } }));
  secretIds.push(held.review.id, hidden.review.id);
  let cursor: string | undefined;
  do {
    const page = await h.storage.reviews.listReviews(item, { sort: 'recent', statuses: ['published'], limit: 100, cursor });
    for (const r of page.items) publicIds.add(r.id);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);

  // Another platform, with a course of the same context id and one of its own.
  other = await h.addPlatform('other-lms', { courses: [{ id: '3', numericId: '3', label: 'AGILE1', title: 'Agile elsewhere' }, { id: '9', numericId: '9', label: 'ONLY', title: 'Only elsewhere' }] });
  const elsewhere = await openSession(h, { sub: 'elsewhere-3' }, { platform: other, course: '3' });
  expect((await elsewhere.post('/reviews', { rating: '1', title: 'Other platform review', liked: 'Other platform text', improve: '' })).status).toBe(303);
  await h.storage.catalogue.recordCourse({ issuer: other.issuer, clientId: other.clientId, deploymentId: other.deploymentId, contextId: '9' }, { title: 'Only elsewhere' }, 'badge-token-other-9-xxxxxxxxxxxx', new Date());
  // A course of ours nobody reviewed yet.
  await h.storage.catalogue.recordCourse({ ...platform, contextId: '8' }, { title: 'Negotiation basics' }, 'badge-token-ours-8-xxxxxxxxxxxxx', new Date());
  // A second deployment of our platform, with one course (no launch needed to exist in the store).
  await h.storage.platforms.addDeployment(platform, 'dep-2');
  await h.storage.catalogue.recordCourse({ ...platform, deploymentId: 'dep-2', contextId: '3' }, { title: 'Agile, second deployment' }, 'badge-token-dep-2-xxxxxxxxxxxx', new Date());

  documentBody = (await request(h.tool.app).get('/api/openapi.json')).body as OpenApiDocument;
  ajv = new Ajv2020({ strict: false, validateFormats: false });
  ajv.addSchema({ ...documentBody, $id: 'openapi.json' });
}, 120_000);

afterAll(async () => {
  await h.close();
});

describe('the OpenAPI description', () => {
  it('is served without a token as JSON, version 3.1, no-store', async () => {
    const res = await request(h.tool.app).get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.servers).toEqual([{ url: h.baseUrl }]);
  });

  it('describes every route the API router serves, and nothing it does not', () => {
    const router = apiRoutes({ storage: h.storage, baseUrl: h.baseUrl, requestsPerMinute: 1, windows: h.storage.rateLimits, logger: createLogger('silent'), now: () => new Date() });
    const served = (router.stack as Array<{ route?: { path: string; methods: Record<string, boolean> } }>)
      .filter((layer) => layer.route)
      .flatMap((layer) => Object.keys(layer.route!.methods).map((method) => `${method} /api${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`));
    const described = Object.entries(documentBody.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`));
    expect(served.sort()).toEqual(described.sort());
  });
});

describe('tokens from the api-token command', () => {
  it('are printed once, listed by id and hint without the token or its digest, and revoked at once', async () => {
    const { token, id } = await createToken();
    const text = await command('create', '--issuer', platform.issuer, '--client-id', platform.clientId, '--name', 'Shell');
    const [printed, note] = text.out.split('\n');
    expect(printed).toMatch(/^lvr_[A-Za-z0-9_-]{43}$/);
    expect(note).toMatch(/^Token tok_\S+ created \(read-only, every deployment of the platform\)\. It is shown this once/);
    const created = await command('create', '--issuer', platform.issuer, '--client-id', platform.clientId, '--json');
    expect(Object.keys(JSON.parse(created.out)).sort()).toEqual(['clientId', 'createdAt', 'deploymentId', 'hint', 'id', 'issuer', 'lastUsedAt', 'name', 'revokedAt', 'scope', 'token']);
    const listed = await command('list', '--issuer', platform.issuer, '--client-id', platform.clientId, '--json');
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(id);
    expect(listed.out).not.toContain(token);
    expect(listed.out).not.toContain(token.slice(4, 40));
    expect((await api(token, '/api/v1/courses')).status).toBe(200);
    const used = JSON.parse((await command('list', '--issuer', platform.issuer, '--client-id', platform.clientId, '--json')).out).tokens.find((t: { id: string }) => t.id === id);
    expect(used.lastUsedAt).not.toBeNull();
    expect(used.hint).toBe(`…${token.slice(-4)}`);

    expect((await command('revoke', '--issuer', platform.issuer, '--client-id', platform.clientId, '--id', id)).code).toBe(0);
    const refused = await api(token, '/api/v1/courses');
    expectProblem(refused, 401, 'API_UNAUTHORIZED');
    expect(refused.headers['www-authenticate']).toBe('Bearer realm="learner-voice", error="invalid_token"');
    const again = await command('revoke', '--issuer', platform.issuer, '--client-id', platform.clientId, '--id', id, '--json');
    expect(JSON.parse(again.out)).toEqual({ id, revoked: true, alreadyRevoked: true });
  });

  it('are refused for an unknown platform or deployment, a foreign platform cannot revoke them, and errors are one line', async () => {
    const unknown = await command('create', '--issuer', 'https://nowhere.example', '--client-id', 'x');
    expect(unknown.code).toBe(1);
    expect(unknown.err.split('\n')).toHaveLength(1);
    expect(unknown.err).toMatch(/^learner-voice api-token: No registered platform/);
    expect((await command('create', '--issuer', platform.issuer, '--client-id', platform.clientId, '--deployment', 'nope')).code).toBe(1);
    expect((await command('create', '--issuer', platform.issuer, '--client-id', platform.clientId, '--bogus')).err).toBe('learner-voice api-token: unknown option --bogus (see --help)');
    expect((await command('frobnicate')).code).toBe(2);
    const { token, id } = await createToken();
    expect((await command('revoke', '--issuer', other.issuer, '--client-id', other.clientId, '--id', id)).code).toBe(1);
    expect((await api(token, '/api/v1/courses')).status).toBe(200);
  });
});

describe('authentication', () => {
  it('refuses a request without a token, with WWW-Authenticate, in the asker’s language', async () => {
    const res = await api(null, '/api/v1/courses');
    expectProblem(res, 401, 'API_UNAUTHORIZED');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="learner-voice"');
    const fr = await api(null, '/api/v1/courses', { 'Accept-Language': 'fr' });
    expect(JSON.parse(fr.text).title).toBe('Jeton d’API requis');
  });

  it('refuses malformed, unknown and non-Bearer credentials alike', async () => {
    const { token } = await createToken();
    const forged = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const header of [`Bearer ${forged}`, 'Bearer lvr_short', `Basic ${Buffer.from('a:b').toString('base64')}`, `Bearer ${token} extra`, `Bearer  `, `bearer`, `Token ${token}`]) {
      const res = await request(h.tool.app).get('/api/v1/courses').set('Authorization', header);
      expectProblem(res, 401, 'API_UNAUTHORIZED');
    }
  });

  it('never takes a tool session or a cookie as credentials', async () => {
    const learner = await openSession(h, { sub: 'cookie-learner' }, { course: '3' });
    const sid = /\/s\/([A-Za-z0-9_-]+)/.exec(learner.base)![1];
    expectProblem(await api(null, '/api/v1/courses', { Cookie: `lv_session=${sid}; ltik=${sid}` }), 401);
    const underSession = await learner.get('/api/v1/courses');
    expect(underSession.status).toBe(404);
    expect(underSession.text).not.toContain('"items"');
  });
});

describe('course summaries', () => {
  let token: string;
  beforeAll(async () => {
    ({ token } = await createToken());
  });

  it('page through every course of the platform once, in order, and never one of another platform', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await api(token, `/api/v1/courses?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expectShape('CoursePage', res.body);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((c: { deploymentId: string; contextId: string }) => `${c.deploymentId}/${c.contextId}`));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(new Set(seen).size).toBe(seen.length);
    const courseIds = ['3', '4', '5', '7', '8'].map((c) => `${platform.deploymentId}/${c}`);
    for (const id of [...courseIds, 'dep-2/3']) expect(seen).toContain(id);
    expect(seen).toEqual([...seen].sort());
    const all = (await api(token, '/api/v1/courses?limit=100')).body;
    expect(all.items.map((c: { title: string }) => c.title)).not.toContain('Only elsewhere');
    expect(all.nextCursor).toBeNull();
    expect(all.items).toHaveLength(seen.length);
  });

  it('show figures only where learners see them: none below the minimum, ratings for staff-only texts', async () => {
    const byContext = async (context: string) => (await api(token, `/api/v1/courses/${encodeCourseId({ deploymentId: platform.deploymentId, contextId: context })}`)).body;
    const agileSummary = await byContext('3');
    expectShape('CourseSummary', agileSummary);
    expect(agileSummary.title).toBe('Agile project management');
    expect(agileSummary.ratingsShown).toBe(true);
    expect(agileSummary.rating.count).toBe(publicIds.size);
    expect(agileSummary.rating.histogram.reduce((a: number, b: number) => a + b, 0)).toBe(publicIds.size);
    expect(agileSummary.trend.last30.count).toBeGreaterThan(0);
    const fire = await byContext('5');
    expect(fire).toMatchObject({ ratingsShown: false, rating: null, trend: null, aspects: [] });
    const python = await byContext('7');
    expect(python.ratingsShown).toBe(true);
    expect(python.rating.count).toBe(1);
  });
});

describe('reviews of a course', () => {
  let token: string;
  beforeAll(async () => {
    ({ token } = await createToken());
  });
  const reviewsOf = (context: string, query = '') => api(token, `/api/v1/courses/${encodeCourseId({ deploymentId: platform.deploymentId, contextId: context })}/reviews${query}`);

  it('page through every published review once, newest first, never a held or hidden one', async () => {
    const seen: string[] = [];
    const dates: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await reviewsOf('3', `?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expectShape('ReviewPage', res.body);
      expect(res.body.textsShown).toBe(true);
      seen.push(...res.body.items.map((r: { id: string }) => r.id));
      dates.push(...res.body.items.map((r: { createdAt: string }) => r.createdAt));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(pages).toBe(Math.ceil(publicIds.size / 10));
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen)).toEqual(publicIds);
    for (const id of secretIds) expect(seen).not.toContain(id);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('name authors only as the course shows them to learners, never by LMS id, and carry no staff-only field', async () => {
    const pseudonymous = await reviewsOf('3', '?limit=100');
    const text = pseudonymous.text;
    for (const secret of ['seed-author-', 'learner-3-', 'Seeded Person', 'Pereira', 'Zebra', 'staff-only reason', 'holdReasons', 'reportCount', 'Tea Cher'])
      expect(text).not.toContain(secret);
    for (const r of pseudonymous.body.items) expect(r.author).toMatch(/^Learner \d+$/);
    const full = await reviewsOf('4');
    expect(full.body.items.map((r: { author: string }) => r.author)).toEqual(['Ana Pereira1']);
    expect(full.text).not.toContain('learner-4-1');
  });

  it('are empty where learners read no texts: staff-only texts, below the minimum', async () => {
    for (const context of ['7', '5']) {
      const res = await reviewsOf(context);
      expectShape('ReviewPage', res.body);
      expect(res.body).toEqual({ items: [], nextCursor: null, textsShown: false });
      expect(res.text).not.toMatch(/Pandas|Fire drill/);
    }
  });

  it('refuse a cursor of another course or of another list', async () => {
    const first = await reviewsOf('3', '?limit=5');
    const cursor = encodeURIComponent(first.body.nextCursor);
    expectProblem(await reviewsOf('4', `?cursor=${cursor}`), 400, 'INVALID_PAGE_LINK');
    expectProblem(await api(token, `/api/v1/courses?cursor=${cursor}`), 400, 'INVALID_PAGE_LINK');
  });
});

describe('topics of a course', () => {
  it('come from public texts only, each linking to public reviews', async () => {
    const { token } = await createToken();
    const res = await api(token, `/api/v1/courses/${encodeCourseId({ deploymentId: platform.deploymentId, contextId: '3' })}/topics?limit=5`);
    expect(res.status).toBe(200);
    expectShape('TopicList', res.body);
    expect(res.body.textsShown).toBe(true);
    expect(res.body.textsRead).toBe(publicIds.size);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.length).toBeLessThanOrEqual(5);
    expect(res.body.items.map((t: { label: string }) => t.label.toLowerCase()).join(' ')).toMatch(/exercises|trainer|pace/);
    for (const topic of res.body.items) for (const id of topic.reviewIds) expect(publicIds.has(id)).toBe(true);
    expect(res.text).not.toMatch(/zebra/i);
    const staffOnly = await api(token, `/api/v1/courses/${encodeCourseId({ deploymentId: platform.deploymentId, contextId: '7' })}/topics`);
    expect(staffOnly.body).toEqual({ items: [], textsShown: false, textsRead: 0 });
  });
});

describe('alerts', () => {
  const ids: Record<string, string> = {};
  const T = Date.parse('2030-05-01T08:00:00Z');
  let token: string;
  const alertsOf = (bearer: string, query = '') => api(bearer, `/api/v1/alerts${query}`);
  const courseParam = (deploymentId: string, contextId: string) => encodeURIComponent(encodeCourseId({ deploymentId, contextId }));

  /** Every page of a listing, following nextCursor; each page checked against the description. */
  async function readAll(bearer: string, query: string, limit: number): Promise<Array<{ id: string; raisedAt: string; courseId: string; state: string }>> {
    const items: Array<{ id: string; raisedAt: string; courseId: string; state: string }> = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 30; pages++) {
      const res: request.Response = await alertsOf(bearer, `?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expectShape('AlertPage', res.body);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (!cursor) return items;
    }
    throw new Error('too many pages');
  }

  beforeAll(async () => {
    ({ token } = await createToken());
    const raise = async (key: string, course: ContextKey, minutes: number, extra: Partial<AlertDraft> = {}) => {
      const alert = await h.storage.alerts.raise(
        { kind: 'low-spike', course, dedupeKey: `api-test:${key}`, reviewIds: [...publicIds].slice(0, 2), facts: { count: 4, days: 7, baseline: 0.5 }, raisedAt: new Date(T + minutes * 60_000), ...extra },
        { webhook: false, emails: ['tea.cher@example.edu'] },
      );
      ids[key] = alert!.id;
    };
    const dep2: ContextKey = { ...platform, deploymentId: 'dep-2', contextId: '3' };
    const excel: ContextKey = { ...platform, contextId: '4' };
    // Three at one moment (one evaluation raises several), a mention, a course of the second deployment, and another platform's.
    await raise('a1', agile, 0);
    await raise('a2', agile, 10);
    await raise('a3', excel, 10);
    await raise('a4', agile, 10, { kind: 'negative-mention', reviewIds: [], facts: { title: 'A sour post', url: 'https://blog.example/post', author: 'Someone Private', email: 'tea.cher@example.edu' } });
    await raise('a5', excel, 20);
    await raise('d2', dep2, 5);
    await raise('x1', { issuer: other.issuer, clientId: other.clientId, deploymentId: other.deploymentId, contextId: '3' }, 15);
    await h.storage.alerts.acknowledge({ kind: 'course', course: agile }, ids.a2!, 'instructor-secret-id', new Date(T + 30 * 60_000));
    await h.storage.alerts.acknowledge({ kind: 'course', course: dep2 }, ids.d2!, 'instructor-secret-id', new Date(T + 31 * 60_000));
  });

  it('page through every alert of the platform once, newest first (ties by id), and never another platform’s', async () => {
    const all = await readAll(token, '', 2);
    const ours = ['a1', 'a2', 'a3', 'a4', 'a5', 'd2'].map((k) => ids[k]);
    expect(all.map((a) => a.id).filter((id) => Object.values(ids).includes(id)).sort()).toEqual([...ours].sort());
    expect(all.map((a) => a.id)).not.toContain(ids.x1);
    expect(new Set(all.map((a) => a.id)).size).toBe(all.length);
    const order = all.map((a) => [a.raisedAt, a.id].join(' '));
    expect(order).toEqual([...order].sort().reverse());
    expect(await readAll(token, '', 100)).toEqual(all);
  });

  it('filter by course and by state, and a deployment’s token reads its deployment only', async () => {
    const agileAlerts = await readAll(token, `&course=${courseParam(platform.deploymentId, '3')}`, 1);
    expect(agileAlerts.map((a) => a.id)).toEqual([...[ids.a2!, ids.a4!].sort().reverse(), ids.a1]);
    expect(new Set(agileAlerts.map((a) => a.courseId))).toEqual(new Set([encodeCourseId(agile)]));
    const open = await readAll(token, `&course=${courseParam(platform.deploymentId, '3')}&state=open`, 5);
    expect(open.map((a) => a.id).sort()).toEqual([ids.a1, ids.a4].sort());
    const acknowledged = await readAll(token, '&state=acknowledged', 1);
    expect(acknowledged.map((a) => a.id)).toEqual([ids.a2, ids.d2]);
    expect(acknowledged.every((a) => a.state === 'acknowledged')).toBe(true);

    const dep2Token = (await createToken({ deployment: 'dep-2' })).token;
    expect((await readAll(dep2Token, '', 5)).map((a) => a.id)).toEqual([ids.d2]);
    expectProblem(await alertsOf(dep2Token, `?course=${courseParam(platform.deploymentId, '3')}`), 404, 'API_NOT_FOUND');
    const foreign = (await createToken({ issuer: other.issuer, clientId: other.clientId })).token;
    expect((await readAll(foreign, '', 5)).map((a) => a.id)).toEqual([ids.x1]);
    // Its course of the same ids is its own (only its alert); a course only we have is not found.
    expect((await readAll(foreign, `&course=${courseParam(other.deploymentId, '3')}`, 5)).map((a) => a.id)).toEqual([ids.x1]);
    expectProblem(await alertsOf(foreign, `?course=${courseParam(platform.deploymentId, '8')}`), 404, 'API_NOT_FOUND');
    expectProblem(await alertsOf(token, `?course=${courseParam(other.deploymentId, '9')}`), 404, 'API_NOT_FOUND');
  });

  it('serve the alert’s public fields only: no address, no acknowledging person, no fact outside the kind’s list', async () => {
    const res = await alertsOf(token, `?course=${courseParam(platform.deploymentId, '3')}&limit=100`);
    expectShape('AlertPage', res.body);
    for (const secret of ['tea.cher@example.edu', 'instructor-secret-id', 'Someone Private', 'api-test:', 'dedupe', 'acknowledgedBy', 'recipient']) expect(res.text).not.toContain(secret);
    const mention = res.body.items.find((a: { id: string }) => a.id === ids.a4);
    expect(mention).toEqual({ id: ids.a4, kind: 'negative-mention', courseId: encodeCourseId(agile), raisedAt: new Date(T + 10 * 60_000).toISOString(), state: 'open', acknowledgedAt: null, reviewIds: [], facts: { title: 'A sour post', url: 'https://blog.example/post' } });
    const acknowledged = res.body.items.find((a: { id: string }) => a.id === ids.a2);
    expect(acknowledged).toMatchObject({ state: 'acknowledged', acknowledgedAt: new Date(T + 30 * 60_000).toISOString(), facts: { count: 4, days: 7, baseline: 0.5 } });
    for (const id of acknowledged.reviewIds) expect(publicIds.has(id)).toBe(true);
  });

  it('refuse a bad limit, state or cursor with a 400 problem, also a cursor of another list, course, state or token', async () => {
    const first = await alertsOf(token, '?limit=1');
    const cursor = encodeURIComponent(first.body.nextCursor);
    const agileId = courseParam(platform.deploymentId, '3');
    const reviewsCursor = encodeURIComponent((await api(token, `/api/v1/courses/${agileId}/reviews?limit=1`)).body.nextCursor);
    const cases: Array<[string, number, string]> = [
      ['?limit=0', 400, 'API_INVALID_LIMIT'],
      ['?limit=101', 400, 'API_INVALID_LIMIT'],
      ['?state=closed', 400, 'API_INVALID_VALUE'],
      ['?state=OPEN', 400, 'API_INVALID_VALUE'],
      ['?state=open&state=acknowledged', 400, 'API_INVALID_PARAMETER'],
      ['?course[a]=1', 400, 'API_INVALID_PARAMETER'],
      ['?sort=raisedAt', 400, 'API_UNKNOWN_PARAMETER'],
      ['?cursor=', 400, 'INVALID_PAGE_LINK'],
      ['?cursor=' + Buffer.from('{"k":"alerts","s":"x","p":[1,"a"]}').toString('base64url'), 400, 'INVALID_PAGE_LINK'],
      [`?cursor=${reviewsCursor}`, 400, 'INVALID_PAGE_LINK'],
      [`?cursor=${cursor}&state=open`, 400, 'INVALID_PAGE_LINK'],
      [`?cursor=${cursor}&course=${agileId}`, 400, 'INVALID_PAGE_LINK'],
      ['?course=' + encodeURIComponent('é🙂'), 404, 'API_NOT_FOUND'],
    ];
    for (const [query, status, code] of cases) {
      const res = await alertsOf(token, query);
      try {
        expectProblem(res, status, code);
      } catch (err) {
        throw new Error(`${query}: ${res.status} ${res.text.slice(0, 200)}\n${(err as Error).message}`);
      }
    }
    const scoped = (await createToken({ deployment: platform.deploymentId })).token;
    expectProblem(await alertsOf(scoped, `?cursor=${cursor}`), 400, 'INVALID_PAGE_LINK');
    const fr = await api(token, '/api/v1/alerts?state=closed', { 'Accept-Language': 'fr' });
    expect(JSON.parse(fr.text).detail).toBe('Le paramètre state n’accepte que\u202f: open, acknowledged.');
  });
});

describe('tenancy', () => {
  it('answers 404 for another platform’s course, and a same-named course of ours shows only our reviews', async () => {
    const { token } = await createToken();
    const otherOnly = encodeCourseId({ deploymentId: other.deploymentId, contextId: '9' });
    expectProblem(await api(token, `/api/v1/courses/${otherOnly}`), 404, 'API_NOT_FOUND');
    expectProblem(await api(token, `/api/v1/courses/${otherOnly}/reviews`), 404, 'API_NOT_FOUND');
    const ours = await api(token, `/api/v1/courses/${encodeCourseId({ deploymentId: platform.deploymentId, contextId: '3' })}/reviews?limit=100`);
    expect(ours.text).not.toContain('Other platform');
    // The other platform's own token reads its courses, and never ours.
    const foreign = await createToken({ issuer: other.issuer, clientId: other.clientId });
    const theirs = (await api(foreign.token, '/api/v1/courses')).body.items.map((c: { title: string }) => c.title);
    expect(theirs.sort()).toEqual(['Agile elsewhere', 'Only elsewhere']);
    // Removed and registered again (a new registration date): the earlier registration's tokens stay dead.
    const record = (await h.storage.platforms.findPlatform(other))!;
    await h.storage.platforms.savePlatform({ ...record, registeredAt: new Date(Date.now() + 1000) });
    expectProblem(await api(foreign.token, '/api/v1/courses'), 401, 'API_UNAUTHORIZED');
    await h.storage.platforms.savePlatform(record);
  });

  it('keeps a deployment-scoped token to its deployment', async () => {
    const scoped = await createToken({ deployment: 'dep-2' });
    const listed = (await api(scoped.token, '/api/v1/courses')).body.items;
    expect(listed.map((c: { deploymentId: string; contextId: string }) => `${c.deploymentId}/${c.contextId}`)).toEqual(['dep-2/3']);
    expectProblem(await api(scoped.token, `/api/v1/courses/${encodeCourseId({ deploymentId: platform.deploymentId, contextId: '3' })}/reviews`), 404);
    const main = await createToken({ deployment: platform.deploymentId });
    const mainCourses = (await api(main.token, '/api/v1/courses?limit=100')).body.items;
    expect(mainCourses.map((c: { deploymentId: string }) => c.deploymentId)).not.toContain('dep-2');
    expectProblem(await api(main.token, `/api/v1/courses/${encodeCourseId({ deploymentId: 'dep-2', contextId: '3' })}`), 404);
  });
});

describe('hostile inputs', () => {
  it('answer a clear 4xx problem, never a 5xx', async () => {
    const { token } = await createToken();
    const agileId = encodeCourseId({ deploymentId: platform.deploymentId, contextId: '3' });
    const cases: Array<[string, number, string?]> = [
      ['/api/v1/courses?limit=-1', 400, 'API_INVALID_LIMIT'],
      ['/api/v1/courses?limit=0', 400, 'API_INVALID_LIMIT'],
      ['/api/v1/courses?limit=101', 400, 'API_INVALID_LIMIT'],
      ['/api/v1/courses?limit=1e2', 400, 'API_INVALID_LIMIT'],
      ['/api/v1/courses?limit=99999999999999999999', 400, 'API_INVALID_LIMIT'],
      ['/api/v1/courses?limit=%20', 400, 'API_INVALID_LIMIT'],
      ['/api/v1/courses?limit=1&limit=2', 400, 'API_INVALID_PARAMETER'],
      ['/api/v1/courses?limit[a]=1', 400, 'API_INVALID_PARAMETER'],
      ['/api/v1/courses?page=2', 400, 'API_UNKNOWN_PARAMETER'],
      ['/api/v1/courses?cursor=', 400, 'INVALID_PAGE_LINK'],
      ['/api/v1/courses?cursor=' + 'A'.repeat(6000), 400, 'INVALID_PAGE_LINK'],
      ['/api/v1/courses?cursor=%00%FF', 400, 'INVALID_PAGE_LINK'],
      ['/api/v1/courses?cursor=' + encodeURIComponent('{"k":"courses"}'), 400, 'INVALID_PAGE_LINK'],
      ['/api/v1/courses?cursor=' + Buffer.from('{"k":"courses","s":"x","p":[1,2]}').toString('base64url'), 400, 'INVALID_PAGE_LINK'],
      [`/api/v1/courses/${agileId}/reviews?cursor=${Buffer.from('"x"').toString('base64url')}`, 400, 'INVALID_PAGE_LINK'],
      [`/api/v1/courses/${agileId}/topics?limit=21`, 400, 'API_INVALID_LIMIT'],
      [`/api/v1/courses/${agileId}/topics?cursor=x`, 400, 'API_UNKNOWN_PARAMETER'],
      [`/api/v1/courses/${agileId}?x=1`, 400, 'API_UNKNOWN_PARAMETER'],
      ['/api/v1/courses/..%2F..%2Fetc%2Fpasswd', 404],
      ['/api/v1/courses/%2e%2e/reviews', 404],
      ['/api/v1/courses/%E0%A4%A/reviews', 404],
      ['/api/v1/courses/' + encodeURIComponent('é🙂') + '/reviews', 404, 'API_NOT_FOUND'],
      ['/api/v1/courses/' + 'A'.repeat(8000), 404, 'API_NOT_FOUND'],
      ['/api/v1/courses/' + Buffer.from('["1","' + 'x'.repeat(2000) + '"]').toString('base64url'), 404, 'API_NOT_FOUND'],
      ['/api/v1/courses/' + Buffer.from('{"__proto__":{"a":1}}').toString('base64url'), 404, 'API_NOT_FOUND'],
      ['/api/v1/nothing-here', 404, 'API_NOT_FOUND'],
      ['/api/v2/courses', 404, 'API_NOT_FOUND'],
    ];
    for (const [path, status, code] of cases) {
      const res = await api(token, path);
      try {
        expectProblem(res, status, code);
      } catch (err) {
        throw new Error(`${path}: ${res.status} ${res.text.slice(0, 200)}\n${(err as Error).message}`);
      }
    }
    const post = await request(h.tool.app).post('/api/v1/courses').set('Authorization', `Bearer ${token}`).send({ limit: 1 });
    expectProblem(post, 404, 'API_NOT_FOUND');
  });
});

describe('rate limit', () => {
  it('refuses a token beyond its requests per minute with 429 and Retry-After, and leaves other tokens alone', async () => {
    const busy = await createToken();
    const calm = await createToken();
    for (let i = 0; i < RATE_LIMIT; i++) expect((await api(busy.token, '/api/v1/courses?limit=1')).status).toBe(200);
    const refused = await api(busy.token, '/api/v1/courses?limit=1');
    expectProblem(refused, 429, 'RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await api(calm.token, '/api/v1/courses?limit=1')).status).toBe(200);
  });
});
