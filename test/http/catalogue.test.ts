/**
 * The catalogue through real launches from the test platform: where it opens (a deep-linked link on
 * Moodle's front page, a Canvas account-navigation launch without a course), what each course shows
 * under its own settings, search from the plain GET form, buy-in, tenancy, and refusals.
 */
import { startHarness, type Harness } from '../support/tool-harness';
import { openSession, settingsForm, type PanelSession } from '../support/review-session';
import type { TestPlatform } from '../../src/demo/test-platform';

const COURSES = [
  { id: '3', numericId: '3', label: 'AGILE1', title: 'Agile project management' },
  { id: '4', numericId: '4', label: 'EXCEL-FR', title: 'Excel pour l’analyse de données' },
  { id: '5', numericId: '5', label: 'STRICT', title: 'Fire safety essentials' },
  { id: '6', numericId: '6', label: 'HIDE', title: 'Unlisted leadership lab' },
  { id: '7', numericId: '7', label: 'STAFF', title: 'Python for data analysis' },
];

let h: Harness;
let moodle: TestPlatform;
let other: TestPlatform;

const learner = (n: number, course: string, platform = moodle) => openSession(h, { sub: `learner-${course}-${n}`, givenName: 'Learner', familyName: `N${n}` }, { platform, course });
const teacher = (course: string, platform = moodle) => openSession(h, { sub: `teacher-${course}`, givenName: 'Tea', familyName: 'Cher', instructor: true }, { platform, course });
const catalogueAt = (who: { sub: string; locale?: string }, options: { platform?: TestPlatform; course?: string; contextless?: boolean; placement?: string } = {}) =>
  openSession(h, { sub: who.sub, givenName: 'Visitor', familyName: who.sub, locale: who.locale ?? 'en' }, { platform: options.platform ?? moodle, course: options.course ?? '1', custom: { panel: 'catalogue' }, contextless: options.contextless, placement: options.placement });

async function review(course: string, n: number, rating: number, text: Record<string, string> = {}): Promise<PanelSession> {
  const s = await learner(n, course);
  const res = await s.post('/reviews', { rating: String(rating), title: text.title ?? `Review ${n}`, liked: text.liked ?? 'Useful', improve: text.improve ?? '' });
  expect(res.status).toBe(303);
  return s;
}

beforeAll(async () => {
  h = await startHarness();
  moodle = await h.addPlatform('moodle-cat', { courses: COURSES });
  other = await h.addPlatform('other-lms', { courses: [{ id: '3', numericId: '3', label: 'AGILE1', title: 'Agile project management elsewhere' }] });

  for (const course of ['3', '4', '5', '6', '7']) {
    const t = await teacher(course);
    const overrides: Record<string, string | string[]> =
      course === '5' ? { minRatings: '5' } : course === '6' ? { minRatings: '0', catalogueListed: '' } : course === '7' ? { minRatings: '0', textVisibility: 'staff' } : { minRatings: '0' };
    const fields = settingsForm({ catalogueListed: 'on', catalogueBadge: 'on', ...overrides });
    if (overrides.catalogueListed === '') delete fields.catalogueListed;
    expect((await t.post('/settings', fields)).status).toBe(303);
  }
  await review('3', 1, 5, { title: 'Great sprint planning', liked: 'The retrospectives and backlog grooming exercises' });
  await review('3', 2, 4, { liked: 'Clear kanban boards' });
  await review('4', 1, 3, { liked: 'Les tableaux croisés dynamiques sont bien expliqués' });
  await review('5', 1, 2, { liked: 'Fire drill was secret text' });
  await review('6', 1, 5, { liked: 'Unlisted course text' });
  await review('7', 1, 4, { liked: 'Pandas dataframes, staff-only words' });
  // A course of another platform, with the same context id as the Agile course.
  const elsewhere = await openSession(h, { sub: 'elsewhere-1' }, { platform: other, course: '3' });
  await elsewhere.post('/reviews', { rating: '1', title: 'Other platform review', liked: 'Other platform text', improve: '' });
}, 120_000);

afterAll(async () => {
  await h.close();
});

describe('the catalogue', () => {
  it('opens from a link on Moodle’s front page (site course 1), lists the platform’s courses and nothing of another platform', async () => {
    const visitor = await catalogueAt({ sub: 'visitor-1' });
    const page = await visitor.get('/catalogue');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Training catalogue');
    for (const title of ['Agile project management', 'Excel pour l’analyse de données', 'Fire safety essentials', 'Python for data analysis']) expect(page.text).toContain(title);
    expect(page.text).not.toContain('Unlisted leadership lab');
    expect(page.text).not.toContain('elsewhere');
    expect(page.text).not.toContain('Other platform');
    // The front page that hosts the catalogue is not itself a training of the catalogue.
    expect(page.text).not.toMatch(/<h3[^>]*>[^<]*(Moodle|Site)/);
  });

  it('shows each course under its own settings: figures from the minimum on, texts only when public', async () => {
    const visitor = await catalogueAt({ sub: 'visitor-2' });
    const page = (await visitor.get('/catalogue')).text;
    const card = (title: string) => {
      const start = page.indexOf(title);
      expect(start).toBeGreaterThan(-1);
      return page.slice(start, page.indexOf('</article>', start));
    };
    expect(card('Agile project management')).toMatch(/4\.5 out of 5 \(2 ratings\)/);
    expect(card('Agile project management')).toContain('retrospectives');
    // Below its minimum of 5 ratings: neither figure nor text.
    expect(card('Fire safety essentials')).toContain('Not enough ratings yet');
    expect(card('Fire safety essentials')).not.toContain('secret text');
    expect(card('Fire safety essentials')).not.toMatch(/out of 5/);
    // Texts for staff only: the rating shows, the text does not.
    expect(card('Python for data analysis')).toMatch(/4\.0 out of 5/);
    expect(page).not.toContain('staff-only words');
    expect(page).not.toContain('Unlisted course text');
  });

  it('searches from the plain GET form: partial words, typos, missing accents, words of reviews, highlighted', async () => {
    const visitor = await catalogueAt({ sub: 'visitor-3' });
    const agile = await visitor.get('/catalogue?q=agil');
    expect(agile.status).toBe(200);
    expect(agile.text).toMatch(/<mark>Agile<\/mark> project management/);
    expect(agile.text).toContain('1 training matches “agil”.');
    const french = await visitor.get('/catalogue?q=' + encodeURIComponent('analyse donnees'));
    expect(french.text).toContain('<mark>analyse</mark>');
    expect(french.text).toContain('Excel pour');
    const typo = await visitor.get('/catalogue?q=managment');
    expect(typo.text).toContain('Agile project <mark>management</mark>');
    const fromReviews = await visitor.get('/catalogue?q=kanban');
    expect(fromReviews.text).toContain('Agile project management');
    const nothing = await visitor.get('/catalogue?q=zzqxw');
    expect(nothing.text).toContain('No training matches “zzqxw”.');
    const partial = await visitor.get('/catalogue?q=agil&partial=1');
    expect(partial.text).not.toContain('<html');
    expect(partial.text).toContain('role="status"');
    expect(partial.headers['cache-control']).toContain('no-store');
  });

  it('filters by minimum rating and language', async () => {
    const visitor = await catalogueAt({ sub: 'visitor-4' });
    const high = (await visitor.get('/catalogue?min=4.5')).text;
    expect(high).toContain('Agile project management');
    expect(high).not.toContain('Python for data analysis');
    const french = (await visitor.get('/catalogue?lang=fr')).text;
    expect(french).toContain('Excel pour');
    expect(french).not.toContain('Agile project management');
  });

  it('refuses a search it cannot read with a 400 naming the parameter, in the page’s language', async () => {
    const visitor = await catalogueAt({ sub: 'visitor-5', locale: 'fr' });
    const long = await visitor.get('/catalogue?q=' + 'a'.repeat(300));
    expect(long.status).toBe(400);
    expect(long.text).toContain('«\u202fq\u202f»');
    expect((await visitor.get('/catalogue?min=7')).status).toBe(400);
    expect((await visitor.get('/catalogue?q=a&q=b')).status).toBe(400);
    expect((await visitor.get('/catalogue?offset=99999')).status).toBe(400);
  });

  it('sends a learner to the course in the LMS and counts the buy-in when they launch it afterwards', async () => {
    const visitor = await catalogueAt({ sub: 'buyer-1' });
    const open = await visitor.get('/catalogue/open/3');
    expect(open.status).toBe(303);
    expect(open.headers.location).toBe(`${moodle.issuer}/course/view.php?id=3`);
    await catalogueAt({ sub: 'buyer-2' }).then((s) => s.get('/catalogue/open/3'));
    // buyer-1 then launches the course; buyer-2 does not.
    await openSession(h, { sub: 'buyer-1' }, { platform: moodle, course: '3' });
    const settings = await (await teacher('3')).get('/settings');
    expect(settings.text).toContain('2 learners opened this course from the catalogue; 1 then started it (50%).');
    // Unknown, unlisted and other-deployment courses cannot be opened through the catalogue.
    expect((await visitor.get('/catalogue/open/6')).status).toBe(404);
    expect((await visitor.get('/catalogue/open/999')).status).toBe(404);
  });

  it('opens from Canvas’s account navigation (no course), and such a session opens nothing else', async () => {
    const canvas = await h.addPlatform('canvas-cat', { flavour: 'canvas' });
    const visitor = await catalogueAt({ sub: 'canvas-visitor' }, { platform: canvas, contextless: true });
    const page = await visitor.get('/catalogue');
    expect(page.status).toBe(200);
    expect(page.text).toContain('No training is listed yet.');
    for (const path of ['/reviews', '/consumer-group', '/settings', '/']) {
      const res = await visitor.get(path);
      expect(res.status).toBe(403);
      expect(res.text).toContain('This link opens the catalogue only');
    }
    // Canvas's real shape: an Account context, not a course.
    const account = await catalogueAt({ sub: 'canvas-visitor-2' }, { platform: canvas, placement: 'account_navigation' });
    expect((await account.get('/catalogue')).status).toBe(200);
    expect((await account.get('/reviews')).status).toBe(403);
  });

  it('still refuses a launch without a course for anything but the catalogue', async () => {
    await expect(openSession(h, { sub: 'nocontext' }, { platform: moodle, contextless: true })).rejects.toThrow(/launch failed with 400/);
  });

  it('tells review authors that learners read them before enrolling only once the catalogue is placed', async () => {
    const fresh = await h.addPlatform('fresh-lms', { courses: [{ id: '8', numericId: '8', label: 'NEW', title: 'New course' }] });
    const before = await openSession(h, { sub: 'writer-1' }, { platform: fresh, course: '8' });
    const page = (await before.get('/reviews')).text;
    expect(page).toContain('other learners of this course read it');
    expect(page).not.toContain('before they enrol');
    await catalogueAt({ sub: 'someone' }, { platform: fresh });
    const after = (await before.get('/reviews')).text;
    expect(after).toContain('other learners read it before they enrol');
  });

  it('gives instructors a badge snippet whose image is served without a session, with figures from the minimum on, and 404 when switched off', async () => {
    const t = await teacher('3');
    const settings = (await t.get('/settings')).text;
    const token = /\/badge\/([A-Za-z0-9_-]{16,64})\.svg/.exec(settings.replace(/&#34;|&quot;/g, '"'))?.[1];
    expect(token).toBeDefined();
    const image = await h.browser().get(`/badge/${token}.svg`);
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(image.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(image.headers['x-frame-options']).toBeUndefined();
    const svg = image.body instanceof Buffer ? image.body.toString('utf8') : image.text;
    expect(svg).toContain('4.5');
    const record = await h.storage.catalogue.findByBadgeToken(token!);
    expect(record?.badgeServedAt).toBeInstanceOf(Date);

    // Below the course's minimum: an image without any figure.
    const strict = await h.storage.catalogue.findCourse({ issuer: moodle.issuer, clientId: moodle.clientId, deploymentId: moodle.deploymentId, contextId: '5' });
    const strictSvg = await h.browser().get(`/badge/${strict!.badgeToken}.svg`);
    const strictText = strictSvg.body instanceof Buffer ? strictSvg.body.toString('utf8') : strictSvg.text;
    expect(strictText).toContain('Reviews open soon');
    expect(strictText).not.toContain('Rated');

    // Switched off by the instructor: the address answers 404, as for a token that never existed.
    const excel = await teacher('4');
    expect((await excel.post('/settings', settingsForm({ minRatings: '0', catalogueListed: 'on' }))).status).toBe(303);
    const excelRecord = await h.storage.catalogue.findCourse({ issuer: moodle.issuer, clientId: moodle.clientId, deploymentId: moodle.deploymentId, contextId: '4' });
    expect((await h.browser().get(`/badge/${excelRecord!.badgeToken}.svg?lang=fr`)).status).toBe(404);
    expect((await h.browser().get(`/badge/${'A'.repeat(24)}.svg`)).status).toBe(404);
  });

  it('merges the entries of the deployment’s external sources into search, labelled with their source, opening on their site in a new tab', async () => {
    const deployment = { issuer: moodle.issuer, clientId: moodle.clientId, deploymentId: moodle.deploymentId };
    const source = await h.storage.externalSources.addSource({ deployment, name: 'Open MOOC Hub', url: 'https://mooc.example/feed.xml', language: 'en', addedBy: 'admin' }, new Date());
    const now = new Date();
    expect(await h.storage.externalSources.claimSource(source!.id, now, new Date(now.getTime() + 60_000))).toBe(true);
    await h.storage.externalSources.recordFetch(source!.id, {
      kind: 'success',
      at: now,
      nextAttemptAt: new Date(now.getTime() + 3_600_000),
      entries: [{ key: 'k1', title: 'Kubernetes for beginners', summary: 'Containers, pods and <b>deployments</b>', url: 'https://mooc.example/k8s' }],
    });
    const visitor = await catalogueAt({ sub: 'visitor-ext' });
    const page = (await visitor.get('/catalogue?q=kubernetes')).text;
    expect(page).toContain('<mark>Kubernetes</mark> for beginners');
    expect(page).toContain('From Open MOOC Hub');
    expect(page).toContain('Containers, pods and &lt;b&gt;deployments&lt;/b&gt;');
    expect(page).toMatch(/href="https:\/\/mooc\.example\/k8s" target="_blank" rel="noopener noreferrer"/);
    // Another platform's catalogue never shows it.
    const elsewhere = await catalogueAt({ sub: 'visitor-ext-2' }, { platform: other });
    expect((await elsewhere.get('/catalogue?q=kubernetes')).text).not.toContain('Kubernetes');
  });

  it('shares a rendered page between viewers but fills in each one’s session, and shows a new review at the next request', async () => {
    const a = await catalogueAt({ sub: 'sharer-a' });
    const b = await catalogueAt({ sub: 'sharer-b' });
    const sid = (s: PanelSession) => /\/s\/([A-Za-z0-9_-]+)$/.exec(s.base)![1];
    const pageA = (await a.get('/catalogue?q=python')).text;
    const pageB = (await b.get('/catalogue?q=python')).text;
    expect(pageA).toContain(`/s/${sid(a)}/catalogue`);
    expect(pageA).not.toContain(sid(b));
    expect(pageB).toContain(`/s/${sid(b)}/catalogue`);
    expect(pageB).not.toContain(sid(a));
    expect(pageA).toMatch(/Python<\/mark> for data analysis[\s\S]*?4\.0 out of 5 \(1 rating\)/);
    await review('7', 2, 2);
    const after = (await a.get('/catalogue?q=python')).text;
    expect(after).toMatch(/Python<\/mark> for data analysis[\s\S]*?3\.0 out of 5 \(2 ratings\)/);
  });
});

