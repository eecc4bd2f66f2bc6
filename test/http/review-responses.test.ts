/**
 * Official responses and the needs-attention list, through real launches: instructors respond (with a
 * thank-you text offered for good ratings), edit and remove; everyone sees the response under the
 * review with the responder's role; the author is told; learners cannot forge it; ids of another
 * course are not found; text is escaped.
 */
import { openSession } from '../support/review-session';
import { startHarness, type Harness } from '../support/tool-harness';
import { instructor, learnerReview, textOf } from './review-loop-helpers';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

describe('responding to reviews', () => {
  it('when an instructor responds, then the response shows under the review with the role, for everyone', async () => {
    const teacher = await instructor(h);
    const { learner, id } = await learnerReview(h, { rating: '2', title: 'Too fast' });
    const res = await teacher.post(`/reviews/${id}/respond`, { text: 'Thank you, we will slow the pace down.', back: new URL(`${teacher.base}/reviews`).pathname });
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/\/reviews\?done=responded#review-/);
    expect((await teacher.get('/reviews?done=responded')).text).toContain('The response is published under the review.');

    const other = await openSession(h, {});
    const seen = textOf((await other.get('/reviews')).text);
    expect(seen).toContain('Response from the course');
    expect(seen).toMatch(/Thank you, we will slow the pace down\./);
    expect(seen).toMatch(/Terry Teacher \(instructor\)/i);

    const own = textOf((await learner.get('/reviews')).text);
    expect(own).toContain('The course answered your review.');
    expect(own).toContain('Has it changed your view? Update your review below.');
  });

  it('offers an editable thank-you text for a good review, keeps one response per review and marks the edit', async () => {
    const teacher = await instructor(h);
    const { id } = await learnerReview(h, { rating: '5', title: 'Great' });
    const page = (await teacher.get('/reviews')).text;
    expect(page).toContain('A thank-you text is filled in: change it as you like.');
    expect(page).toContain('>Thank you for your review and for taking the time to share it.');
    await teacher.post(`/reviews/${id}/respond`, { text: 'Thanks a lot!' });
    await teacher.post(`/reviews/${id}/respond`, { text: 'Thanks a lot, see you in part 2!' });
    const after = textOf((await teacher.get('/reviews')).text);
    expect(after).toContain('Thanks a lot, see you in part 2!');
    expect(after).not.toContain('Thanks a lot! ');
    expect(after).toMatch(/edited \d/);
    expect((await teacher.post(`/reviews/${id}/respond`, { remove: '1' })).headers.location).toMatch(/done=responseRemoved/);
    expect(textOf((await teacher.get('/reviews')).text)).not.toContain('see you in part 2');
  });

  it('refuses an empty response with a clear message in the page’s language', async () => {
    const teacher = await instructor(h);
    const { id } = await learnerReview(h, { rating: '3' });
    const res = await teacher.post(`/reviews/${id}/respond`, { text: '   ' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Write the response (up to 2,000 characters), or remove it.');
    const french = await openSession(h, { instructor: true, locale: 'fr' });
    const fr = await french.post(`/reviews/${id}/respond`, { text: '' });
    expect(fr.status).toBe(400);
    expect(fr.text).toContain('Écrivez la réponse (jusqu’à 2\u202f000 caractères), ou retirez-la.');
  });

  it('refuses a learner forging a response (403) and answers 404 for a review of another course', async () => {
    await instructor(h);
    const { id } = await learnerReview(h, { rating: '1' });
    const learner = await openSession(h, {});
    const forged = await learner.post(`/reviews/${id}/respond`, { text: 'I am the teacher now' });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('FORBIDDEN_ROLE');
    expect((await learner.get('/reviews/loop')).status).toBe(403);

    const other = await h.addPlatform('other-lms');
    const strangerTeacher = await openSession(h, 'instructor', { platform: other });
    expect((await strangerTeacher.post(`/reviews/${id}/respond`, { text: 'Hello from elsewhere' })).status).toBe(404);
    expect(textOf((await learner.get('/reviews')).text)).not.toContain('Hello from elsewhere');
  });

  it('escapes the response everywhere it is shown', async () => {
    const teacher = await instructor(h);
    const { id } = await learnerReview(h, { rating: '2' });
    await teacher.post(`/reviews/${id}/respond`, { text: '<script>alert(1)</script><img src=x onerror=alert(2)>' });
    for (const page of [(await teacher.get('/reviews')).text, (await (await openSession(h, {})).get('/reviews')).text, (await teacher.get(`/reviews/loop?review=${id}`)).text]) {
      expect(page).not.toContain('<script>alert(1)');
      expect(page).not.toContain('<img src=x');
      expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });
});

describe('needs attention', () => {
  it('lists low ratings without a response, reported reviews and ratings moved down, and counts them on the panel', async () => {
    const teacher = await instructor(h);
    await learnerReview(h, { rating: '1', title: 'Low one' });
    await learnerReview(h, { rating: '5', title: 'Happy one' });
    const { id: reportedId } = await learnerReview(h, { rating: '4', title: 'Reported one' });
    const { learner: mover } = await learnerReview(h, { rating: '5', title: 'Mover' });
    await mover.post('/reviews', { rating: '3', title: 'Mover' });
    await (await openSession(h, {})).post(`/reviews/${reportedId}/report`, { reason: 'spam' });

    expect(textOf((await teacher.get('/reviews')).text)).toContain('Needs attention (3) · actions and versions');
    const loop = textOf((await teacher.get('/reviews/loop')).text);
    expect(loop).toContain('Low one');
    expect(loop).toContain('Reported one');
    expect(loop).toContain('Mover');
    const listPart = loop.slice(loop.indexOf('Needs attention'), loop.indexOf('Corrective actions'));
    expect(listPart).not.toContain('Happy one');
  });

  it('drops a review from the list once answered', async () => {
    const teacher = await instructor(h);
    const { id } = await learnerReview(h, { rating: '2', title: 'Needs an answer' });
    expect(textOf((await teacher.get('/reviews')).text)).toContain('Needs attention (1)');
    await teacher.post(`/reviews/${id}/respond`, { text: 'Answered.' });
    expect(textOf((await teacher.get('/reviews')).text)).toContain('Needs attention (0)');
    expect(textOf((await teacher.get('/reviews/loop')).text)).toContain('Nothing needs your attention.');
  });
});

describe('the invitation to review', () => {
  it('shows once the window is open, can be postponed a week or dismissed for good, and never to instructors', async () => {
    await instructor(h);
    const learner = await openSession(h, {});
    const first = textOf((await learner.get('/reviews')).text);
    expect(first).toContain('You can now review this course');
    const later = await learner.post('/reviews/invite', { choice: 'later' });
    expect(later.headers.location).toMatch(/done=invitePostponed/);
    const postponed = textOf((await learner.get('/reviews?done=invitePostponed')).text);
    expect(postponed).toContain('We will remind you next week.');
    expect(postponed).not.toContain('You can now review this course');
    expect((await learner.post('/reviews/invite', { choice: 'never' })).headers.location).toMatch(/done=inviteDismissed/);
    expect((await learner.post('/reviews/invite', { choice: 'maybe' })).status).toBe(400);

    const other = await openSession(h, {});
    await other.post('/reviews', { rating: '4' });
    expect(textOf((await other.get('/reviews')).text)).not.toContain('You can now review this course');
    const teacher = await openSession(h, 'instructor');
    expect(textOf((await teacher.get('/reviews')).text)).not.toContain('You can now review this course');
    expect((await teacher.post('/reviews/invite', { choice: 'never' })).status).toBe(403);
  });

  it('waits for the review window', async () => {
    await instructor(h, { windowMode: 'after-date', windowDate: '2999-01-01' });
    const learner = await openSession(h, {});
    expect(textOf((await learner.get('/reviews')).text)).not.toContain('You can now review this course');
  });
});
