/**
 * Corrective actions and course versions, through real launches: an instructor records an action
 * from reviews, linked reviews show it to everyone, the authors are told and invited to update, a
 * new version is started, the action is marked done in it, and the before/after figures follow the
 * updated ratings (hidden below the course's minimum). Forged and cross-course requests are refused.
 */
import { openSession } from '../support/review-session';
import { startHarness, type Harness } from '../support/tool-harness';
import { instructor, learnerReview, textOf } from './review-loop-helpers';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

describe('corrective actions', () => {
  it('when an action is recorded from reviews, then they show "Action taken" to everyone and the authors are invited to update', async () => {
    const teacher = await instructor(h);
    const { learner, id } = await learnerReview(h, { rating: '2', title: 'Videos too long' });
    const { id: second } = await learnerReview(h, { rating: '1', title: 'Way too long' });
    const form = (await teacher.get(`/reviews/loop?review=${id}`)).text;
    expect(form).toMatch(new RegExp(`value="${id}" id="choose-${id}" checked`));
    const res = await teacher.post('/reviews/actions', { reviews: [id, second], description: 'Split the videos into 5-minute parts', dueOn: '2027-01-15', status: 'planned' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/done=actionCreated#action-/);
    expect(textOf((await teacher.get('/reviews/loop?done=actionCreated')).text)).toContain('The action is recorded; the reviews it answers now show it.');

    const reader = textOf((await (await openSession(h, {})).get('/reviews')).text);
    expect(reader).toContain('Action taken: Split the videos into 5-minute parts');
    expect(reader).toMatch(/Status: Planned, by 15 Jan 2027/);
    const author = textOf((await learner.get('/reviews')).text);
    expect(author).toContain('Your feedback led to an action: Split the videos into 5-minute parts (planned, by 15 Jan 2027).');
    expect(author).toContain('Has it changed your view? Update your review below.');
    // Once the author updates the review, the notice has been read.
    await learner.post('/reviews', { rating: '3', title: 'Videos too long' });
    expect(textOf((await learner.get('/reviews')).text)).not.toContain('Your feedback led to an action');
  });

  it('when an action is sent without a linked review, then the same page comes back (422) with the message at the reviews and everything typed kept', async () => {
    const teacher = await instructor(h);
    const { id } = await learnerReview(h, { rating: '2', title: 'Too fast' });
    const res = await teacher.post('/reviews/actions', { description: 'Slow down <week 3>', dueOn: '2027-03-01', status: 'in-progress' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('<h1>Closing the loop</h1>');
    expect(res.text).toMatch(/<p class="error-text" id="new-action-reviews-error">Choose at least one review of this course.<\/p>/);
    expect(res.text).toContain('<a href="#new-action-reviews">Choose at least one review of this course.</a>');
    expect(res.text).toMatch(/<textarea id="new-action-description" name="description"[^>]*>Slow down &lt;week 3&gt;<\/textarea>/);
    expect(res.text).toMatch(/<input type="date" id="new-action-dueOn" name="dueOn" value="2027-03-01">/);
    expect(res.text).toMatch(/<select id="new-action-status" name="status"><option value="planned">Planned<\/option><option value="in-progress" selected>In progress<\/option>/);
    // The review is still offered, unchecked; nothing was recorded.
    expect(res.text).toMatch(new RegExp(`value="${id}" id="choose-${id}">`));
    expect(textOf((await teacher.get('/reviews/loop')).text)).toContain('No corrective action yet.');
  });

  it('when a description is missing, then the checked reviews stay checked and the message is in French for a French page', async () => {
    await instructor(h);
    const { id } = await learnerReview(h, { rating: '2' });
    const french = await openSession(h, { instructor: true, locale: 'fr' });
    const noText = await french.post('/reviews/actions', { reviews: id, description: ' ', status: 'planned' });
    expect(noText.status).toBe(422);
    expect(noText.text).toMatch(/<p class="error-text" id="new-action-description-error">Dites ce qui va changer/);
    expect(noText.text).toMatch(/aria-invalid="true" aria-describedby="new-action-description-error"/);
    expect(noText.text).toMatch(new RegExp(`value="${id}" id="choose-${id}" checked`));
    const badDate = await french.post('/reviews/actions', { reviews: id, description: 'Something', status: 'planned', dueOn: '31/12/2027' });
    expect(badDate.status).toBe(422);
    expect(badDate.text).toContain('AAAA-MM-JJ');
    expect(badDate.text).toContain('value="31/12/2027"');
    expect((await french.post('/reviews/actions', { reviews: id, description: 'Something', status: 'finished' })).status).toBe(422);
  });

  it('when an edit of an action is refused, then only that action\'s form opens again with what was typed', async () => {
    const teacher = await instructor(h);
    const { id } = await learnerReview(h, { rating: '2' });
    await teacher.post('/reviews/actions', { reviews: id, description: 'First fix', status: 'planned' });
    await teacher.post('/reviews/actions', { reviews: id, description: 'Second fix', status: 'planned' });
    const page = (await teacher.get('/reviews/loop')).text;
    // Actions are cards; their edit forms stay closed until "Edit" is chosen.
    expect(page.match(/<details class="action-card__edit">/g)).toHaveLength(2);
    expect(page).toMatch(/<span class="status-badge status-badge--planned">Planned<\/span>/);
    const actionId = /id="action-([A-Za-z0-9-]+)"/.exec(page)![1];
    const res = await teacher.post(`/reviews/actions/${actionId}`, { description: 'Changed', status: 'done', dueOn: 'soon' });
    expect(res.status).toBe(422);
    expect(res.text.match(/<details class="action-card__edit" open>/g)).toHaveLength(1);
    expect(res.text).toMatch(new RegExp(`id="action-${actionId}-description" name="description"[^>]*>Changed</textarea>`));
    expect(res.text).toMatch(new RegExp(`id="action-${actionId}-dueOn-error">Enter a date as YYYY-MM-DD.`));
    expect(textOf((await teacher.get('/reviews/loop')).text)).not.toContain('Changed');
  });

  it('refuses learners forging actions or versions (403), and reviews or actions of another course (404)', async () => {
    const teacher = await instructor(h);
    const { id } = await learnerReview(h, { rating: '2' });
    await teacher.post('/reviews/actions', { reviews: id, description: 'Fix it', status: 'planned' });
    const actionId = /id="action-([A-Za-z0-9-]+)"/.exec((await teacher.get('/reviews/loop')).text)![1];

    const learner = await openSession(h, {});
    expect((await learner.post('/reviews/actions', { reviews: id, description: 'Forged', status: 'done' })).status).toBe(403);
    expect((await learner.post(`/reviews/actions/${actionId}`, { description: 'Forged', status: 'done' })).status).toBe(403);
    expect((await learner.post('/reviews/versions', { label: 'Forged', startsOn: '2030-01-01' })).status).toBe(403);

    const other = await h.addPlatform('other-lms');
    const strangerTeacher = await openSession(h, 'instructor', { platform: other });
    expect((await strangerTeacher.post('/reviews/actions', { reviews: id, description: 'Elsewhere', status: 'planned' })).status).toBe(404);
    expect((await strangerTeacher.post(`/reviews/actions/${actionId}`, { description: 'Hijacked', status: 'done' })).status).toBe(404);
    expect(textOf((await strangerTeacher.get('/reviews/loop')).text)).not.toContain('Fix it');
    expect(textOf((await teacher.get('/reviews/loop')).text)).toContain('Fix it');
    expect(textOf((await teacher.get('/reviews/loop')).text)).not.toContain('Hijacked');
  });
});

describe('course versions and before/after figures', () => {
  it('when an action is marked done in a new version and ratings are updated, then the panel shows before and after', async () => {
    const teacher = await instructor(h, { minRatings: '2' });
    const a = await learnerReview(h, { rating: '2', title: 'Slow' });
    const b = await learnerReview(h, { rating: '1', title: 'Boring' });
    await teacher.post('/reviews/actions', { reviews: [a.id, b.id], description: 'Shorter sessions', status: 'in-progress' });
    const actionId = /id="action-([A-Za-z0-9-]+)"/.exec((await teacher.get('/reviews/loop')).text)![1];

    const today = new Date().toISOString().slice(0, 10);
    const started = await teacher.post('/reviews/versions', { label: 'Revised after feedback', startsOn: today });
    expect(started.headers.location).toMatch(/done=versionCreated#versions/);
    expect(textOf((await teacher.get('/reviews/loop')).text)).toMatch(/Revised after feedback \(current\)/);
    const done = await teacher.post(`/reviews/actions/${actionId}`, { description: 'Shorter sessions', status: 'done' });
    expect(done.headers.location).toMatch(/done=actionUpdated/);
    expect(textOf((await teacher.get('/reviews/loop')).text)).toContain('Done in: Revised after feedback');

    // One updated rating is below the minimum of 2 for the "after" side: learners see no figure yet.
    await a.learner.post('/reviews', { rating: '4', title: 'Slow' });
    let seen = textOf((await (await openSession(h, {})).get('/reviews')).text);
    expect(seen).toContain('Did it work?');
    expect(seen).toContain('Shorter sessions, done in “Revised after feedback”');
    expect(seen).toContain('Before: 1.5 out of 5 (2 ratings)');
    expect(seen).toContain('After: not enough ratings yet (at least 2)');

    await b.learner.post('/reviews', { rating: '5', title: 'Boring' });
    seen = textOf((await (await openSession(h, {})).get('/reviews')).text);
    expect(seen).toContain('Before: 1.5 out of 5 (2 ratings)');
    expect(seen).toContain('After: 4.5 out of 5 (2 ratings)');
    expect(seen).toMatch(/First version 1\.5 out of 5 \(2 ratings\)/);
    expect(seen).toMatch(/Revised after feedback \(current\) from \d+ \w+ \d{4} 4\.5 out of 5 \(2 ratings\)/);
    // The overall summary counts each learner once, with their current rating.
    expect(seen).toContain('4.5 out of 5, from 2 ratings');
    // The instructor sees the same before/after on the action's card.
    const staffView = textOf((await teacher.get('/reviews/loop')).text);
    expect(staffView).toMatch(/Done Shorter sessions Answers 2 reviews · Done in: Revised after feedback Before: 1\.5 out of 5 \(2 ratings\) After: 4\.5 out of 5 \(2 ratings\)/);
  });

  it('refuses a version without a name or with a bad date', async () => {
    const teacher = await instructor(h);
    const noName = await teacher.post('/reviews/versions', { label: '', startsOn: '2030-01-01' });
    expect(noName.status).toBe(422);
    expect(noName.text).toMatch(/id="version-label-error">Give the version a name/);
    expect(noName.text).toContain('value="2030-01-01"');
    const badDate = await teacher.post('/reviews/versions', { label: 'Spring', startsOn: '2030-02-30' });
    expect(badDate.status).toBe(422);
    expect(badDate.text).toMatch(/id="version-startsOn-error">Enter a date as YYYY-MM-DD./);
    expect(badDate.text).toMatch(/id="version-label" name="label" value="Spring"/);
  });
});

describe('protection', () => {
  it('refuses instructor writes without the CSRF token or from another site', async () => {
    const teacher = await instructor(h);
    const { id } = await learnerReview(h, { rating: '2' });
    expect((await teacher.browser.post(`${teacher.base}/reviews/${id}/respond`, { text: 'No token' })).status).toBe(403);
    expect((await teacher.browser.post(`${teacher.base}/reviews/actions`, { reviews: id, description: 'No token', status: 'planned' })).status).toBe(403);
    expect((await teacher.post('/reviews/versions', { label: 'Cross', startsOn: '2030-01-01' }, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect(textOf((await teacher.get('/reviews/loop')).text)).not.toContain('No token');
  });

  it('shows the instructor page in French for a French launch, with escaped action text', async () => {
    const teacher = await instructor(h);
    const { id } = await learnerReview(h, { rating: '1' });
    await teacher.post('/reviews/actions', { reviews: id, description: '<b>Refaire</b> le module 2', status: 'in-progress' });
    const french = await openSession(h, { instructor: true, locale: 'fr' });
    const page = (await french.get('/reviews/loop')).text;
    expect(page).toContain('Boucler la boucle');
    expect(page).toContain('Actions correctives');
    expect(page).toContain('&lt;b&gt;Refaire&lt;/b&gt; le module 2');
    expect(page).not.toContain('<b>Refaire</b>');
    const learnerView = textOf((await (await openSession(h, { locale: 'fr' })).get('/reviews')).text);
    expect(learnerView).toContain('Action menée : &lt;b&gt;Refaire&lt;/b&gt; le module 2');
  });
});
