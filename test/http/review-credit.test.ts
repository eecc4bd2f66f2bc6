/**
 * The optional "Feedback given" gradebook column through Assignment and Grade Services, against the
 * test platform's grade service: offered only when the launch carries AGS, full credit whatever the
 * rating, and a platform refusing the score never loses the review: the score waits in the outbox,
 * the failure is recorded, and the next request of the course sends it again.
 */
import type { ContextKey } from '../../src/context/tenant';
import { openSession } from '../support/review-session';
import { startHarness, type Harness } from '../support/tool-harness';
import { instructor, learnerReview, openSettings } from './review-loop-helpers';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

const course = (): ContextKey => ({ issuer: h.platform.issuer, clientId: h.platform.clientId, deploymentId: h.platform.deploymentId, contextId: '2' });

async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('feedback credit', () => {
  it('is offered in the settings when the platform offers grades, and gives full credit whatever the rating', async () => {
    const teacher = await openSession(h, 'instructor');
    expect((await teacher.get('/settings')).text).toContain('Gradebook column “Feedback given”');
    await instructor(h, { feedbackCredit: 'on' });
    // Enrolled learners of the test course (the grade service refuses scores of non-members).
    await learnerReview(h, { rating: '1', title: 'Not for me' }, 'learner');
    await learnerReview(h, { rating: '5', title: 'Loved it' }, 'frenchLearner');

    const items = h.platform.lineItems().filter((i) => i.tag === 'learner-voice-feedback');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ label: 'Feedback given', scoreMaximum: 1 });
    const scores = h.platform.scores();
    expect(scores).toHaveLength(2);
    for (const score of scores) expect(score).toMatchObject({ lineItemId: items[0].id, scoreGiven: 1, scoreMaximum: 1, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
    expect(await h.storage.gradeOutbox.pendingScores(course())).toEqual([]);
  });

  it('sends nothing while the instructor has not switched it on, and only once per learner', async () => {
    await instructor(h);
    const { learner } = await learnerReview(h, { rating: '4' }, 'learner');
    expect(h.platform.scores()).toHaveLength(0);
    await instructor(h, { feedbackCredit: 'on' });
    await learner.post('/reviews', { rating: '3' });
    expect(h.platform.scores()).toHaveLength(0);
    const { learner: second } = await learnerReview(h, { rating: '2' }, 'frenchLearner');
    expect(h.platform.scores()).toHaveLength(1);
    await second.post('/reviews', { rating: '3' });
    expect(h.platform.scores()).toHaveLength(1);
  });

  it('when the instructor switches it on and asks to credit earlier reviews, then every learner who reviewed before gets a score at the platform', async () => {
    await instructor(h);
    await learnerReview(h, { rating: '2', title: 'Before credit' }, 'learner');
    await learnerReview(h, { rating: '5', title: 'Also before' }, 'frenchLearner');
    expect(h.platform.scores()).toHaveLength(0);

    const teacher = await openSession(h, 'instructor');
    const settingsPage = (await teacher.get('/settings')).text;
    expect(settingsPage).toContain('Reviews posted before earn nothing unless you tick the box below.');
    expect(settingsPage).toContain('id="set-creditExisting"');
    const saved = await teacher.post('/settings', openSettings({ feedbackCredit: 'on', creditExisting: 'on' }));
    expect(saved.headers.location).toMatch(/done=savedCredited/);

    const items = h.platform.lineItems().filter((i) => i.tag === 'learner-voice-feedback');
    expect(items).toHaveLength(1);
    const scored = h.platform.scores().map((s) => ({ userId: s.userId, lineItemId: s.lineItemId, scoreGiven: s.scoreGiven, scoreMaximum: s.scoreMaximum }));
    expect(scored.sort((a, b) => a.userId.localeCompare(b.userId))).toEqual(
      [h.platform.users.learner.sub, h.platform.users.frenchLearner.sub].sort().map((userId) => ({ userId, lineItemId: items[0].id, scoreGiven: 1, scoreMaximum: 1 })),
    );
    expect(await h.storage.gradeOutbox.pendingScores(course())).toEqual([]);
    // Once on, the page no longer offers it and says what the setting does now.
    const after = (await teacher.get('/settings?done=savedCredited')).text;
    expect(after).not.toContain('id="set-creditExisting"');
    expect(after).toContain('Learners who had already reviewed are being given their credit.');
  });

  it('when the platform refuses an earlier reviewer\'s score, then it waits in the outbox and the next request sends it', async () => {
    await instructor(h);
    await learnerReview(h, { rating: '3' }, 'learner');
    h.platform.failScores(1);
    const teacher = await instructor(h, { feedbackCredit: 'on', creditExisting: 'on' });
    expect(h.platform.scores()).toHaveLength(0);
    expect(await h.storage.gradeOutbox.pendingScores(course())).toMatchObject([{ userId: h.platform.users.learner.sub, attempts: 1 }]);
    await teacher.get('/reviews');
    await until(() => h.platform.scores().length === 1);
  });

  it('is not offered when the launch carries no grade service, and a save from there keeps the choice', async () => {
    await instructor(h, { feedbackCredit: 'on' });
    const registration = h.platform.toolRegistrations()[0];
    registration.scopes = registration.scopes.filter((s) => !s.includes('lti-ags'));
    const teacher = await openSession(h, 'instructor');
    const page = (await teacher.get('/settings')).text;
    expect(page).not.toContain('Feedback given');
    await teacher.post('/settings', { reviewsEnabled: 'on', consumerGroupEnabled: 'on', textVisibility: 'everyone', moderation: 'immediate', authorDisplay: 'full', minRatings: '0', windowMode: 'any' });
    expect((await h.storage.settings.getSettings(course()))?.feedbackCredit).toBe(true);
    await learnerReview(h, { rating: '5' }, 'learner');
    expect(h.platform.scores()).toHaveLength(0);
  });

  it('when the platform refuses the score, then the review is saved, the failure recorded, and the next request sends it', async () => {
    const teacher = await instructor(h, { feedbackCredit: 'on' });
    h.platform.failScores(1);
    const learner = await openSession(h, 'learner');
    const posted = await learner.post('/reviews', { rating: '2', title: 'Saved anyway' });
    expect(posted.status).toBe(303);
    expect(posted.headers.location).toMatch(/done=posted/);
    expect(h.platform.scores()).toHaveLength(0);
    const [pending] = await h.storage.gradeOutbox.pendingScores(course());
    expect(pending).toMatchObject({ userId: learner.sub, attempts: 1, reason: 'review' });
    expect(pending.lastError).toMatch(/500/);
    expect((await h.storage.reviews.findReviewByAuthor({ ...course(), itemId: 'course' }, learner.sub))?.title).toBe('Saved anyway');

    // The next request of the course (here the instructor's page view) retries in the background.
    await teacher.get('/reviews');
    await until(() => h.platform.scores().length === 1);
    expect(h.platform.scores()[0]).toMatchObject({ userId: learner.sub, scoreGiven: 1, scoreMaximum: 1 });
    await until(async () => (await h.storage.gradeOutbox.pendingScores(course())).length === 0);
  });

  it('backs off after a second refusal instead of calling the platform on every request', async () => {
    await instructor(h, { feedbackCredit: 'on' });
    h.platform.failScores(2);
    const { learner } = await learnerReview(h, { rating: '4' }, 'learner');
    await learner.get('/reviews');
    await until(async () => (await h.storage.gradeOutbox.pendingScores(course()))[0]?.attempts === 2);
    const [pending] = await h.storage.gradeOutbox.pendingScores(course());
    expect(pending.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
    await learner.get('/reviews');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.platform.scores()).toHaveLength(0);
    expect((await h.storage.gradeOutbox.pendingScores(course()))[0].attempts).toBe(2);
  });
});

describe('feedback credit retries', () => {
  it('are triggered by a request to any panel of the course, not only the reviews panel', async () => {
    await instructor(h, { feedbackCredit: 'on' });
    h.platform.failScores(1);
    const learner = await openSession(h, 'learner');
    await learner.post('/reviews', { rating: '5' });
    expect(h.platform.scores()).toHaveLength(0);
    await learner.get('/consumer-group');
    await until(() => h.platform.scores().length === 1);
  });
});
