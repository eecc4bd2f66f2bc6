/**
 * Seeds a deployment for the Listening overview through the storage port (so it works on either
 * adapter and every summary, daily bucket and flag is kept as in production): `courses` courses
 * known to the catalogue, `reviews` published reviews spread over them and over the last 180 days,
 * a response to two reviews in three, a corrective action on one course in four (half of them
 * overdue), catalogue visits and learner members. Deterministic for a given seed.
 *
 * The bench's "cross-course view for 1,000 courses and 1,000,000 reviews" (issue 15) is
 * seedListening(storage, deployment, { courses: 1000, reviews: 1_000_000, now }); tests use it small.
 */
import type { DeploymentKey } from '../src/context/tenant';
import type { Storage } from '../src/storage/port';
import type { Rating } from '../src/storage/ports/reviews';
import { prng } from './seed-plan';

export interface ListeningSeed {
  readonly courses: number;
  readonly reviews: number;
  readonly now: Date;
  /** saveReview calls started together (default 200). */
  readonly chunk?: number;
  readonly seed?: number;
  /** Called after every 100,000 reviews (long seeds say where they are). */
  readonly progress?: (reviews: number) => void;
}

const DAY_MS = 86_400_000;


export const seededContextId = (i: number): string => `course-${String(i).padStart(5, '0')}`;

export async function seedListening(storage: Storage, deployment: DeploymentKey, plan: ListeningSeed): Promise<void> {
  const next = prng(plan.seed ?? 15);
  const chunk = plan.chunk ?? 200;
  const teacher = { id: 'seed-teacher', name: 'Seed Teacher', role: 'instructor' as const };
  const courseOf = (i: number) => ({ ...deployment, contextId: seededContextId(i) });
  const dayOffset = (days: number) => new Date(plan.now.getTime() + days * DAY_MS).toISOString().slice(0, 10);

  for (let i = 0; i < plan.courses; i++) {
    const course = courseOf(i);
    await storage.catalogue.recordCourse(course, { title: `Course ${i + 1}`, label: `C${i + 1}` }, `seed-badge-${deployment.deploymentId}-${i}`.padEnd(24, 'x'), plan.now);
    for (let v = 0; v < 3; v++) {
      await storage.catalogue.recordOpen(course, `visitor-${i}-${v}`, plan.now);
      if (v === 0) await storage.catalogue.recordCourseLaunch(course, `visitor-${i}-${v}`, plan.now);
    }
    for (let m = 0; m < 4; m++) await storage.members.recordLaunch(course, `learner-${m}`, `Learner ${m}`, 'learner', plan.now);
  }

  // Each course's quality is drawn once, so courses differ and the ranking means something.
  const quality = Array.from({ length: plan.courses }, () => 2 + next() * 3);
  const pending: Array<Promise<unknown>> = [];
  for (let r = 0; r < plan.reviews; r++) {
    const i = r % plan.courses;
    const at = new Date(plan.now.getTime() - Math.floor(next() * 180 * DAY_MS));
    const rating = Math.min(5, Math.max(1, Math.round(quality[i] + (next() - 0.5) * 2))) as Rating;
    const answer = next() < 2 / 3;
    const answerAfter = Math.floor(next() * 5 * DAY_MS);
    const course = courseOf(i);
    pending.push(
      storage.reviews
        .saveReview({ item: { ...course, itemId: 'course' }, author: { id: `author-${r}`, name: `Author ${r}` }, rating, aspects: {}, title: '', liked: '', improve: '', status: 'published', holdReasons: [], verified: true }, at)
        .then(({ review }) => (answer ? storage.responses.respond(course, review.id, { text: 'Thank you', by: teacher, at: new Date(at.getTime() + answerAfter) }) : null)),
    );
    if (pending.length >= chunk) await Promise.all(pending.splice(0));
    if ((r + 1) % 100_000 === 0) plan.progress?.(r + 1);
  }
  await Promise.all(pending);

  for (let i = 0; i < plan.courses; i += 4) {
    const course = courseOf(i);
    const review = (await storage.reviews.listReviews({ ...course, itemId: 'course' }, { sort: 'recent', statuses: ['published'], limit: 1 })).items[0];
    if (!review) continue;
    await storage.actions.createAction({
      course,
      description: 'Shorter exercises',
      dueOn: i % 8 === 0 ? dayOffset(-3) : dayOffset(14),
      status: 'planned',
      reviewIds: [review.id],
      createdBy: { id: teacher.id, name: teacher.name },
      createdAt: plan.now,
    });
  }
}
