/**
 * The contract of the Listening overview's figures (ports/listening.ts), run unchanged on every
 * adapter: one deployment's courses with every figure worked out by hand, nothing from another
 * deployment or platform, response figures bounded to the window, overdue against `today`.
 */
import type { ContextKey, DeploymentKey } from '../../src/context/tenant';
import type { Storage } from '../../src/storage/port';
import type { Rating, ReviewWrite } from '../../src/storage/ports/reviews';
import { DEFAULT_SETTINGS } from '../../src/panels/settings/settings-defaults';
import { listeningWindow } from '../../src/storage/shared/listening-figures';
import { dayOf } from '../../src/storage/shared/review-summary';
import { FIRST_BUCKET_MS, DELAY_RATIO } from '../../src/storage/shared/response-delays';
import { seedListening } from '../../bench/listening-seed';
import { buildAudit } from '../support/audit';

const DEPLOYMENT: DeploymentKey = { issuer: 'https://lms-l.example', clientId: 'client-1', deploymentId: 'dep-1' };
const course = (contextId: string, over: Partial<DeploymentKey> = {}): ContextKey => ({ ...DEPLOYMENT, ...over, contextId });
const K1 = course('k1');
const K2 = course('k2');
const K3 = course('k3');
const NOW = new Date('2030-06-15T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const TEACHER = { id: 'teacher-1', name: 'Grace Hopper', role: 'instructor' as const };
const learner = (id: string) => ({ id, name: `Learner ${id}`, role: 'learner' as const });

function write(c: ContextKey, authorId: string, rating: Rating, over: Partial<ReviewWrite> = {}): ReviewWrite {
  return { item: { ...c, itemId: 'course' }, author: { id: authorId, name: authorId }, rating, aspects: {}, title: '', liked: '', improve: '', status: 'published', holdReasons: [], verified: true, ...over };
}

/** The median from the delay histogram is within 1 minute + one bucket's relative width (20 %) of the exact one (shared/response-delays.ts). */
const nearMedian = (exact: number) => ({
  asymmetricMatch: (actual: unknown) => typeof actual === 'number' && Math.abs(actual - exact) <= FIRST_BUCKET_MS + (DELAY_RATIO - 1) * exact,
  toString: () => `a median within 1 min + ${Math.round((DELAY_RATIO - 1) * 100)} % of ${exact} ms`,
});

async function seedHandWorked(storage: Storage): Promise<void> {
  await storage.catalogue.recordCourse(K1, { title: 'Agile basics', label: 'AG1' }, 'badge-token-k1-aaaaaaaaaa', ago(30 * DAY));
  await storage.catalogue.recordCourse(K3, { title: 'Quiet course' }, 'badge-token-k3-aaaaaaaaaa', ago(30 * DAY));
  await storage.settings.saveSettings(K1, { ...DEFAULT_SETTINGS, minRatings: 5 }, buildAudit(K1));

  // k1: four recent published reviews answered after 2 h, 10 h and 30 h (one left unanswered, a 2-star).
  const posted = ago(10 * DAY);
  const reviews = await Promise.all([1, 2, 4, 5].map(async (rating, i) => (await storage.reviews.saveReview(write(K1, `a${i + 1}`, rating as Rating), posted)).review));
  for (const [review, hours] of [[reviews[0], 2], [reviews[2], 10], [reviews[3], 30]] as const) {
    await storage.responses.respond(K1, review.id, { text: 'Thank you', by: TEACHER, at: new Date(posted.getTime() + hours * HOUR) });
  }
  // Outside the 12 months: counted nowhere in the response figures, even answered.
  const old = (await storage.reviews.saveReview(write(K1, 'old', 5), ago(400 * DAY))).review;
  await storage.responses.respond(K1, old.id, { text: 'Thanks', by: TEACHER, at: ago(399 * DAY) });
  // Held: not published, so not among the reviews.
  await storage.reviews.saveReview(write(K1, 'held', 3, { status: 'held', holdReasons: ['link'] }), posted);

  const action = (dueOn: string | undefined, status: 'planned' | 'in-progress' | 'done', c = K1) =>
    storage.actions.createAction({ course: c, description: 'Fix it', ...(dueOn ? { dueOn } : {}), status, reviewIds: [reviews[1].id], createdBy: { id: TEACHER.id, name: TEACHER.name }, createdAt: ago(DAY) });
  await action('2030-06-14', 'planned'); // overdue
  await action('2030-06-15', 'in-progress'); // due today: not yet overdue
  await action('2030-05-01', 'done'); // done: neither open nor overdue
  await action(undefined, 'planned'); // open, no due date

  for (const v of ['v1', 'v2', 'v3']) await storage.catalogue.recordOpen(K1, v, ago(5 * DAY));
  await storage.catalogue.recordCourseLaunch(K1, 'v1', ago(4 * DAY));

  for (const id of ['L1', 'L2', 'L3']) await storage.members.recordLaunch(K1, id, `Learner ${id}`, 'learner', ago(20 * DAY));
  await storage.members.recordLaunch(K1, TEACHER.id, TEACHER.name, 'instructor', ago(20 * DAY));

  // Participation: L1 proposes and comments, L2 votes, L3 answers a poll; the teacher's acts and an idea outside any consultation do not count.
  const consultation = await storage.consultations.createConsultation(K1, { title: 'Next session', brief: 'Help', questions: [], status: 'open' }, ago(15 * DAY));
  const idea = await storage.consultations.proposeIdea(K1, { kind: 'idea', consultationId: consultation.id, author: learner('L1'), creditConsent: false, title: 'More labs', description: 'Labs', situation: '', language: 'en' }, ago(14 * DAY));
  await storage.consultations.setVote(K1, idea.id, learner('L2'), true, ago(13 * DAY));
  await storage.consultations.addComment(K1, { target: { type: 'idea', ideaId: idea.id }, parentId: null, author: learner('L1'), body: 'Yes' }, ago(13 * DAY));
  await storage.consultations.addComment(K1, { target: { type: 'idea', ideaId: idea.id }, parentId: null, author: TEACHER, body: 'Noted' }, ago(13 * DAY));
  const poll = await storage.consultations.addPoll(K1, consultation.id, { question: 'Pace?', kind: 'scale', options: [] }, ago(14 * DAY));
  await storage.consultations.answerPoll(K1, poll!.id, learner('L3'), [4], ago(12 * DAY));
  await storage.consultations.answerPoll(K1, poll!.id, TEACHER, [5], ago(12 * DAY));
  await storage.consultations.proposeIdea(K1, { kind: 'idea', consultationId: null, author: learner('L4'), creditConsent: false, title: 'Loose idea', description: 'x', situation: '', language: 'en' }, ago(12 * DAY));

  // k2: one review, nothing else (no catalogue record).
  await storage.reviews.saveReview(write(K2, 'b1', 4), ago(3 * DAY));

  // The same context id in another deployment and on another platform: never counted here.
  for (const other of [course('k1', { deploymentId: 'dep-2' }), course('k1', { clientId: 'client-2' })]) {
    const r = (await storage.reviews.saveReview(write(other, 'x1', 1), ago(DAY))).review;
    await storage.actions.createAction({ course: other, description: 'Elsewhere', dueOn: '2030-01-01', status: 'planned', reviewIds: [r.id], createdBy: { id: 't', name: 'T' }, createdAt: ago(DAY) });
    await storage.catalogue.recordOpen(other, 'v9', ago(DAY));
    await storage.members.recordLaunch(other, 'L9', 'L9', 'learner', ago(DAY));
  }
}

export function listeningContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: listening overview figures`, () => {
    let storage: Storage;
    beforeAll(async () => {
      storage = await open();
      await seedHandWorked(storage);
    });
    afterAll(async () => storage.close());

    it('gives every course of the deployment its figures, worked out by hand', async () => {
      const figures = await storage.listening.deploymentFigures(DEPLOYMENT, listeningWindow(NOW));
      expect(figures.map((f) => f.course)).toEqual([K1, K2, K3]);
      expect(figures[0]).toEqual({
        course: K1,
        title: 'Agile basics',
        label: 'AG1',
        minRatings: 5,
        needsAttention: 1,
        reviews: 4,
        answered: 3,
        medianResponseMs: nearMedian(10 * HOUR),
        actionsOpen: 3,
        actionsOverdue: 1,
        buyIn: { opened: 3, launched: 1 },
        participants: 3,
        learners: 3,
      });
      const zero = { needsAttention: 0, answered: 0, medianResponseMs: null, actionsOpen: 0, actionsOverdue: 0, buyIn: { opened: 0, launched: 0 }, participants: 0, learners: 0 };
      expect(figures[1]).toEqual({ course: K2, reviews: 1, ...zero });
      expect(figures[2]).toEqual({ course: K3, title: 'Quiet course', reviews: 0, ...zero });
    });

    it('reads just the listed courses, each with the figures the whole read gives it (ratings per range too)', async () => {
      const whole = await storage.listening.deploymentFigures(DEPLOYMENT, listeningWindow(NOW));
      const some = await storage.listening.deploymentFigures(DEPLOYMENT, listeningWindow(NOW), [K3.contextId, K1.contextId, 'k-unknown']);
      expect(some).toEqual(whole.filter((f) => f.course.contextId !== K2.contextId));
      expect(await storage.listening.deploymentFigures(DEPLOYMENT, listeningWindow(NOW), [])).toEqual([]);
      // An id shaped like an operator or SQL is only ever a context id that matches nothing.
      expect(await storage.listening.deploymentFigures(DEPLOYMENT, listeningWindow(NOW), ["') OR 1=1 --", '{"$ne":null}'])).toEqual([]);

      const ranges = [{ from: 20000101, to: dayOf(NOW.getTime() - 8 * DAY) }, { from: dayOf(NOW.getTime() - 7 * DAY), to: dayOf(NOW) }];
      const allDays = await storage.ratingDays.deploymentRanges(DEPLOYMENT, ranges);
      expect(allDays.length).toBeGreaterThan(0);
      const k2Days = await storage.ratingDays.deploymentRanges(DEPLOYMENT, ranges, [K2.contextId]);
      expect(k2Days).toEqual(allDays.filter((d) => d.course.contextId === K2.contextId));
      expect(k2Days.length).toBeGreaterThan(0);
      expect(await storage.ratingDays.deploymentRanges(DEPLOYMENT, ranges, [])).toEqual([]);
    });

    it('takes the mean of the two middle delays for an even count, and moves with the window', async () => {
      const later = new Date(NOW.getTime() + 356 * DAY);
      // 356 days on (June 2031), the window starts in July 2030: the reviews of "10 days ago" (June 2030) are out of it.
      const [k1] = await storage.listening.deploymentFigures(DEPLOYMENT, listeningWindow(later));
      expect(k1).toMatchObject({ reviews: 0, answered: 0, medianResponseMs: null, actionsOverdue: 2 });
      const even = course('k-even', { deploymentId: 'dep-even' });
      const posted = ago(DAY);
      for (const [id, hours] of [['e1', 1], ['e2', 3], ['e3', 8], ['e4', 20]] as const) {
        const { review } = await storage.reviews.saveReview(write(even, id, 5), posted);
        await storage.responses.respond(even, review.id, { text: 'Thanks', by: TEACHER, at: new Date(posted.getTime() + hours * HOUR) });
      }
      const [only] = await storage.listening.deploymentFigures({ ...DEPLOYMENT, deploymentId: 'dep-even' }, listeningWindow(NOW));
      expect(only.medianResponseMs).toEqual(nearMedian(5.5 * HOUR));
    });

    it('knows nothing of a deployment with no records', async () => {
      expect(await storage.listening.deploymentFigures({ ...DEPLOYMENT, deploymentId: 'dep-none' }, listeningWindow(NOW))).toEqual([]);
    });

    it('adds up what the bench seeder wrote', async () => {
      const deployment = { ...DEPLOYMENT, deploymentId: 'dep-seed' };
      await seedListening(storage, deployment, { courses: 8, reviews: 120, now: NOW });
      const figures = await storage.listening.deploymentFigures(deployment, listeningWindow(NOW));
        expect(figures).toHaveLength(8);
        expect(figures.reduce((n, f) => n + f.reviews, 0)).toBe(120);
        expect(figures.every((f) => f.buyIn.opened === 3 && f.buyIn.launched === 1 && f.learners === 4)).toBe(true);
        expect(figures.filter((f) => f.actionsOpen === 1)).toHaveLength(2);
      expect(figures.filter((f) => f.actionsOverdue === 1)).toHaveLength(1);
    });
  });
}
