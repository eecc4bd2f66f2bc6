/**
 * The admin page of external catalogue sources through real launches from the test platform: only
 * platform administrators (institution or system Administrator) reach it, forms need the session's
 * CSRF token, sources are added, refreshed, shown with their status and removed, within the
 * launching deployment only.
 */
import { ROLE } from '../../src/demo/test-platform/constants';
import { findForm } from '../support/browser';
import { startFeedServer, type FeedServer } from '../support/feed-server';
import { launch, startHarness, type Harness } from '../support/tool-harness';

let h: Harness;
let feeds: FeedServer;
const deployment = () => ({ issuer: h.platform.issuer, clientId: h.platform.clientId, deploymentId: h.platform.deploymentId });

beforeAll(async () => {
  feeds = await startFeedServer();
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
  await feeds.close();
});

/** An editing teacher who is also an institution administrator (the "extra role" of the brief). */
const adminTeacher = { sub: 'admin-teacher-1', name: 'Ada Admin', givenName: 'Ada', familyName: 'Admin', roles: [ROLE.instructor, ROLE.institutionAdministrator], membershipRoles: ['Instructor'] };

async function openAs(user: Parameters<typeof launch>[1]['user'], locale?: string) {
  const { res, url, browser } = await launch(h, { user, ...(locale ? { locale } : {}) });
  expect(res.status).toBe(200);
  const base = /^(.*\/s\/[A-Za-z0-9_-]+)\//.exec(url)![1];
  return { browser, base, sources: `${base}/catalogue/sources` };
}

describe('who may manage sources', () => {
  it.each([
    ['a learner', 'learner' as const],
    ['an editing teacher', 'instructor' as const],
    ['a teaching assistant', 'teachingAssistant' as const],
  ])('%s gets 403 on every request, read or write', async (_who, user) => {
    const { browser, sources } = await openAs(user);
    const page = await browser.get(sources);
    expect(page.status).toBe(403);
    expect(page.text).toContain('FORBIDDEN_PLATFORM_ADMIN');
    expect(page.text).toContain('Only administrators of the platform can manage external catalogue sources.');
    // With the session's own (valid) CSRF token, still refused.
    const token = /name="csrf-token" content="([^"]+)"/.exec((await browser.get(sources.replace('/catalogue/sources', '/reviews'))).text)?.[1] ?? '';
    expect(token).not.toBe('');
    const post = await browser.post(sources, { _csrf: token, name: 'X', url: `${feeds.baseUrl}/rss` });
    expect(post.status).toBe(403);
    expect(post.text).toContain('FORBIDDEN_PLATFORM_ADMIN');
    expect(await h.storage.externalSources.listSources(deployment())).toEqual([]);
  });

  it('the Moodle site admin and a teacher with an institution Administrator role get the page', async () => {
    for (const user of ['admin' as const, adminTeacher]) {
      const { browser, sources } = await openAs(user);
      const page = await browser.get(sources);
      expect(page.status).toBe(200);
      expect(page.text).toContain('External catalogue sources');
    }
  });

  it('in French, the refusal and the page are in French', async () => {
    const learner = await openAs('learner', 'fr-FR');
    expect((await learner.browser.get(learner.sources)).text).toContain('Seuls les administrateurs de la plateforme');
    const admin = await openAs(adminTeacher, 'fr-FR');
    expect((await admin.browser.get(admin.sources)).text).toContain('Sources externes du catalogue');
  });
});

describe('managing sources', () => {
  it('adds a source, fetches it now, shows it up to date, then removes it', async () => {
    const { browser, sources } = await openAs('admin');
    const empty = (await browser.get(sources)).text;
    // The add form: the first form on a page without sources.
    const addForm = findForm(empty)!;
    expect(addForm.fields._csrf).toBeTruthy();
    expect(new URL(addForm.action, h.baseUrl).href).toBe(sources);
    const added = await browser.post(addForm.action, { ...addForm.fields, name: 'Open MOOC', url: `${feeds.baseUrl}/rss`, language: 'en' });
    expect(added.status).toBe(303);
    expect(added.headers.location).toMatch(/\/catalogue\/sources\?done=added$/);
    const listed = await browser.get(added.headers.location);
    expect(listed.text).toContain('The source was added.');
    expect(listed.text).toContain('Open MOOC');
    expect(listed.text).toContain('Status: waiting for its first fetch');

    const id = /data-source-id="([^"]+)"/.exec(listed.text)![1];
    const refreshed = await browser.post(`${sources}/${id}/refresh`, { _csrf: addForm.fields._csrf });
    expect(refreshed.status).toBe(303);
    const after = await browser.get(refreshed.headers.location);
    expect(after.text).toContain('Fetched: 2 entries.');
    expect(after.text).toContain('Status: up to date');
    expect(await h.storage.externalSources.listEntries(deployment())).toHaveLength(2);

    const removed = await browser.post(`${sources}/${id}/remove`, { _csrf: addForm.fields._csrf });
    expect(removed.headers.location).toMatch(/done=removed$/);
    expect((await browser.get(removed.headers.location)).text).toContain('No external source yet.');
    expect(await h.storage.externalSources.listEntries(deployment())).toEqual([]);
  });

  it('shows a failing source as failing, with the reason in the page language, and its earlier entries kept', async () => {
    const { browser, sources } = await openAs(adminTeacher, 'fr-FR');
    const token = findForm((await browser.get(sources)).text)!.fields._csrf;
    await browser.post(sources, { _csrf: token, name: 'Intranet', url: `${feeds.baseUrl}/html` });
    const id = /data-source-id="([^"]+)"[^>]*>\s*<h3>Intranet/.exec((await browser.get(sources)).text)![1];
    const failed = await browser.post(`${sources}/${id}/refresh`, { _csrf: token });
    const page = await browser.get(failed.headers.location);
    expect(page.text).toContain('La récupération a échoué\u202f: L’adresse renvoie une page web, pas un flux.');
    expect(page.text).toContain('data-status="failing"');
    expect(page.text).toContain('L’adresse renvoie une page web, pas un flux (1 tentative échouée).');
    await browser.post(`${sources}/${id}/remove`, { _csrf: token });
  });

  it('refuses a form without the CSRF token, or from another site, and writes nothing', async () => {
    const { browser, sources } = await openAs('admin');
    const without = await browser.post(sources, { name: 'X', url: `${feeds.baseUrl}/rss` });
    expect(without.status).toBe(403);
    expect(without.text).toContain('CSRF_FAILED');
    const token = findForm((await browser.get(sources)).text)!.fields._csrf;
    const crossSite = await browser.post(sources, { _csrf: token, name: 'X', url: `${feeds.baseUrl}/rss` }, { 'Sec-Fetch-Site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const wrong = await browser.post(sources, { _csrf: token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), name: 'X', url: `${feeds.baseUrl}/rss` });
    expect(wrong.status).toBe(403);
    expect(await h.storage.externalSources.listSources(deployment())).toEqual([]);
  });

  it('gives the form back with a message at each field and what was typed kept (422)', async () => {
    const { browser, sources } = await openAs('admin');
    const token = findForm((await browser.get(sources)).text)!.fields._csrf;
    const res = await browser.post(sources, { _csrf: token, name: 'x'.repeat(121), url: 'javascript:alert(1)', language: 'de' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('The name is too long: 120 characters at most.');
    expect(res.text).toContain('The address must start with https:// (or http://).');
    expect(res.text).toContain('Choose a language from the list.');
    expect(res.text).toContain('value="javascript:alert(1)"');
    expect(res.text).toContain('aria-invalid="true"');
    const empty = await browser.post(sources, { _csrf: token });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Give the source a name.');
    expect(await h.storage.externalSources.listSources(deployment())).toEqual([]);
  });

  it('refuses a duplicate feed, answers 404 for a source of another deployment or a made-up id, and escapes what it shows', async () => {
    const { browser, sources } = await openAs('admin');
    const token = findForm((await browser.get(sources)).text)!.fields._csrf;
    await browser.post(sources, { _csrf: token, name: '<script>alert(1)</script>', url: `${feeds.baseUrl}/json` });
    const page = await browser.get(sources);
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect((await browser.post(sources, { _csrf: token, name: 'Again', url: `${feeds.baseUrl}/json` })).text).toContain('This feed is already a source.');

    const elsewhere = await h.storage.externalSources.addSource({ deployment: { ...deployment(), deploymentId: 'another' }, name: 'Other', url: `${feeds.baseUrl}/atom`, addedBy: 'x' }, new Date());
    expect((await browser.post(`${sources}/${elsewhere!.id}/remove`, { _csrf: token })).status).toBe(404);
    expect((await browser.post(`${sources}/${elsewhere!.id}/refresh`, { _csrf: token })).status).toBe(404);
    expect((await browser.post(`${sources}/..%2F..%2Fx/remove`, { _csrf: token })).status).toBe(404);
    expect(await h.storage.externalSources.findSource({ ...deployment(), deploymentId: 'another' }, elsewhere!.id)).not.toBeNull();
    const id = /data-source-id="([^"]+)"/.exec(page.text)![1];
    await browser.post(`${sources}/${id}/remove`, { _csrf: token });
  });
});
