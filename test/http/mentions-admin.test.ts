/**
 * The mentions pages through real launches from the test platform: training managers (platform
 * administrators) add and remove feeds and set any course's keywords; an instructor sets their own
 * course's keywords and nothing else; a learner gets 403 everywhere. Forms need the session's CSRF
 * token, bad input comes back as 422 with what was typed, and a course's mentions are shown with
 * their sentiment in words and a link that opens in a new tab.
 */
import type { DeploymentKey } from '../../src/context/tenant';
import { ROLE } from '../../src/demo/test-platform/constants';
import { findForm } from '../support/browser';
import { launch, startHarness, type Harness } from '../support/tool-harness';

let h: Harness;
const deployment = (): DeploymentKey => ({ issuer: h.platform.issuer, clientId: h.platform.clientId, deploymentId: h.platform.deploymentId });
const courseKey = () => ({ ...deployment(), contextId: h.platform.course.id });

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

async function openAs(user: Parameters<typeof launch>[1]['user'], locale?: string) {
  const { res, url, browser } = await launch(h, { user, ...(locale ? { locale } : {}) });
  expect(res.status).toBe(200);
  const base = /^(.*\/s\/[A-Za-z0-9_-]+)\//.exec(url)![1];
  const token = /name="csrf-token" content="([^"]+)"/.exec((await browser.get(url)).text)?.[1] ?? '';
  return { browser, base, token, mentions: `${base}/listening/mentions`, coursePage: `${base}/listening/mentions/courses/${encodeURIComponent(h.platform.course.id)}` };
}

describe('who may do what', () => {
  it('a learner gets 403 on every page and every write, even with the session’s own CSRF token', async () => {
    const { browser, mentions, coursePage, token } = await openAs('learner');
    expect(token).not.toBe('');
    for (const page of [mentions, coursePage]) expect((await browser.get(page)).status).toBe(403);
    expect((await browser.post(`${mentions}/feeds`, { _csrf: token, name: 'X', url: 'https://social.example/tags/x.rss' })).status).toBe(403);
    expect((await browser.post(`${coursePage}/keywords`, { _csrf: token, keywords: 'python' })).status).toBe(403);
    expect(await h.storage.mentions.listFeeds(deployment())).toEqual([]);
    expect(await h.storage.mentions.findKeywords(courseKey())).toBeNull();
  });

  it('an instructor is sent to their own course, sets its keywords, and may neither add feeds nor open another course', async () => {
    const { browser, mentions, coursePage, token } = await openAs('instructor');
    const index = await browser.get(mentions);
    expect(index.status).toBe(303);
    expect(new URL(index.headers.location, h.baseUrl).href).toBe(coursePage);
    const page = await browser.get(coursePage);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('All feeds and courses');
    const saved = await browser.post(`${coursePage}/keywords`, { _csrf: token, keywords: 'Python avancé\nformation data' });
    expect(saved.status).toBe(303);
    expect((await h.storage.mentions.findKeywords(courseKey()))?.terms).toEqual(['Python avancé', 'formation data']);
    expect((await browser.post(`${mentions}/feeds`, { _csrf: token, name: 'X', url: 'https://social.example/tags/x.rss' })).status).toBe(403);
    expect((await browser.get(`${mentions}/courses/another-course`)).status).toBe(403);
    expect((await browser.post(`${mentions}/courses/another-course/keywords`, { _csrf: token, keywords: 'x y' })).status).toBe(403);
  });

  it('refuses a write without the CSRF token', async () => {
    const { browser, coursePage } = await openAs('admin');
    expect((await browser.post(`${coursePage}/keywords`, { keywords: 'hijacked' })).status).toBe(403);
  });
});

describe('a training manager', () => {
  it('adds a feed with the form, sees it with its state, and removes it', async () => {
    const { browser, mentions } = await openAs('admin');
    const page = await browser.get(mentions);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Mentions outside the LMS');
    expect(page.text).toContain(h.platform.course.title);
    const form = findForm(page.text.slice(page.text.indexOf('id="mention-add-heading"')))!;
    const added = await browser.post(form.action, { ...form.fields, name: 'Mastodon #python', url: 'https://social.example/tags/python.rss' });
    expect(added.status).toBe(303);
    const listed = await browser.get(new URL(added.headers.location, h.baseUrl).href);
    expect(listed.text).toContain('Feed added');
    expect(listed.text).toContain('Status: waiting for its first reading');
    const [feed] = await h.storage.mentions.listFeeds(deployment());
    expect(feed).toMatchObject({ title: 'Mastodon #python', url: 'https://social.example/tags/python.rss' });
    await h.storage.mentions.recordFetch(feed.id, { kind: 'failure', at: new Date(), nextAttemptAt: new Date(), error: 'http-status' });
    await h.storage.mentions.recordFetch(feed.id, { kind: 'failure', at: new Date(), nextAttemptAt: new Date(), error: 'timeout' });
    expect((await browser.get(mentions)).text).toContain('Status: failing (2 failed attempts in a row): the feed did not answer in time.');
    const remove = findForm(listed.text.slice(listed.text.indexOf(`data-feed-id="${feed.id}"`)))!;
    expect((await browser.post(remove.action, remove.fields)).status).toBe(303);
    expect(await h.storage.mentions.listFeeds(deployment())).toEqual([]);
    expect((await browser.post(remove.action, remove.fields)).status).toBe(404);
  });

  it('gets 422 with what was typed and a message per field for a bad feed, and for one already listed', async () => {
    const { browser, mentions, token } = await openAs('admin');
    const bad = await browser.post(`${mentions}/feeds`, { _csrf: token, name: '', url: 'ftp://files.example/<feed>' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Give the source a name.');
    expect(bad.text).toContain('value="ftp://files.example/&lt;feed&gt;"');
    expect(bad.text).toContain('aria-invalid="true"');
    await browser.post(`${mentions}/feeds`, { _csrf: token, name: 'Forum', url: 'https://forum.example/latest.rss' });
    const twice = await browser.post(`${mentions}/feeds`, { _csrf: token, name: 'Forum again', url: 'https://forum.example/latest.rss' });
    expect(twice.status).toBe(422);
    expect(twice.text).toContain('This feed is already listed.');
    expect(twice.text).toContain('value="Forum again"');
    const weird = await browser.post(`${mentions}/feeds`, { _csrf: token, name: ['a', 'b'], url: { $gt: '' } } as never);
    expect(weird.status).toBe(422);
  });

  it('sets a course’s keywords, gets 422 with its text kept when they are wrong, and 404 for a course the deployment never launched', async () => {
    const { browser, coursePage, mentions, token } = await openAs('admin');
    const page = await browser.get(coursePage);
    expect(page.text).toContain('All feeds and courses');
    const tooMany = Array.from({ length: 11 }, (_, i) => `term <${i}>`).join('\n');
    const wrong = await browser.post(`${coursePage}/keywords`, { _csrf: token, keywords: tooMany });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('Enter 10 keywords at most.');
    expect(wrong.text).toContain('term &lt;10&gt;</textarea>');
    expect((await browser.post(`${coursePage}/keywords`, { _csrf: token, keywords: 'agile' })).status).toBe(303);
    // A repeated or missing field is refused, never read as "no keywords".
    expect((await browser.post(`${coursePage}/keywords`, { _csrf: token, keywords: ['a', 'b'] } as never)).status).toBe(400);
    expect((await browser.post(`${coursePage}/keywords`, { _csrf: token })).status).toBe(400);
    expect((await h.storage.mentions.findKeywords(courseKey()))?.terms).toEqual(['agile']);
    expect((await browser.get(`${mentions}/courses/never-launched`)).status).toBe(404);
    expect((await browser.get(`${mentions}/courses/${'x'.repeat(300)}`)).status).toBe(404);
  });

  it('reads the course’s mentions with their sentiment in words and links that open in a new tab, in English and French', async () => {
    const feed = (await h.storage.mentions.addFeed({ deployment: deployment(), title: 'Forum interne', url: 'https://forum.example/f.atom', addedBy: 'admin' }, new Date()))!;
    await h.storage.mentions.recordFetch(feed.id, {
      kind: 'success', at: new Date('2026-11-06T10:00:00Z'), nextAttemptAt: new Date('2026-11-06T16:00:00Z'),
      mentions: [{ contextId: h.platform.course.id, entryKey: 't-1', title: 'Formation <b>confuse</b>', excerpt: 'Trop longue et confuse.', url: 'https://forum.example/t/1', publishedAt: new Date('2026-11-05T11:30:00Z'), language: 'fr', sentimentScore: -3, sentimentLabel: 'negative', keywords: ['agile', 'formation'] }],
    });
    const { browser, coursePage } = await openAs('admin');
    const en = (await browser.get(coursePage)).text;
    expect(en).toContain('Sentiment: Negative');
    expect(en).toContain('<a href="https://forum.example/t/1" target="_blank" rel="noopener noreferrer nofollow">Formation &lt;b&gt;confuse&lt;/b&gt; <span class="mention__new-tab">(opens in a new tab)</span></a>');
    expect(en).toContain('Matched: agile and formation');
    const fr = await openAs('admin', 'fr-FR');
    const french = (await fr.browser.get(fr.coursePage)).text;
    expect(french).toContain('Tonalité\u202f: Négative');
    expect(french).toContain('(s’ouvre dans un nouvel onglet)');
    expect(french).toContain('Mots-clés trouvés\u202f: agile et formation');
  });
});

describe('a teacher who is also an institution administrator', () => {
  it('manages the deployment’s feeds', async () => {
    const user = { sub: 'admin-teacher-m', name: 'Ada Admin', givenName: 'Ada', familyName: 'Admin', roles: [ROLE.instructor, ROLE.institutionAdministrator], membershipRoles: ['Instructor'] };
    const { browser, mentions } = await openAs(user);
    expect((await browser.get(mentions)).status).toBe(200);
  });
});
