/**
 * Hidden reviews hold: an author's edit never republishes what staff hid, and staff can find every
 * hidden review (reported or not) to restore it. Real launches, real routes.
 */
import { openSession, reviewIds, settingsForm } from '../support/review-session';
import { startHarness, type Harness } from '../support/tool-harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

/** The id of the review card in the viewer's own-review card (after the list of others' reviews). */
function ownReviewId(html: string): string {
  const section = html.slice(html.indexOf('id="your-review"'));
  const [id] = reviewIds(section.slice(0, section.indexOf('</section>')));
  if (!id) throw new Error('no own review on the page');
  return id;
}

const open = settingsForm({ authorDisplay: 'full', minRatings: '0', windowMode: 'any' });

describe('a hidden review edited by its author', () => {
  it('stays hidden, tells its French author why, counts nowhere and waits in the queue with an audit entry', async () => {
    const teacher = await openSession(h, 'instructor');
    await teacher.post('/settings', open);
    const other = await openSession(h, {});
    await other.post('/reviews', { rating: '2', title: 'Fair enough' });
    const author = await openSession(h, 'frenchLearner');
    await author.post('/reviews', { rating: '1', title: 'Rude words here' });
    const target = ownReviewId((await author.get('/reviews')).text);
    expect((await teacher.post(`/reviews/${target}/moderate`, { action: 'hide', reason: 'Insulte un collègue' })).status).toBe(303);
    const summaryHidden = (await teacher.get('/reviews/summary.json')).body;
    expect(summaryHidden).toMatchObject({ count: 1, average: 2 });

    const edit = await author.post('/reviews', { rating: '5', title: 'Polite now', liked: 'Everything' });
    expect(edit.status).toBe(303);
    expect(edit.headers.location).toMatch(/done=stillHidden/);
    const own = await author.get('/reviews?done=stillHidden');
    expect(own.text).toContain('Vos modifications sont enregistrées, mais votre avis reste masqué');
    expect(own.text).toContain('Masqué par un formateur\u202f: Insulte un collègue. Vos modifications sont enregistrées et attendent une nouvelle décision');

    const reader = await openSession(h, {});
    const readerPage = (await reader.get('/reviews')).text;
    expect(readerPage).not.toContain('Polite now');
    expect(readerPage).not.toContain('Rude words here');
    expect((await teacher.get('/reviews/summary.json')).body).toEqual(summaryHidden);

    const moderation = (await teacher.get('/reviews/moderation')).text;
    const queue = moderation.slice(moderation.indexOf('id="queue-title"'), moderation.indexOf('id="audit-title"'));
    expect(reviewIds(queue)).toEqual([target]);
    expect(queue).toContain('Polite now');
    expect(queue).toContain('value="restore"');
    expect(queue).toContain('Keep hidden');
    expect(moderation).toMatch(/\(edited their hidden review\)/);

    // Keeping it hidden answers the edit: the queue is empty again and the review still counts nowhere.
    expect((await teacher.post(`/reviews/${target}/moderate`, { action: 'hide', reason: 'Still not acceptable' })).status).toBe(303);
    const after = (await teacher.get('/reviews/moderation')).text;
    expect(reviewIds(after.slice(after.indexOf('id="queue-title"'), after.indexOf('id="audit-title"')))).toEqual([]);
    expect((await teacher.get('/reviews/summary.json')).body).toEqual(summaryHidden);
  });
});

describe('the Hidden view of the moderation page', () => {
  it('lists a hidden review nobody reported, filters by stars, and restores it with a reason', async () => {
    const teacher = await openSession(h, 'instructor');
    await teacher.post('/settings', open);
    const low = await openSession(h, {});
    await low.post('/reviews', { rating: '1', title: 'One star, hidden' });
    const high = await openSession(h, {});
    await high.post('/reviews', { rating: '4', title: 'Four stars, hidden' });
    const shown = await openSession(h, {});
    await shown.post('/reviews', { rating: '1', title: 'Still public' });
    const lowId = ownReviewId((await low.get('/reviews')).text);
    const highId = ownReviewId((await high.get('/reviews')).text);
    for (const id of [lowId, highId]) expect((await teacher.post(`/reviews/${id}/moderate`, { action: 'hide', reason: `Hidden ${id}` })).status).toBe(303);

    // Nobody reported them: the queue is empty, the Hidden view is where they are.
    const moderation = (await teacher.get('/reviews/moderation')).text;
    expect(reviewIds(moderation.slice(moderation.indexOf('id="queue-title"'), moderation.indexOf('id="audit-title"')))).toEqual([]);
    expect(moderation).toContain('/reviews/hidden">Hidden reviews</a>');
    const all = await teacher.get('/reviews/hidden');
    expect(all.status).toBe(200);
    expect(reviewIds(all.text)).toEqual([highId, lowId]);
    expect(all.text).toContain(`Hidden by an instructor: Hidden ${lowId}`);
    expect(all.text).not.toContain('Still public');
    // Labelled controls: the filter and each reason field.
    expect(all.text).toContain('<label for="hidden-stars">Stars</label>');
    expect(all.text).toContain(`<label for="reason-${lowId}">`);
    expect(all.text).toContain(`id="reason-${lowId}" name="reason" maxlength="500" required`);

    const oneStar = await teacher.get('/reviews/hidden?stars=1');
    expect(reviewIds(oneStar.text)).toEqual([lowId]);
    expect(oneStar.text).toMatch(/<option value="1" selected>/);
    expect(reviewIds((await teacher.get('/reviews/hidden?stars=5')).text)).toEqual([]);
    expect((await teacher.get('/reviews/hidden?stars=5')).text).toContain('No hidden review has this rating.');
    for (const bad of ['stars=9', 'stars=__proto__', 'cursor=not-a-cursor', 'cursor=%3Cscript%3E']) {
      expect((await teacher.get(`/reviews/hidden?${bad}`)).status).toBe(400);
    }

    expect((await teacher.post(`/reviews/${lowId}/moderate`, { action: 'restore', reason: '', from: 'hidden' })).status).toBe(400);
    const restored = await teacher.post(`/reviews/${lowId}/moderate`, { action: 'restore', reason: 'Nothing wrong after all', from: 'hidden' });
    expect(restored.status).toBe(303);
    expect(restored.headers.location).toMatch(/\/reviews\/hidden\?done=moderated$/);
    expect(reviewIds((await teacher.get('/reviews/hidden')).text)).toEqual([highId]);
    expect((await (await openSession(h, {})).get('/reviews')).text).toContain('One star, hidden');
    const log = (await teacher.get('/reviews/moderation')).text;
    expect(log).toContain('(restored a review)</time>: <q>Nothing wrong after all</q>');
  });

  it('is for instructors only', async () => {
    const learner = await openSession(h, {});
    expect((await learner.get('/reviews/hidden')).status).toBe(403);
  });
});
