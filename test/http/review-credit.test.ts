/**
 * The optional "Feedback given" gradebook column through Assignment and Grade Services, against the
 * test platform's grade service: offered only when the launch carries AGS, full credit whatever the
 * rating. A learner's post only queues the score; the process's grade outbox worker sends it (tests
 * never start its timer: they run one pass with runOnce), so a platform refusing the score never
 * loses the review nor slows the post: the score waits in the outbox, the failure is recorded, and a
 * later pass sends it, whether or not anyone opens the course.
 */
import type { ContextKey } from '../../src/context/tenant';
import { GradeOutboxWorker } from '../../src/launch/grade-outbox-worker';
import { gradeOutboxSettings } from '../../src/launch/grade-outbox-schedule';
import { ltijsGradebook } from '../../src/launch/gradebook';
import { createLogger } from '../../src/http/logger';
import { openSession } from '../support/review-session';
import { startHarness, type Harness } from '../support/tool-harness';
import { instructor, learnerReview, openSettings } from './review-loop-helpers';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

const course = (): ContextKey => ({ issuer: h.platform.issuer, clientId: h.platform.clientId, deploymentId: h.platform.deploymentId, contextId: '2' });
const pending = () => h.storage.gradeOutbox.pendingScores(course());
/** One pass of the worker, as its timer would run it. */
const sendQueued = () => h.tool.gradeOutbox.runOnce();

describe('feedback credit', () => {
  it('is offered in the settings when the platform offers grades, and gives full credit whatever the rating', async () => {
    const teacher = await openSession(h, 'instructor');
    expect((await teacher.get('/settings')).text).toContain('Gradebook column “Feedback given”');
    await instructor(h, { feedbackCredit: 'on' });
    // Enrolled learners of the test course (the grade service refuses scores of non-members).
    await learnerReview(h, { rating: '1', title: 'Not for me' }, 'learner');
    await learnerReview(h, { rating: '5', title: 'Loved it' }, 'frenchLearner');
    // The posts only queued the scores.
    expect(h.platform.scores()).toHaveLength(0);
    expect(await pending()).toHaveLength(2);

    expect(await sendQueued()).toBe(2);
    const items = h.platform.lineItems().filter((i) => i.tag === 'learner-voice-feedback');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ label: 'Feedback given', scoreMaximum: 1 });
    const scores = h.platform.scores();
    expect(scores).toHaveLength(2);
    for (const score of scores) expect(score).toMatchObject({ lineItemId: items[0].id, scoreGiven: 1, scoreMaximum: 1, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
    expect(await pending()).toEqual([]);
    expect(await sendQueued()).toBe(0);
    expect(h.platform.scores()).toHaveLength(2);
  });

  it('names the column in the language of the launch that queued the first credit', async () => {
    await instructor(h, { feedbackCredit: 'on' });
    await learnerReview(h, { rating: '4' }, 'frenchLearner');
    await sendQueued();
    expect(h.platform.lineItems().filter((i) => i.tag === 'learner-voice-feedback')).toMatchObject([{ label: 'Avis donné' }]);
  });

  it('sends nothing while the instructor has not switched it on, and only once per learner', async () => {
    await instructor(h);
    const { learner } = await learnerReview(h, { rating: '4' }, 'learner');
    await sendQueued();
    expect(h.platform.scores()).toHaveLength(0);
    await instructor(h, { feedbackCredit: 'on' });
    await learner.post('/reviews', { rating: '3' });
    await sendQueued();
    expect(h.platform.scores()).toHaveLength(0);
    const { learner: second } = await learnerReview(h, { rating: '2' }, 'frenchLearner');
    await sendQueued();
    expect(h.platform.scores()).toHaveLength(1);
    await second.post('/reviews', { rating: '3' });
    await sendQueued();
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
    expect(await pending()).toHaveLength(2);
    await sendQueued();

    const items = h.platform.lineItems().filter((i) => i.tag === 'learner-voice-feedback');
    expect(items).toHaveLength(1);
    const scored = h.platform.scores().map((s) => ({ userId: s.userId, lineItemId: s.lineItemId, scoreGiven: s.scoreGiven, scoreMaximum: s.scoreMaximum }));
    expect(scored.sort((a, b) => a.userId.localeCompare(b.userId))).toEqual(
      [h.platform.users.learner.sub, h.platform.users.frenchLearner.sub].sort().map((userId) => ({ userId, lineItemId: items[0].id, scoreGiven: 1, scoreMaximum: 1 })),
    );
    expect(await pending()).toEqual([]);
    // Once on, the page no longer offers it and says what the setting does now.
    const after = (await teacher.get('/settings?done=savedCredited')).text;
    expect(after).not.toContain('id="set-creditExisting"');
    expect(after).toContain('Learners who had already reviewed are being given their credit.');
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
    await sendQueued();
    expect(h.platform.scores()).toHaveLength(0);
    expect(await pending()).toEqual([]);
  });
});

describe('feedback credit refused by the platform', () => {
  it('keeps the review and the score, records the failure, and a later pass sends it with nobody opening the course', async () => {
    await instructor(h, { feedbackCredit: 'on' });
    h.platform.failScores(1);
    const learner = await openSession(h, 'learner');
    const posted = await learner.post('/reviews', { rating: '2', title: 'Saved anyway' });
    expect(posted.status).toBe(303);
    expect(posted.headers.location).toMatch(/done=posted/);
    expect((await h.storage.reviews.findReviewByAuthor({ ...course(), itemId: 'course' }, learner.sub))?.title).toBe('Saved anyway');

    expect(await sendQueued()).toBe(0);
    expect(h.platform.scores()).toHaveLength(0);
    const [failed] = await pending();
    expect(failed).toMatchObject({ userId: learner.sub, attempts: 1, reason: 'review' });
    expect(failed.lastError).toMatch(/500/);

    // The first retry is due at once: the worker's next pass, no request involved.
    expect(await sendQueued()).toBe(1);
    expect(h.platform.scores()).toMatchObject([{ userId: learner.sub, scoreGiven: 1, scoreMaximum: 1 }]);
    expect(await pending()).toEqual([]);
  });

  it('backs off after a second refusal instead of calling the platform on every pass', async () => {
    await instructor(h, { feedbackCredit: 'on' });
    h.platform.failScores(2);
    await learnerReview(h, { rating: '4' }, 'learner');
    await sendQueued();
    await sendQueued();
    const [waiting] = await pending();
    expect(waiting.attempts).toBe(2);
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
    await sendQueued();
    expect(h.platform.scores()).toHaveLength(0);
    expect((await pending())[0].attempts).toBe(2);
  });

  it('credits an earlier reviewer whose score was refused at the switch on the next pass', async () => {
    await instructor(h);
    await learnerReview(h, { rating: '3' }, 'learner');
    h.platform.failScores(1);
    await instructor(h, { feedbackCredit: 'on', creditExisting: 'on' });
    await sendQueued();
    expect(h.platform.scores()).toHaveLength(0);
    expect(await pending()).toMatchObject([{ userId: h.platform.users.learner.sub, attempts: 1 }]);
    await sendQueued();
    expect(h.platform.scores()).toHaveLength(1);
  });
});

describe('feedback credit sent by several tool processes', () => {
  it('reaches the platform once when two workers on one store run at the same time', async () => {
    await instructor(h, { feedbackCredit: 'on' });
    await learnerReview(h, { rating: '5' }, 'learner');
    await learnerReview(h, { rating: '3' }, 'frenchLearner');
    const other = new GradeOutboxWorker({
      store: h.storage.gradeOutbox,
      gradebook: ltijsGradebook(h.tool.lti),
      settings: gradeOutboxSettings(h.config.gradeOutbox),
      logger: createLogger('silent'),
    });
    expect(other.owner).not.toBe(h.tool.gradeOutbox.owner);
    const [mine, theirs] = await Promise.all([sendQueued(), other.runOnce()]);
    expect(mine + theirs).toBe(2);
    expect(h.platform.scores().map((s) => s.userId).sort()).toEqual([h.platform.users.learner.sub, h.platform.users.frenchLearner.sub].sort());
    await Promise.all([sendQueued(), other.runOnce()]);
    expect(h.platform.scores()).toHaveLength(2);
    await other.stop();
  });
});
