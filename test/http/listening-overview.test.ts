/**
 * The Listening overview across courses (GET /listening) through real launches from the test
 * platform: a platform administrator (institution Administrator role) sees the deployment's courses
 * ranked with exact figures, re-sorts them, downloads them as CSV and JSON; an instructor is sent to
 * their own course's page; a learner is refused; another platform's courses never appear.
 */
import { ROLE } from '../../src/demo/test-platform/constants';
import { launch, startHarness, type Harness } from '../support/tool-harness';
import { LISTENING_COURSES, seedListeningCourses } from '../support/listening-courses';
import { DELAY_RATIO, FIRST_BUCKET_MS } from '../../src/storage/shared/response-delays';

let h: Harness;
const adminTeacher = { sub: 'admin-teacher-1', name: 'Ada Admin', givenName: 'Ada', familyName: 'Admin', roles: [ROLE.instructor, ROLE.institutionAdministrator], membershipRoles: ['Instructor'] };

beforeAll(async () => {
  h = await startHarness();
  const { issuer, clientId, deploymentId } = h.platform;
  await seedListeningCourses(h.storage, { issuer, clientId, deploymentId }, new Date());
  // Another platform's course with the same context id and a telling title.
  const other = await h.addPlatform('other-platform');
  await h.storage.catalogue.recordCourse({ issuer: other.issuer, clientId: other.clientId, deploymentId: other.deploymentId, contextId: LISTENING_COURSES.agile }, { title: 'Secret elsewhere' }, 'badge-elsewhere-aaaaaaaa', new Date());
});
afterAll(async () => h.close());

async function openAs(user: Parameters<typeof launch>[1]['user'], locale?: string) {
  const { res, url, browser } = await launch(h, { user, ...(locale ? { locale } : {}) });
  expect(res.status).toBe(200);
  const base = /^(.*\/s\/[A-Za-z0-9_-]+)\//.exec(url)![1];
  return { browser, base, listening: `${base}/listening` };
}

/** The course titles of the table's rows, in order. */
/** A median in hours (2 decimals) within 1 minute + 20 % of `exact` hours, plus the rounding. */
const nearHours = (exact: number) => ({
  asymmetricMatch: (actual: unknown) => typeof actual === 'number' && Math.abs(actual - exact) <= FIRST_BUCKET_MS / 3_600_000 + (DELAY_RATIO - 1) * exact + 0.005,
  toString: () => `about ${exact} hours`,
});
const rowTitles = (html: string) => [...html.matchAll(/<th scope="row" class="overview-course"><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);

describe('a platform administrator', () => {
  let admin: Awaited<ReturnType<typeof openAs>>;
  beforeAll(async () => {
    admin = await openAs(adminTeacher);
  });

  it('sees the courses ranked by adjusted satisfaction, each with its figures, and the headline', async () => {
    const page = await admin.browser.get(admin.listening);
    expect(page.status).toBe(200);
    const html = page.text;
    // Rated courses first by adjusted rating; the course below its minimum and the launch's own course after.
    expect(rowTitles(html).slice(0, 3)).toEqual(['Agile basics', '=Budgeting', 'Coaching']);
    expect(html).toContain(`href="${new URL(admin.base).pathname}/listening/courses/${LISTENING_COURSES.agile}"`);
    expect(html).not.toContain('Secret elsewhere');
    const agile = html.slice(html.indexOf('Agile basics'), html.indexOf('=Budgeting'));
    expect(agile).toContain('<strong>3.7</strong>');
    expect(agile).toContain('6 ratings');
    expect(agile).toContain('Rising by 1.0');
    expect(agile).toContain('Not enough ratings to compare');
    expect(agile).toContain('33% of 6');
    expect(agile).toContain('4 hours');
    expect(agile).toContain('1 overdue');
    expect(agile).toContain('2 of 3 went on');
    expect(agile).toMatch(/<svg class="sparkline"[^>]*role="img"/);
    const coach = html.slice(html.indexOf('>Coaching<'));
    expect(coach).toContain('Fewer than 3 ratings');
    expect(coach.slice(0, coach.indexOf('</tr>'))).not.toContain('sparkline');
    expect(html).toContain('10 ratings in the last 90 days');
    expect(html).toContain('2 reviews need attention');
    expect(html).toContain('<li>1 corrective action open</li><li>1 action overdue</li>');
    expect(html).toMatch(/<caption id="overview-caption">Courses, sorted by rating \(90 days\), descending<\/caption>/);
    expect(html).toContain('aria-sort="descending"');
  });

  it('re-sorts by needs attention and by 30-day trend through plain links', async () => {
    const attention = (await admin.browser.get(`${admin.listening}?sort=attention`)).text;
    expect(rowTitles(attention)[0]).toBe('=Budgeting');
    const trendUp = (await admin.browser.get(`${admin.listening}?sort=trend30&dir=desc`)).text;
    expect(rowTitles(trendUp)[0]).toBe('Agile basics');
    expect(trendUp).toContain(`href="${new URL(admin.base).pathname}/listening?sort=trend30&amp;dir=asc"`);
  });

  it('downloads the table as CSV (BOM, formula-safe) and JSON, with every course and its figures', async () => {
    const csv = await admin.browser.get(`${admin.listening}?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="listening-courses.csv"');
    expect(csv.text.startsWith('\uFEFFCourse id,Course,Rank,Rating (90 days)')).toBe(true);
    expect(csv.text).toContain(`${LISTENING_COURSES.budget},'=Budgeting,2,2.33,3,`);
    expect(csv.text).not.toContain('Secret elsewhere');

    const json = await admin.browser.get(`${admin.listening}?format=json`);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = JSON.parse(json.text) as { rows: Array<Record<string, unknown>> };
    expect(body.rows[0]).toEqual({
      contextId: LISTENING_COURSES.agile,
      title: 'Agile basics',
      rank: 1,
      rating90: 3.67,
      ratings90: 6,
      adjusted90: expect.any(Number),
      change30: 1,
      change90: null,
      needsAttention: 0,
      reviews12m: 6,
      answered12m: 2,
      // From the delay histogram: within 1 minute + 20 % of the exact 4 hours (storage/shared/response-delays.ts).
      medianResponseHours: nearHours(4),
      actionsOpen: 1,
      actionsOverdue: 1,
      catalogueOpened: 3,
      catalogueLaunched: 2,
      participants: 0,
      learners: 0,
    });
    expect(body.rows.find((r) => r.contextId === LISTENING_COURSES.coach)).toMatchObject({ rank: null, rating90: null, ratings90: 1, change30: null });
  });

  it('says when its figures were read, and shows a review posted since on the very next page', async () => {
    const before = (await admin.browser.get(admin.listening)).text;
    expect(before).toMatch(/<p class="hint" id="overview-as-of">Figures read on \d{1,2} [A-Z][a-z]{2} \d{4} at \d{2}:\d{2} UTC\./);
    const coach = (html: string) => html.slice(html.indexOf('>Coaching<'), html.indexOf('</tr>', html.indexOf('>Coaching<')));
    expect(coach(before)).toContain('1 rating');
    const { issuer, clientId, deploymentId } = h.platform;
    const item = { issuer, clientId, deploymentId, contextId: LISTENING_COURSES.coach, itemId: 'course' };
    const { review } = await h.storage.reviews.saveReview({ item, author: { id: 'late-learner', name: 'Late' }, rating: 4, aspects: {}, title: '', liked: '', improve: '', status: 'published', holdReasons: [], verified: true }, new Date());
    try {
      expect(coach((await admin.browser.get(admin.listening)).text)).toContain('2 ratings');
    } finally {
      await h.storage.reviews.deleteReview(item, review.author.id);
    }
    expect(coach((await admin.browser.get(admin.listening)).text)).toContain('1 rating');
  });

  it('shows the last page for a page number past it', async () => {
    const last = await admin.browser.get(`${admin.listening}?page=9999`);
    expect(last.status).toBe(200);
    expect(rowTitles(last.text)).toEqual(rowTitles((await admin.browser.get(admin.listening)).text));
  });

  it('gets a clear 400 for a sort, direction, page or format it cannot use, in the page language', async () => {
    for (const bad of ['sort=drop', 'dir=up', 'page=0', 'page=abc', 'format=xml', 'sort=rating&sort=title']) {
      const res = await admin.browser.get(`${admin.listening}?${bad}`);
      expect(res.status).toBe(400);
      expect(res.text).toContain('This address has a value that cannot be used for');
    }
    const fr = await openAs(adminTeacher, 'fr-FR');
    const res = await fr.browser.get(`${fr.listening}?sort=nope`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Cette adresse contient une valeur inutilisable pour «\u202fsort\u202f»');
    const page = (await fr.browser.get(fr.listening)).text;
    expect(page).toContain('Écoute\u202f: tous les cours');
    expect(page).toContain('<strong>3,7</strong>');
    expect(page).toContain('33\u202f% sur 6');
    expect(page).toMatch(/Chiffres lus le \d{1,2} [a-zé]+\.? \d{4} à \d{2}:\d{2} UTC\./u);
  });
});

describe('other roles', () => {
  it('an instructor is sent to their own course’s listening page', async () => {
    const { browser, listening } = await openAs('instructor');
    const res = await browser.get(listening);
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/\/s\/[A-Za-z0-9_-]+\/listening\/courses\/[^/]+$/);
  });

  it('a learner is refused, page and exports alike', async () => {
    const { browser, listening } = await openAs('learner');
    for (const url of [listening, `${listening}?format=csv`, `${listening}?format=json`]) {
      const res = await browser.get(url);
      expect(res.status).toBe(403);
      expect(res.text).not.toContain('Agile basics');
    }
  });
});
