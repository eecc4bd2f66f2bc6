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

/** The id of the review card in the viewer's own-review section. */
function ownReviewId(html: string): string {
  const section = html.slice(html.indexOf('id="own-review"'));
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
