/**
 * Learners' reviews pages come from a copy rendered once per course generation, with each viewer's
 * own parts filled in (panels/reviews/learner-page.ts). These tests hold it to two promises:
 * the page a learner gets is byte for byte the page a full render would give them, and any write
 * that changes what learners see shows on the very next view, for every learner.
 */
import { createLogger } from '../../src/http/logger';
import * as render from '../../src/http/render';
import { renderView } from '../../src/http/render';
import type { PanelDeps } from '../../src/panels/panel-deps';
import { flashFrom } from '../../src/panels/reviews/flash';
import { loadReviewsPage, parseListQuery } from '../../src/panels/reviews/reviews-page';
import { courseSettings } from '../../src/panels/settings/settings-defaults';
import { openSession, reviewIds, settingsForm, type PanelSession } from '../support/review-session';
import { startHarness, type Harness } from '../support/tool-harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

const settings = (overrides: Record<string, string | string[]> = {}) => settingsForm({ aspects: ['content', 'trainer'], ...overrides });

async function configure(overrides: Record<string, string | string[]> = {}): Promise<PanelSession> {
  const teacher = await openSession(h, 'instructor');
  expect((await teacher.post('/settings', settings(overrides))).status).toBe(303);
  return teacher;
}

async function reviewers(count: number, rating = (i: number) => String((i % 5) + 1)): Promise<PanelSession[]> {
  const sessions: PanelSession[] = [];
  for (let i = 0; i < count; i++) {
    const s = await openSession(h, { givenName: `Writer${i}`, familyName: 'Test' });
    expect((await s.post('/reviews', { rating: rating(i), title: `Title ${i}`, liked: `Liked <b>${i}</b>`, improve: `Improve ${i}`, aspect_content: '4' })).status).toBe(303);
    sessions.push(s);
  }
  return sessions;
}

/** What the full render (instructors' path, and the path before the cache) gives this learner for this URL. */
async function fullRender(who: PanelSession, path: string): Promise<string> {
  const sid = /\/s\/([A-Za-z0-9_-]+)$/.exec(who.base)![1];
  const session = (await h.storage.sessions.findSession(sid, new Date()))!;
  const deps: PanelDeps = {
    config: h.config,
    storage: h.storage,
    logger: createLogger('silent'),
    roster: { countLearners: async () => null, learnerIds: async () => null },
    gradebook: { targetOf: () => null, sendFullCredit: async () => undefined } as unknown as PanelDeps['gradebook'],
    now: () => new Date(),
  };
  const url = new URL(path, 'http://x');
  const query = Object.fromEntries(url.searchParams);
  const model = await loadReviewsPage(deps, session, await courseSettings(h.storage.settings, session.context.link), parseListQuery(query));
  return renderView('reviews/panel', session.context.locale, { ...model, flash: flashFrom(query.done, session.context.locale) });
}

async function expectSameAsFullRender(who: PanelSession, path: string): Promise<string> {
  const served = await who.get(path);
  expect(served.status).toBe(200);
  expect(served.text).toBe(await fullRender(who, path));
  return served.text;
}

describe('the page served from the shared copy', () => {
  it('is exactly the full render, for a learner without a review, on first and later pages, sorts, filters and flashes', async () => {
    await configure();
    await reviewers(13);
    const reader = await openSession(h, { givenName: 'Reader', familyName: 'One' });
    const first = await expectSameAsFullRender(reader, '/reviews');
    expect(reviewIds(first)).toHaveLength(10);
    expect(first).toContain('id="invite"');
    const next = /href="[^"]*\/reviews\?(cursor=[^"#]+)#reviews-list" rel="next"/.exec(first)![1];
    expect(reviewIds(await expectSameAsFullRender(reader, `/reviews?${next}`))).toHaveLength(3);
    await expectSameAsFullRender(reader, '/reviews?sort=helpful');
    await expectSameAsFullRender(reader, '/reviews?sort=lowest&stars=2');
    await expectSameAsFullRender(reader, '/reviews?done=reported');
    // Again: served from the copy (no page render at all) and still the same as a full render.
    const renders = jest.spyOn(render, 'renderView');
    const pageRenders = () => renders.mock.calls.filter(([view]) => view === 'reviews/panel').length;
    await reader.get('/reviews');
    expect(pageRenders()).toBe(0);
    expect(renders.mock.calls.map(([view]) => view)).toEqual(['partials/panel-header']);
    await expectSameAsFullRender(reader, '/reviews');
    // Another learner's view of the same page is a hit too: the copy is shared, not per person.
    const another = await openSession(h, { givenName: 'Reader', familyName: 'Other' });
    renders.mockClear();
    await expectSameAsFullRender(another, '/reviews');
    expect(pageRenders()).toBe(1); // the full render the test itself made for comparison
    renders.mockRestore();
  });

  it('is exactly the full render with the viewer’s helpful votes, reports, own review and notices', async () => {
    await configure();
    const [a, b] = await reviewers(3);
    const reader = await openSession(h, { givenName: 'Reader', familyName: 'Two' });
    const ids = reviewIds((await reader.get('/reviews')).text);
    expect((await reader.post(`/reviews/${ids[0]}/helpful`, { on: '1' })).status).toBe(303);
    expect((await reader.post(`/reviews/${ids[1]}/report`, { reason: 'spam' })).status).toBe(303);
    const page = await expectSameAsFullRender(reader, '/reviews');
    expect(page).toContain('aria-pressed="true"');
    // Someone else's page keeps the untouched state on the same cards.
    const other = await expectSameAsFullRender(a, '/reviews?sort=lowest');
    expect(other).not.toContain('aria-pressed="true"');
    expect(b).toBeDefined();
    // A reader whose own review is not on the listed page (filtered out) gets their own section filled in.
    expect((await reader.post('/reviews', { rating: '1', title: 'Mine' })).status).toBe(303);
    await expectSameAsFullRender(reader, '/reviews?stars=5');
    // …and one whose review is listed gets a full render that leaves it out of the list.
    const listed = await expectSameAsFullRender(reader, '/reviews?stars=1');
    expect(listed).toContain('Mine');
    // The own review is the card after the list; the list itself leaves it out.
    const ownId = reviewIds(listed.slice(listed.indexOf('id="your-review"')))[0];
    expect(ownId).toBeDefined();
    expect(reviewIds(listed.slice(listed.indexOf('id="reviews-list"'), listed.indexOf('id="your-review"')))).not.toContain(ownId);
  });

  it('is exactly the full render in French, and when the review window is not open yet', async () => {
    await configure({ windowMode: 'after-date', windowDate: '2999-01-01' });
    const french = await openSession(h, 'frenchLearner');
    const page = await expectSameAsFullRender(french, '/reviews');
    expect(page).toContain('lang="fr"');
    expect(page).not.toContain('id="review-form"');
  });

  it('gives each learner their own session links, CSRF token and name, never another’s', async () => {
    await configure();
    await reviewers(2);
    const ana = await openSession(h, { givenName: 'Ana', familyName: 'Alpha' });
    const ben = await openSession(h, { givenName: 'Ben', familyName: 'Beta' });
    const anaPage = (await ana.get('/reviews')).text;
    const benPage = (await ben.get('/reviews')).text;
    const sidOf = (s: PanelSession) => /\/s\/([A-Za-z0-9_-]+)$/.exec(s.base)![1];
    const tokenOf = (html: string) => [...new Set([...html.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]))];
    expect(tokenOf(anaPage)).toHaveLength(1);
    expect(tokenOf(benPage)).toHaveLength(1);
    expect(tokenOf(anaPage)[0]).not.toBe(tokenOf(benPage)[0]);
    expect(benPage).not.toContain(sidOf(ana));
    expect(benPage).not.toContain('Ana Alpha');
    expect(benPage).toContain('Ben Beta');
    expect(anaPage).not.toContain(sidOf(ben));
    expect(anaPage).not.toMatch(/lvhole[0-9a-f]{24}/);
    // Ben's token works for Ben's forms: the page is usable, not only pretty.
    const id = reviewIds(benPage)[0];
    expect((await ben.post(`/reviews/${id}/helpful`, { on: '1' })).status).toBe(303);
  });
});

describe('what other people do shows on the next view', () => {
  it('new, edited and deleted reviews, helpful counts, responses, hiding and settings reach a learner who already loaded the page', async () => {
    const teacher = await configure();
    const [writer] = await reviewers(1, () => '2');
    const reader = await openSession(h, { givenName: 'Reader', familyName: 'Three' });
    const before = (await reader.get('/reviews')).text;
    expect(reviewIds(before)).toHaveLength(1);

    const [second] = await reviewers(1, () => '5');
    expect(reviewIds((await reader.get('/reviews')).text)).toHaveLength(2);

    expect((await writer.post('/reviews', { rating: '3', title: 'Changed my mind' })).status).toBe(303);
    expect((await reader.get('/reviews')).text).toContain('Changed my mind');

    const id = reviewIds((await reader.get('/reviews?sort=highest')).text)[0];
    expect((await writer.post(`/reviews/${id}/helpful`, { on: '1' })).status).toBe(303);
    expect((await reader.get('/reviews?sort=highest')).text).toContain('1 person found this helpful');

    expect((await teacher.post(`/reviews/${id}/respond`, { text: 'Thanks, we are glad it helped.' })).status).toBe(303);
    expect((await reader.get('/reviews?sort=highest')).text).toContain('Thanks, we are glad it helped.');

    expect((await teacher.post(`/reviews/${id}/moderate`, { action: 'hide', reason: 'Test', from: 'list' })).status).toBe(303);
    expect(reviewIds((await reader.get('/reviews')).text)).not.toContain(id);

    expect((await second.post('/reviews/delete', {})).status).toBe(303);
    expect((await teacher.post('/settings', settings({ textVisibility: 'staff' }))).status).toBe(303);
    const hidden = (await reader.get('/reviews')).text;
    expect(reviewIds(hidden)).toHaveLength(0);
    expect(hidden).toContain('only staff read review texts');
  });
});
