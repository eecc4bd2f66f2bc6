/**
 * The reviews panel for learners, through real launches: rate and review, edit, delete, read with
 * sorts, filters and cursor pages, helpful votes and reports, held reviews, the minimum-count rule.
 */
import { openSession, reviewIds, settingsForm } from '../support/review-session';

const firstReviewId = (html: string): string => reviewIds(html)[0];
import { startHarness, type Harness } from '../support/tool-harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

const settings = settingsForm;

async function configure(overrides: Record<string, string | string[]> = {}) {
  const teacher = await openSession(h, 'instructor');
  const res = await teacher.post('/settings', settings(overrides));
  expect(res.status).toBe(303);
  return teacher;
}

describe('rating and reviewing', () => {
  it('when a learner launches without a panel, then the reviews panel opens with the summary first', async () => {
    const learner = await openSession(h, 'learner');
    const page = await learner.get('/reviews');
    expect(page.status).toBe(200);
    expect(page.text.indexOf('What learners think')).toBeLessThan(page.text.indexOf('Rate and review this course'));
    expect(learner.browser.trail.some((s) => s.url.endsWith('/reviews'))).toBe(true);
  });

  it('when a learner posts a review, then it is published with the "took this course" mark and the summary counts it', async () => {
    await configure();
    const learner = await openSession(h, { givenName: 'Ana', familyName: 'Lopez' });
    const res = await learner.post('/reviews', { rating: '4', title: 'Solid course', liked: 'Clear examples', improve: 'More exercises' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/done=posted/);
    const page = await learner.get('/reviews?done=posted');
    expect(page.text).toContain('Thank you: your review is published.');
    expect(page.text).toContain('Solid course');
    expect(page.text).toContain('Took this course');
    expect(page.text).toContain('4.0 out of 5, from 1 rating');
    expect(page.text).toContain('4 stars: 1 rating (100%)');

    const other = await openSession(h, { givenName: 'Ben', familyName: 'Okafor' });
    const seen = await other.get('/reviews');
    expect(seen.text).toContain('Solid course');
    expect(seen.text).toContain('By Ana L.');
  });

  it('when the learner edits the review, then the edit date shows and the summary follows the new rating', async () => {
    await configure();
    const learner = await openSession(h, {});
    await learner.post('/reviews', { rating: '2', liked: 'first' });
    await learner.post('/reviews', { rating: '5', liked: 'second thoughts' });
    const page = await learner.get('/reviews');
    expect(page.text).toContain('5.0 out of 5, from 1 rating');
    expect(page.text).toMatch(/edited \d/);
    expect(page.text).toContain('second thoughts');
    expect(page.text).not.toContain('>first<');
  });

  it('when the learner deletes the review, then it is gone and the summary no longer counts it', async () => {
    await configure();
    const learner = await openSession(h, {});
    await learner.post('/reviews', { rating: '3' });
    const res = await learner.post('/reviews/delete', {});
    expect(res.headers.location).toMatch(/done=deleted/);
    const page = await learner.get('/reviews');
    expect(page.text).toContain('No ratings yet');
    expect(page.text).toContain('Rate and review this course');
  });

  it('when the rating is missing or a text too long, then the form comes back with the problems and what was typed', async () => {
    const learner = await openSession(h, {});
    const missing = await learner.post('/reviews', { title: 'Kept title', liked: 'Kept text' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Choose an overall rating from 1 to 5 stars.');
    expect(missing.text).toContain('value="Kept title"');
    expect(missing.text).toContain('Kept text</textarea>');
    const long = await learner.post('/reviews', { rating: '4', title: 'x'.repeat(121) });
    expect(long.status).toBe(400);
    expect(long.text).toContain('120 characters at most');
    const bad = await learner.post('/reviews', { rating: '9' });
    expect(bad.status).toBe(400);
    expect((await learner.get('/reviews')).text).toContain('Rate and review this course');
  });

  it('rates the aspects the course switched on, and refuses aspects it did not', async () => {
    await configure({ aspects: ['content', 'trainer'] });
    const learner = await openSession(h, {});
    const page = await learner.get('/reviews');
    expect(page.text).toContain('Rate some aspects (optional)');
    expect(page.text).toContain('name="aspect_trainer"');
    expect(page.text).not.toContain('name="aspect_workload"');
    await learner.post('/reviews', { rating: '4', aspect_content: '5', aspect_trainer: '3', aspect_workload: '1' });
    const after = await learner.get('/reviews');
    expect(after.text).toMatch(/Content<\/dt><dd>5\.0 out of 5 \(1\)/);
    expect(after.text).toMatch(/Trainer<\/dt><dd>3\.0 out of 5 \(1\)/);
    expect(after.text).not.toContain('Workload</dt>');
  });

  it('when an instructor tries to post a review, then it is refused', async () => {
    const teacher = await openSession(h, 'instructor');
    const res = await teacher.post('/reviews', { rating: '5' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('REVIEW_LEARNERS_ONLY');
  });
});

describe('reading reviews', () => {
  it('sorts by recent, helpful, highest and lowest, filters by stars, and pages with cursors', async () => {
    await configure();
    const ratings = [5, 1, 4, 2, 5, 3, 4, 5, 1, 2, 4, 3];
    for (const [i, rating] of ratings.entries()) {
      const s = await openSession(h, { givenName: `L${i}`, familyName: 'Test' });
      await s.post('/reviews', { rating: String(rating), title: `Review number ${i}` });
    }
    const reader = await openSession(h, {});
    const first = await reader.get('/reviews?sort=highest');
    const titles = [...first.text.matchAll(/review__title-text">Review number (\d+)</g)].map((m) => Number(m[1]));
    expect(titles).toHaveLength(10);
    expect(titles.map((i) => ratings[i])).toEqual([...ratings].sort((a, b) => b - a).slice(0, 10));
    const next = /href="([^"]*cursor=[^"#]+)[^"]*" rel="next"/.exec(first.text)![1].replace(/&amp;/g, '&');
    const second = await reader.browser.get(new URL(next, h.baseUrl).href);
    const rest = [...second.text.matchAll(/review__title-text">Review number (\d+)</g)].map((m) => Number(m[1]));
    expect(rest).toHaveLength(2);
    expect(new Set([...titles, ...rest]).size).toBe(12);

    const lowest = await reader.get('/reviews?sort=lowest');
    expect([...lowest.text.matchAll(/review__title-text">Review number (\d+)</g)].map((m) => ratings[Number(m[1])]).slice(0, 2)).toEqual([1, 1]);
    const fives = await reader.get('/reviews?stars=5');
    expect([...fives.text.matchAll(/review__title-text">Review number (\d+)</g)].map((m) => ratings[Number(m[1])])).toEqual([5, 5, 5]);
    const recent = await reader.get('/reviews');
    expect(/review__title-text">Review number (\d+)</.exec(recent.text)![1]).toBe('11');
  });

  it('marks a review helpful once, undoes it, and refuses a vote on one’s own review', async () => {
    await configure();
    const author = await openSession(h, {});
    await author.post('/reviews', { rating: '5', title: 'Great' });
    const reader = await openSession(h, {});
    const page = await reader.get('/reviews');
    const id = firstReviewId(page.text);
    await reader.post(`/reviews/${id}/helpful`, { on: '1' });
    await reader.post(`/reviews/${id}/helpful`, { on: '1' });
    expect((await reader.get('/reviews')).text).toContain('1 person found this helpful');
    expect((await reader.get('/reviews')).text).toContain('aria-pressed="true"');
    await reader.post(`/reviews/${id}/helpful`, { on: '0' });
    expect((await reader.get('/reviews')).text).not.toContain('found this helpful');
    const own = await author.post(`/reviews/${id}/helpful`, { on: '1' });
    expect(own.status).toBe(400);
  });

  it('reports a review with a reason, once, and it reaches the moderation queue', async () => {
    const teacher = await configure();
    const author = await openSession(h, {});
    await author.post('/reviews', { rating: '1', title: 'Awful' });
    const reader = await openSession(h, {});
    const id = firstReviewId((await reader.get('/reviews')).text);
    expect((await reader.post(`/reviews/${id}/report`, { reason: 'nonsense' })).status).toBe(400);
    const res = await reader.post(`/reviews/${id}/report`, { reason: 'off-topic' });
    expect(res.headers.location).toMatch(/done=reported/);
    await reader.post(`/reviews/${id}/report`, { reason: 'spam' });
    expect((await reader.get('/reviews')).text).toContain('You reported this review.');
    const queue = await teacher.get('/reviews/moderation');
    expect(queue.text).toContain('Awful');
    expect(queue.text).toContain('Reports: Off-topic');
    expect(queue.text).not.toContain('Spam');
  });

  it('shows no summary and no texts to learners below the minimum number of ratings, but always to staff', async () => {
    await configure({ minRatings: '3' });
    const a = await openSession(h, {});
    await a.post('/reviews', { rating: '5', title: 'Lonely review' });
    const b = await openSession(h, {});
    const page = await b.get('/reviews');
    expect(page.text).toContain('Ratings are shown once 3 learners have rated this course');
    expect(page.text).not.toContain('Lonely review');
    expect(page.text).not.toContain('out of 5, from');
    const json = await b.get('/reviews/summary.json', { Accept: 'application/json' });
    expect(json.body).toEqual({ visible: false, minimum: 3 });
    const teacher = await openSession(h, 'instructor');
    expect((await teacher.get('/reviews')).text).toContain('Lonely review');
    for (const rating of ['4', '3']) await (await openSession(h, {})).post('/reviews', { rating });
    const now = await b.get('/reviews');
    expect(now.text).toContain('4.0 out of 5, from 3 ratings');
    expect(now.text).toContain('Lonely review');
  });

  it('follows the text visibility and author display settings', async () => {
    await configure({ textVisibility: 'nobody', authorDisplay: 'pseudonym' });
    const a = await openSession(h, { givenName: 'Zoé', familyName: 'Martin' });
    await a.post('/reviews', { rating: '5', title: 'Hidden text' });
    const b = await openSession(h, {});
    const page = await b.get('/reviews');
    expect(page.text).toContain('5.0 out of 5');
    expect(page.text).not.toContain('Hidden text');
    expect(page.text).toContain('only ratings are shown');
    await configure({ textVisibility: 'everyone', authorDisplay: 'pseudonym' });
    const shown = await b.get('/reviews');
    expect(shown.text).toContain('By Learner 1');
    expect(shown.text).not.toContain('Zoé');
  });
});

describe('held reviews and review windows', () => {
  it.each([
    ['an e-mail address', 'Write to me at ana.lopez@example.com', 'It contains an e-mail address.'],
    ['a phone number', 'Call 06 12 34 56 78 for notes', 'It contains a phone number.'],
    ['a link', 'See https://example.com/notes', 'It contains a link or web address.'],
  ])('when a review contains %s, then it is held, the author is told why, and nobody else sees it', async (_what, text, reason) => {
    await configure();
    const author = await openSession(h, {});
    const res = await author.post('/reviews', { rating: '4', liked: text });
    expect(res.headers.location).toMatch(/done=held/);
    const own = await author.get('/reviews?done=held');
    expect(own.text).toContain('Waiting for moderation.');
    expect(own.text).toContain(reason);
    expect(own.text).toContain('No ratings yet');
    const other = await openSession(h, {});
    expect((await other.get('/reviews')).text).not.toContain(text.slice(0, 12));
  });

  it('tells a French learner why the review is held, in French', async () => {
    await configure();
    const author = await openSession(h, { locale: 'fr' });
    await author.post('/reviews', { rating: '4', liked: 'Écrivez-moi : zoe@exemple.fr' });
    const page = await author.get('/reviews');
    expect(page.text).toContain('En attente de modération.');
    expect(page.text).toContain('Il contient une adresse électronique.');
  });

  it('holds every review when the course moderates before publishing, until an instructor approves', async () => {
    const teacher = await configure({ moderation: 'hold' });
    const author = await openSession(h, {});
    await author.post('/reviews', { rating: '5', title: 'Waiting' });
    const id = firstReviewId((await teacher.get('/reviews/moderation')).text);
    const approved = await teacher.post(`/reviews/${id}/moderate`, { action: 'approve', reason: 'Fine' });
    expect(approved.status).toBe(303);
    expect((await (await openSession(h, {})).get('/reviews')).text).toContain('Waiting');
  });

  it('opens reviews only after the date or the number of days the course set', async () => {
    await configure({ windowMode: 'after-days', windowDays: '7' });
    const learner = await openSession(h, {});
    const page = await learner.get('/reviews');
    expect(page.text).toMatch(/You can review this course from/);
    expect(page.text).not.toContain('id="review-form"');
    const res = await learner.post('/reviews', { rating: '5' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('REVIEW_WINDOW_CLOSED');
    await configure({ windowMode: 'after-date', windowDate: '2000-01-01' });
    expect((await learner.post('/reviews', { rating: '5' })).status).toBe(303);
  });
});
