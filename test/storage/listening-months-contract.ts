/**
 * The monthly listening figures (shared/listening-months.ts) stay exactly what a recount from the
 * reviews gives, whatever sequence of writes reaches them: saves and edits (some held), moderators'
 * decisions, reports, first responses, edited and withdrawn responses, deletions by the author and
 * erasures. Run unchanged on every adapter, through the storage port only; a seeded random
 * sequence, so a failure replays.
 */
import type { ContextKey, DeploymentKey } from '../../src/context/tenant';
import { eraseUser } from '../../src/data-protection/erase-user';
import type { Storage } from '../../src/storage/port';
import type { Rating, Review, ReviewStatus } from '../../src/storage/ports/reviews';
import { listeningWindow } from '../../src/storage/shared/listening-figures';
import { monthOf } from '../../src/storage/shared/listening-months';
import { histogramOf, medianOfHistogram } from '../../src/storage/shared/response-delays';
import { buildAudit } from '../support/audit';
import { prng } from '../../bench/seed-plan';

const DEPLOYMENT: DeploymentKey = { issuer: 'https://lms-months.example', clientId: 'client-m', deploymentId: 'dep-m' };
const COURSES: ContextKey[] = ['m1', 'm2', 'm3'].map((contextId) => ({ ...DEPLOYMENT, contextId }));
const AUTHORS = Array.from({ length: 10 }, (_, i) => `author-${i}`);
const NOW = new Date('2031-02-10T09:00:00.000Z');
const DAY = 86_400_000;
const TEACHER = { id: 'teacher-m', name: 'Teacher', role: 'instructor' as const };


async function reviewsOf(storage: Storage, course: ContextKey): Promise<Review[]> {
  const all: Review[] = [];
  for await (const review of storage.reviews.allReviews(course)) all.push(review);
  return all;
}

/** The response figures counted from the reviews themselves, for a window starting at `fromMonth`. */
async function recount(storage: Storage, fromMonth: number) {
  const figures = [];
  for (const course of COURSES) {
    const counted = (await reviewsOf(storage, course)).filter((r) => r.status === 'published' && monthOf(r.createdAt.getTime()) >= fromMonth);
    const answered = counted.filter((r) => r.response);
    if (counted.length === 0) continue;
    const delays = histogramOf(answered.map((r) => r.response!.at.getTime() - r.createdAt.getTime()));
    figures.push({ contextId: course.contextId, reviews: counted.length, answered: answered.length, medianResponseMs: medianOfHistogram(delays) });
  }
  return figures;
}

async function stored(storage: Storage, now: Date) {
  const figures = await storage.listening.deploymentFigures(DEPLOYMENT, listeningWindow(now));
  return figures.filter((f) => f.reviews > 0).map((f) => ({ contextId: f.course.contextId, reviews: f.reviews, answered: f.answered, medianResponseMs: f.medianResponseMs }));
}

export function listeningMonthsContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: monthly listening figures under random writes`, () => {
    let storage: Storage;
    beforeAll(async () => {
      storage = await open();
    });
    afterAll(async () => storage.close());

    it('stay equal to a recount from the reviews after every run of writes, for windows of different months', async () => {
      const next = prng(29);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
      // Posting dates over the 15 months before NOW: some fall out of the window.
      const when = () => new Date(NOW.getTime() - Math.floor(next() * 450 * DAY));
      const anyReview = async (): Promise<{ course: ContextKey; review: Review } | null> => {
        const course = pick(COURSES);
        const reviews = await reviewsOf(storage, course);
        return reviews.length === 0 ? null : { course, review: pick(reviews) };
      };
      const windows = [NOW, new Date(NOW.getTime() - 95 * DAY), new Date(NOW.getTime() - 300 * DAY)];
      for (let step = 1; step <= 160; step++) {
        const op = next();
        if (op < 0.3) {
          const course = pick(COURSES);
          const status: ReviewStatus = next() < 0.8 ? 'published' : 'held';
          await storage.reviews.saveReview(
            { item: { ...course, itemId: 'course' }, author: { id: pick(AUTHORS), name: 'A' }, rating: (1 + Math.floor(next() * 5)) as Rating, aspects: {}, title: '', liked: `step ${step}`, improve: '', status, holdReasons: status === 'held' ? ['link'] : [], verified: true },
            when(),
          );
        } else if (op < 0.45) {
          const found = await anyReview();
          const status = pick<ReviewStatus>(['published', 'held', 'hidden']);
          if (found) await storage.reviews.moderate(found.course, found.review.id, { status, ...(status === 'hidden' ? { hiddenReason: 'off-topic' } : {}) }, buildAudit(found.course, { action: status === 'hidden' ? 'review.hide' : 'review.approve', subject: { type: 'review', id: found.review.id } }));
        } else if (op < 0.7) {
          const found = await anyReview();
          // A first response after 0 to 60 days (or an edit of the first one, which keeps its date).
          if (found) await storage.responses.respond(found.course, found.review.id, { text: `Reply ${step}`, by: TEACHER, at: new Date(found.review.createdAt.getTime() + Math.floor(next() * 60 * DAY)) });
        } else if (op < 0.8) {
          const found = await anyReview();
          if (found) await storage.responses.respond(found.course, found.review.id, null);
        } else if (op < 0.85) {
          const found = await anyReview();
          if (found) await storage.reviews.report(found.course, found.review.id, 'reporter', 'spam', NOW);
        } else if (op < 0.95) {
          const found = await anyReview();
          if (found) await storage.reviews.deleteReview(found.review.item, found.review.author.id);
        } else {
          await eraseUser(storage, { issuer: DEPLOYMENT.issuer, clientId: DEPLOYMENT.clientId, userId: pick(AUTHORS) }, { visitorSecret: 'listening-months-secret', now: NOW });
        }
        if (step % 40 === 0) {
          for (const now of windows) expect(await stored(storage, now)).toEqual(await recount(storage, listeningWindow(now).fromMonth));
        }
      }
      // The sequence did reach the figures: something is counted and answered.
      expect((await stored(storage, NOW)).some((f) => f.answered > 0)).toBe(true);
    });
  });
}
