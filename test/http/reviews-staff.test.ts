/**
 * Instructors on the reviews panel, and what nobody may do: settings and moderation with the role
 * checked on the server, the audit log, the response rate, CSV export, cross-course and
 * cross-platform attempts, CSRF, escaped output, and an exact summary under concurrent writes.
 */
import { openSession, reviewIds } from '../support/review-session';

const firstReviewId = (html: string): string => reviewIds(html)[0];
import { startHarness, type Harness } from '../support/tool-harness';
import { textOf } from './review-loop-helpers';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

const open = { reviewsEnabled: 'on', consumerGroupEnabled: 'on', textVisibility: 'everyone', moderation: 'immediate', authorDisplay: 'full', minRatings: '0', windowMode: 'any' };

async function reviewIdOn(text: string): Promise<string> {
  return firstReviewId(text);
}

describe('course settings', () => {
  it('are read and saved by instructors, with the change in the audit log', async () => {
    const teacher = await openSession(h, 'instructor');
    const page = await teacher.get('/settings');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Course settings');
    expect(page.text).toContain('name="minRatings" min="0" max="50" step="1" value="3"');
    const res = await teacher.post('/settings', { ...open, minRatings: '5', aspects: ['content', 'workload'] });
    expect(res.headers.location).toMatch(/done=saved/);
    const saved = await teacher.get('/settings?done=saved');
    expect(saved.text).toContain('Settings saved.');
    expect(saved.text).toContain('value="5"');
    expect(saved.text).toMatch(/value="workload" id="set-aspect-workload" checked/);
    expect((await teacher.get('/reviews/moderation')).text).toContain('changed the settings');
  });

  it('explain invalid values and keep the previous settings', async () => {
    const teacher = await openSession(h, 'instructor');
    const res = await teacher.post('/settings', { ...open, minRatings: '-2', textVisibility: 'world', windowMode: 'after-date', windowDate: 'tomorrow' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('The minimum number of ratings is a whole number from 0 to 50.');
    expect(res.text).toContain('Enter a date (YYYY-MM-DD)');
    expect(res.text).toContain('One of the choices was not recognised');
    expect((await teacher.get('/settings')).text).toContain('value="3"');
  });

  it('are refused to a learner, even when the learner forges the request', async () => {
    const learner = await openSession(h, 'learner');
    expect((await learner.get('/settings')).status).toBe(403);
    const forged = await learner.post('/settings', { ...open, reviewsEnabled: '' });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('FORBIDDEN_ROLE');
    expect((await learner.get('/reviews')).status).toBe(200);
  });

  it('switching the panel off gives learners a clear page and keeps it for instructors', async () => {
    const teacher = await openSession(h, 'instructor');
    await teacher.post('/settings', { ...open, reviewsEnabled: '' });
    const learner = await openSession(h, {});
    const res = await learner.get('/reviews');
    expect(res.status).toBe(403);
    expect(res.text).toContain('This panel is switched off in this course.');
    expect((await teacher.get('/reviews')).status).toBe(200);
  });
});

describe('moderation', () => {
  it('hides and restores a review with a reason, logged with who, when, what and why', async () => {
    const teacher = await openSession(h, 'instructor');
    await teacher.post('/settings', open);
    const author = await openSession(h, {});
    await author.post('/reviews', { rating: '1', title: 'Rude words here' });
    const id = await reviewIdOn((await teacher.get('/reviews')).text);
    expect((await teacher.post(`/reviews/${id}/moderate`, { action: 'hide', reason: '' })).status).toBe(400);
    expect((await teacher.post(`/reviews/${id}/moderate`, { action: 'hide', reason: 'Insults a colleague' })).status).toBe(303);
    const reader = await openSession(h, {});
    expect((await reader.get('/reviews')).text).not.toContain('Rude words here');
    expect((await author.get('/reviews')).text).toContain('Hidden by an instructor: Insults a colleague');
    const log = await teacher.get('/reviews/moderation');
    expect(log.text).toContain('Terry Teacher (hid a review)');
    expect(log.text).toContain('Insults a colleague');
    await teacher.post(`/reviews/${id}/moderate`, { action: 'restore', reason: 'Author apologised' });
    expect((await reader.get('/reviews')).text).toContain('Rude words here');
  });

  it('refuses moderation by a learner who forges the request', async () => {
    const author = await openSession(h, {});
    await author.post('/reviews', { rating: '2', title: 'Target' });
    const learner = await openSession(h, {});
    const id = await reviewIdOn((await (await openSession(h, 'instructor')).get('/reviews')).text);
    const forged = await learner.post(`/reviews/${id}/moderate`, { action: 'hide', reason: 'mine now' });
    expect(forged.status).toBe(403);
    expect((await learner.get('/reviews/moderation')).status).toBe(403);
    expect((await learner.get('/reviews/export.csv')).status).toBe(403);
  });

  it('shows instructors the response rate out of the course learners from Names and Roles', async () => {
    const author = await openSession(h, 'learner');
    await author.post('/reviews', { rating: '4' });
    const page = await (await openSession(h, 'instructor')).get('/reviews');
    // The test course enrols two learners (Sam and Camille).
    expect(textOf(page.text)).toContain('1 of the 2 learners now enrolled has reviewed this course (50%).');
    expect(textOf(page.text)).not.toContain('no longer enrolled');
  });

  it('when more people reviewed than the roster now holds, then the rate counts only enrolled learners (never above 100 %) and says how many reviews come from people who left', async () => {
    await (await openSession(h, 'learner')).post('/reviews', { rating: '4' });
    // Three reviewers who are not (or no longer) in the course's Names and Roles roster.
    for (let i = 0; i < 3; i++) await (await openSession(h, {})).post('/reviews', { rating: '3' });
    const text = textOf((await (await openSession(h, 'instructor')).get('/reviews')).text);
    expect(text).toContain('1 of the 2 learners now enrolled has reviewed this course (50%).');
    expect(text).toContain('3 reviews come from people no longer enrolled (not counted in the rate).');
    expect(text).not.toMatch(/\b[4-9] of the 2\b/);

    const french = (await openSession(h, { instructor: true, locale: 'fr' })).get('/reviews');
    const frText = (await french).text;
    expect(frText).toContain('1 apprenant sur les 2 inscrits a donné son avis sur ce cours (50\u202f%).');
    expect(frText).toContain('3 avis viennent de personnes qui ne sont plus inscrites (hors du taux).');
  });
});

describe('export', () => {
  it('gives the course’s reviews as CSV with a BOM, so French accents survive in spreadsheets', async () => {
    const author = await openSession(h, { givenName: 'Élodie', familyName: 'Brûlé' });
    await author.post('/reviews', { rating: '5', title: 'Très clair, « bravo »', liked: '=1+1' });
    const csv = await (await openSession(h, 'instructor')).get('/reviews/export.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv; charset=utf-8/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="reviews-/);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.text).toContain('Très clair, « bravo »');
    expect(csv.text).toContain('Élodie Brûlé');
    expect(csv.text).toContain("'=1+1");
    expect(csv.text.split('\r\n')[0]).toContain('previous_rating,response,response_by,response_at');
  });
});

describe('isolation and protection', () => {
  it('never lets a session act on a review of another course or another platform', async () => {
    await (await openSession(h, 'instructor')).post('/settings', open);
    const author = await openSession(h, {});
    await author.post('/reviews', { rating: '5', title: 'Course A review' });
    const id = await reviewIdOn((await (await openSession(h, 'instructor')).get('/reviews')).text);

    const other = await h.addPlatform('other-lms');
    const stranger = await openSession(h, 'learner', { platform: other });
    const strangerTeacher = await openSession(h, 'instructor', { platform: other });
    expect((await stranger.post(`/reviews/${id}/helpful`, { on: '1' })).status).toBe(404);
    expect((await stranger.post(`/reviews/${id}/report`, { reason: 'spam' })).status).toBe(404);
    expect((await strangerTeacher.post(`/reviews/${id}/moderate`, { action: 'hide', reason: 'x' })).status).toBe(404);
    expect((await stranger.get('/reviews')).text).not.toContain('Course A review');
    expect((await strangerTeacher.get('/reviews/export.csv')).text).not.toContain('Course A review');
    expect((await (await openSession(h, {})).get('/reviews')).text).toContain('Course A review');
  });

  it('limits writes per learner (429 with a clear page) while reads go on', async () => {
    const learner = await openSession(h, {});
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await learner.post('/reviews', { rating: String((i % 5) + 1) })).status);
    expect(statuses.slice(0, 30).every((s) => s === 303)).toBe(true);
    const limited = await learner.post('/reviews', { rating: '5' });
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('Too many requests');
    // The seconds left in the one-minute window that the first post opened (32 posts take a while on a loaded machine).
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await learner.get('/reviews')).status).toBe(200);
    // Another learner is not affected.
    expect((await (await openSession(h, {})).post('/reviews', { rating: '4' })).status).toBe(303);
  });

  it('refuses writes without the CSRF token or from another site', async () => {
    const learner = await openSession(h, {});
    const noToken = await learner.browser.post(`${learner.base}/reviews`, { rating: '5' });
    expect(noToken.status).toBe(403);
    expect(noToken.text).toContain('CSRF_FAILED');
    const crossSite = await learner.post('/reviews', { rating: '5' }, { 'Sec-Fetch-Site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect((await learner.get('/reviews')).text).toContain('Rate and review this course');
  });

  it('escapes every user text: XSS payloads come back as text', async () => {
    const payloads = [
      '<script>alert(1)</script>',
      '"><img src=x onerror=alert(1)>',
      "'><svg onload=alert(1)>",
      '<a href="javascript:alert(1)">x</a>',
      '</textarea><script>alert(2)</script>',
      '{{constructor.constructor("alert(1)")()}}',
      '<iframe srcdoc="<script>alert(1)</script>">',
    ];
    await (await openSession(h, 'instructor')).post('/settings', open);
    const author = await openSession(h, { givenName: '<b>Mal</b>', familyName: '<i>ory</i>' });
    await author.post('/reviews', { rating: '3', title: payloads[1], liked: payloads.join(' '), improve: payloads[4] });
    // Written by the author, seen by the author and staff (it may be held: javascript: reads as a link).
    for (const viewer of [author, await openSession(h, {}), await openSession(h, 'instructor')]) {
      const page = await viewer.get('/reviews');
      expect(page.text).not.toMatch(/<script>alert|<img src=x|<svg onload|<iframe srcdoc|<b>Mal<\/b>|<i>ory<\/i>/);
    }
    const seenByStaff = await (await openSession(h, 'instructor')).get('/reviews');
    const seenByAuthor = await author.get('/reviews');
    for (const page of [seenByStaff, seenByAuthor]) {
      expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page.text).toContain('&#34;&gt;&lt;img src=x onerror=alert(1)&gt;');
    }
    expect(seenByStaff.text).toContain('&lt;b&gt;Mal&lt;/b&gt;');
    const queue = await (await openSession(h, 'instructor')).get('/reviews/moderation');
    expect(queue.text).not.toMatch(/<script>alert|<img src=x/);
  });

  it('keeps the summary exact when many learners post and edit at the same time', async () => {
    const teacher = await openSession(h, 'instructor');
    await teacher.post('/settings', open);
    const learners = await Promise.all(Array.from({ length: 24 }, (_, i) => openSession(h, { sub: `c${i}` })));
    await Promise.all(learners.map((s, i) => s.post('/reviews', { rating: String((i % 5) + 1) })));
    // Half of them change their minds at once: 1→5, 2→5, …
    await Promise.all(learners.filter((_, i) => i % 2 === 0).map((s) => s.post('/reviews', { rating: '5' })));
    const expected = learners.map((_, i) => (i % 2 === 0 ? 5 : (i % 5) + 1));
    const json = await teacher.get('/reviews/summary.json', { Accept: 'application/json' });
    expect(json.body.count).toBe(24);
    const histogram = [1, 2, 3, 4, 5].map((n) => expected.filter((r) => r === n).length);
    expect(json.body.histogram).toEqual({ 1: histogram[0], 2: histogram[1], 3: histogram[2], 4: histogram[3], 5: histogram[4] });
    expect(json.body.average).toBe(Math.round((expected.reduce((a, b) => a + b, 0) / 24) * 10) / 10);
  });
});
