/**
 * The per-course Listening page through real launches: who sees which course (the course's
 * instructor, a platform administrator for any course of the deployment; 403 for another course's
 * instructor and for a learner; 404 for a course the deployment never launched, also for an
 * administrator of another platform), hostile ids and parameters answered 4xx, the figures of
 * seeded data asserted exactly through the exports, the topics with links to their texts, and
 * nothing of a held or hidden review or of an author's name anywhere.
 */
import type { TestPlatform } from '../../src/demo/test-platform';
import type { Review } from '../../src/storage/ports/reviews';
import type { Browser } from '../support/browser';
import { DAY, isoDay, LISTENING_COURSES, SEEDS, seedListeningCourse } from '../support/listening-course-seed';
import { openSession, type PanelSession } from '../support/review-session';
import { launch, startHarness, type Harness } from '../support/tool-harness';

let h: Harness;
let other: TestPlatform;
let now: Date;
let ago: (days: number) => Date;
let reviews: Review[];
let instructor21: PanelSession;
let admin: { browser: Browser; base: string };

async function adminOf(platform: TestPlatform = h.platform) {
  const { res, url, browser } = await launch(h, { user: 'admin', contextless: true, custom: { panel: 'catalogue' } }, platform);
  expect(res.status).toBe(200);
  return { browser, base: /^(.*\/s\/[A-Za-z0-9_-]+)/.exec(url)![1] };
}

beforeAll(async () => {
  h = await startHarness({ courses: LISTENING_COURSES });
  other = await h.addPlatform('other-lms', { courses: [{ id: '21', numericId: '21', label: 'EXCEL', title: 'Excel elsewhere' }] });
  instructor21 = await openSession(h, { sub: 'teacher-21', givenName: 'Tea', familyName: 'Cher', instructor: true }, { course: '21' });
  await openSession(h, { sub: 'teacher-22', instructor: true }, { course: '22' });
  ({ now, ago, reviews } = await seedListeningCourse(h));
  admin = await adminOf();
}, 60_000);

afterAll(async () => {
  await h.close();
});

const page21 = '/listening/courses/21';

describe('who sees a course’s listening page', () => {
  it('the course’s instructor sees it inside the course strip, without a link to the overview', async () => {
    const res = await instructor21.get(page21);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>Listening: Excel for accountants</h1>');
    expect(res.text).toContain('panel-header');
    expect(res.text).not.toContain('All courses');
  });

  it('an instructor of another course gets 403, and a learner of the course 403', async () => {
    const teacher22 = await openSession(h, { sub: 'teacher-22b', instructor: true }, { course: '22' });
    const refused = await teacher22.get(page21);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('FORBIDDEN_ROLE');
    expect(refused.text).not.toContain('Excel for accountants');
    const learner = await openSession(h, { sub: 'learner-21' }, { course: '21' });
    expect((await learner.get(page21)).status).toBe(403);
    expect((await learner.get(`${page21}?format=csv&table=ratings`)).status).toBe(403);
  });

  it('a platform administrator from the platform-level placement sees any course of the deployment, with the way back to the overview', async () => {
    for (const [id, title] of [['21', 'Excel for accountants'], ['22', 'Negotiation basics']]) {
      const res = await admin.browser.get(`${admin.base}/listening/courses/${id}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain(`Listening: ${title}`);
      expect(res.text).toContain(`href="${new URL(admin.base).pathname}/listening"`);
    }
  });

  it('a course the deployment never launched is 404, also for an administrator of another platform with the same context id', async () => {
    expect((await admin.browser.get(`${admin.base}/listening/courses/99`)).status).toBe(404);
    const elsewhere = await adminOf(other);
    const res = await elsewhere.browser.get(`${elsewhere.base}/listening/courses/21`);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('Excel for accountants');
  });

  it.each([
    ['a 300-character id', 400, `/listening/courses/${'a'.repeat(300)}`],
    ['markup in the id', 400, '/listening/courses/%3Cscript%3E'],
    ['an encoded slash', 400, '/listening/courses/..%2F..%2Fetc'],
    ['a NUL byte', 400, '/listening/courses/21%00'],
    ['broken percent-encoding', 404, '/listening/courses/%E0%A4%A'],
    ['an unknown bucket', 400, `${page21}?by=year`],
    ['a bucket array', 400, `${page21}?by=week&by=month`],
    ['a bucket object', 400, `${page21}?by[a]=week`],
    ['an unknown format', 400, `${page21}?format=xls&table=ratings`],
    ['an unknown table', 400, `${page21}?format=csv&table=secrets`],
    ['a format without a table', 400, `${page21}?format=json`],
    ['a topic with markup', 400, `${page21}/topics/%3Cb%3E`],
    ['a topic of three words', 400, `${page21}/topics/a%20b%20c`],
    ['a topic nobody wrote about', 404, `${page21}/topics/zebra`],
  ])('%s gets %i with a message', async (_what, status, path) => {
    const res = await admin.browser.get(`${admin.base}${path}`);
    expect(res.status).toBe(status);
    expect(res.text).toContain(status === 400 ? 'INVALID_INPUT' : 'NOT_FOUND');
    expect(res.text).toContain('class="error-reference"');
  });

  it('explains a refused parameter in the page’s language', async () => {
    const res = await admin.browser.get(`${admin.base}${page21}?by=year`);
    expect(res.text).toContain('The timeline is shown by “week” or by “month”.');
  });
});

/** The table as its JSON export gives it. */
async function exported(table: string, by = 'month') {
  const res = await admin.browser.get(`${admin.base}${page21}?by=${by}&format=json&table=${table}`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  return JSON.parse(res.text) as { caption: string; columns: Array<{ key: string }>; rows: Array<Record<string, string | number | null>> };
}

const published = () => SEEDS.map((seed, i) => ({ seed, i })).filter(({ seed }) => !seed.status);
const monthStart = (at: Date) => `${at.toISOString().slice(0, 7)}-01`;

describe('the figures', () => {
  it('rates by month over the last 12 months from the first rated month, with the number of ratings under each point', async () => {
    // Independent of the page's code: walk the months from the oldest rating inside the 12 months.
    const windowStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1);
    const inWindow = published().filter(({ seed }) => ago(seed.daysAgo).getTime() >= windowStart);
    const first = new Date(Math.min(...inWindow.map(({ seed }) => ago(seed.daysAgo).getTime())));
    const expected: Array<{ period: string; average: number | null; ratings: number }> = [];
    for (let m = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1)); m <= now; m = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1))) {
      const ratings = inWindow.filter(({ seed }) => monthStart(ago(seed.daysAgo)) === isoDay(m)).map(({ seed }) => seed.rating);
      expected.push({ period: isoDay(m), ratings: ratings.length, average: ratings.length ? Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 100) / 100 : null });
    }
    const table = await exported('ratings');
    expect(table.rows).toEqual(expected);
    expect(table.rows.reduce((n, row) => n + (row.ratings as number), 0)).toBe(5);
  });

  it('rates by week too: Monday-started weeks, the same five ratings', async () => {
    const table = await exported('ratings', 'week');
    const monday = (at: Date) => isoDay(new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()) - ((at.getUTCDay() + 6) % 7) * DAY));
    for (const { seed } of published().filter(({ seed }) => seed.daysAgo < 365)) {
      const row = table.rows.find((r) => r.period === monday(ago(seed.daysAgo)));
      expect(row).toBeDefined();
    }
    expect(table.rows.reduce((n, row) => n + (row.ratings as number), 0)).toBe(5);
    for (const row of table.rows) expect(new Date(`${row.period}T00:00:00Z`).getUTCDay()).toBe(1);
  });

  it('marks the version and both actions on the timeline, and exports their labels without running a formula', async () => {
    const markers = await exported('markers');
    expect(markers.rows).toEqual([
      { date: isoDay(ago(30)), kind: 'version', what: 'Spring revision' },
      { date: isoDay(ago(30)), kind: 'action', what: 'Slow down the pace of week 2 (Done)' },
      { date: isoDay(ago(2)), kind: 'action', what: '=HYPERLINK("http://x") Add a glossary (Planned)' },
    ].sort((a, b) => a.date.localeCompare(b.date)));
    const csv = await admin.browser.get(`${admin.base}${page21}?format=csv&table=markers`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="listening-course-markers.csv"');
    expect(csv.text.startsWith('\uFEFFDate,Kind,What\r\n')).toBe(true);
    expect(csv.text).toContain(`"'=HYPERLINK(""http://x"") Add a glossary (Planned)"`);
  });

  it('shows the before/after of the done action from the versions’ figures: 3.25 from 4 ratings before, 3.5 from 2 after', async () => {
    const table = await exported('actions');
    expect(table.rows).toEqual([{ action: 'Slow down the pace of week 2', version: 'Spring revision', beforeAverage: 3.25, beforeCount: 4, afterAverage: 3.5, afterCount: 2 }]);
  });

  it('draws aspects over time from the published reviews', async () => {
    const table = await exported('aspects');
    expect(table.columns.map((c) => c.key)).toEqual(['period', 'content', 'trainer']);
    const content = new Map<string, number[]>();
    for (const { seed } of published()) if (seed.aspects?.content) content.set(monthStart(ago(seed.daysAgo)), [...(content.get(monthStart(ago(seed.daysAgo))) ?? []), seed.aspects.content]);
    for (const [month, values] of content) {
      expect(table.rows.find((r) => r.period === month)?.content).toBe(Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100);
    }
    expect(table.rows.filter((r) => r.trainer !== null)).toEqual([expect.objectContaining({ period: monthStart(ago(3)), trainer: 4 })]);
  });

  it('counts sentences by sentiment per kind of text: held and hidden reviews are not read', async () => {
    const table = await exported('sentiment');
    expect(table.rows).toEqual([
      { kind: 'review', texts: 6, positive: 6, negative: 6, neutral: 2 },
      { kind: 'idea', texts: 1, positive: 0, negative: 0, neutral: 2 },
      { kind: 'comment', texts: 1, positive: 0, negative: 0, neutral: 1 },
    ]);
  });

  it('groups topics across reviews, ideas and comments with their counts, shares and 30-day trend', async () => {
    const table = await exported('topics');
    expect(table.rows).toEqual([
      { topic: 'exercises', texts: 5, negative: 0.2, positive: 0.4, recent: 4, previous: 1 },
      { topic: 'pace', texts: 4, negative: 0.75, positive: 0, recent: 2, previous: 1 },
      { topic: 'slides', texts: 3, negative: 0.333, positive: 0.667, recent: 0, previous: 0 },
      { topic: 'slow', texts: 2, negative: 0.5, positive: 0, recent: 1, previous: 1 },
    ]);
  });
});

describe('topics and their texts', () => {
  it('links each topic of the page to its texts', async () => {
    const res = await instructor21.get(page21);
    const path = new URL(instructor21.base).pathname;
    expect(res.text).toContain(`<a href="${path}/listening/courses/21/topics/exercis">exercises</a>`);
    expect(res.text).toContain(`<a href="${path}/listening/courses/21/topics/pace">pace</a>`);
  });

  it('shows the texts that mention a topic, newest first, with the sentences naming it: no hidden or held text, no author name', async () => {
    const res = await admin.browser.get(`${admin.base}${page21}/topics/pace`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Topic “pace”');
    expect(res.text).toContain('4 texts mention it: 3 (75%) negative, 0 (0%) positive; 2 in the last 30 days, 1 in the 30 days before.');
    const ids = [...res.text.matchAll(/<li class="lc-mention[^"]*" id="([^"]+)"/g)].map((m) => m[1]);
    const comment = ids.find((id) => id.startsWith('comment-'));
    expect(ids).toEqual([`review-${reviews[1].id}`, comment, `review-${reviews[2].id}`, `review-${reviews[3].id}`]);
    expect(res.text).toContain('Review by Learner');
    expect(res.text).toContain('<q>The pace was far too fast.</q> <span class="lc-sentiment lc-sentiment--negative">(negative)</span>');
    for (const secret of ['Hidden', 'held', 'Secretname', 'learner-']) expect(res.text).not.toContain(secret);
  });

  it('never lists a hidden or held review under any topic', async () => {
    for (const topic of ['exercis', 'pace', 'slid', 'slow']) {
      const res = await instructor21.get(`${page21}/topics/${topic}`);
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(reviews[6].id);
      expect(res.text).not.toContain(reviews[7].id);
    }
  });
});
