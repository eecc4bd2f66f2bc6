/**
 * A course of the test platform as the Listening tests need it, written through the store's own
 * ports at chosen days before now: six published reviews (one 500 days old, three with aspects), a
 * hidden and a held one, a training need with a comment, a course version 30 days ago, an action done
 * in it and a planned one whose description starts like a spreadsheet formula. The figures the tests
 * assert are worked out by hand from these (see test/http/listening-course.test.ts).
 */
import type { ContextKey } from '../../src/context/tenant';
import type { AspectId } from '../../src/storage/ports/course-settings';
import type { Rating, Review } from '../../src/storage/ports/reviews';
import type { Harness } from './tool-harness';

export const DAY = 86_400_000;

export const LISTENING_COURSES = [
  { id: '21', numericId: '21', label: 'EXCEL', title: 'Excel for accountants' },
  { id: '22', numericId: '22', label: 'NEGO', title: 'Negotiation basics' },
];

export interface Seed { rating: Rating; daysAgo: number; title: string; liked: string; improve: string; aspects?: Partial<Record<AspectId, Rating>>; status?: 'held' | 'hidden' }

/** Six published reviews (one 500 days old), one hidden, one held. */
export const SEEDS: Seed[] = [
  { rating: 5, daysAgo: 3, title: 'Hands-on workshop', liked: 'The exercises were excellent and very practical.', improve: '', aspects: { content: 5, trainer: 4 } },
  { rating: 2, daysAgo: 5, title: 'Too rushed', liked: 'The exercises were confusing.', improve: 'The pace was far too fast.', aspects: { content: 2 } },
  { rating: 4, daysAgo: 40, title: 'Solid course', liked: 'Great exercises.', improve: 'The pace was a bit slow.', aspects: { content: 4 } },
  { rating: 1, daysAgo: 70, title: 'Disappointing', liked: '', improve: 'Terrible pace, boring slides.' },
  { rating: 3, daysAgo: 200, title: 'Fine', liked: 'The slides were clear.', improve: '' },
  { rating: 5, daysAgo: 500, title: 'Old but gold', liked: 'The slides were useful.', improve: '' },
  { rating: 1, daysAgo: 8, title: 'Hidden remark', liked: 'The exercises were pointless.', improve: 'Hidden pace complaint.', status: 'hidden' },
  { rating: 1, daysAgo: 9, title: 'Secret held remark', liked: 'The exercises and the pace, held.', improve: '', status: 'held' },
];

export interface SeededCourse {
  readonly now: Date;
  readonly course: ContextKey;
  /** In SEEDS order. */
  readonly reviews: Review[];
  readonly ago: (days: number) => Date;
}

export const isoDay = (at: Date) => at.toISOString().slice(0, 10);

/** Seeds course 21 of the harness's platform (launch someone into it first: the catalogue learns courses from launches). */
export async function seedListeningCourse(h: Harness, now = new Date()): Promise<SeededCourse> {
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const course21: ContextKey = { issuer: h.platform.issuer, clientId: h.platform.clientId, deploymentId: h.platform.deploymentId, contextId: '21' };
  const teacher = { id: 'teacher-21', name: 'Tea Cher' };
  const reviews: Review[] = [];
  const version = await h.storage.courseVersions.createVersion({ course: course21, label: 'Spring revision', startsOn: isoDay(ago(30)), createdAt: ago(31), createdBy: teacher });
  for (const [i, seed] of SEEDS.entries()) {
    const item = { ...course21, itemId: 'course' };
    const { review } = await h.storage.reviews.saveReview(
      {
        item, author: { id: `learner-${i}`, name: `Zed Secretname${i}` }, rating: seed.rating, aspects: seed.aspects ?? {}, title: seed.title, liked: seed.liked, improve: seed.improve,
        status: seed.status === 'held' ? 'held' : 'published', holdReasons: seed.status === 'held' ? ['moderation'] : [], verified: true,
        ...(seed.daysAgo < 30 ? { versionId: version.id } : {}),
      },
      ago(seed.daysAgo),
    );
    if (seed.status === 'hidden') await h.storage.reviews.moderate(course21, review.id, { status: 'hidden', hiddenReason: 'test' }, { course: course21, actor: { ...teacher, role: 'instructor' }, action: 'review.hide', subject: { type: 'review', id: review.id }, reason: 'test', at: ago(1) });
    reviews.push(review);
  }
  const need = await h.storage.consultations.proposeIdea(course21, { kind: 'need', consultationId: null, author: { id: 'learner-0', name: 'Zed Secretname0', role: 'learner' }, creditConsent: false, title: 'More exercises on pivot tables', description: 'We need more exercises on pivot tables for the monthly closing.', situation: '', language: 'en' }, ago(10));
  await h.storage.consultations.addComment(course21, { target: { type: 'idea', ideaId: need.id }, parentId: null, author: { id: 'learner-1', name: 'Zed Secretname1', role: 'learner' }, body: 'The pace of the exercises should be slower.' }, ago(12));
  const done = await h.storage.actions.createAction({ course: course21, description: 'Slow down the pace of week 2', status: 'planned', reviewIds: [reviews[3].id], createdBy: teacher, createdAt: ago(60) });
  await h.storage.actions.updateAction(course21, done.id, { description: 'Slow down the pace of week 2', status: 'done', doneInVersion: version.id }, ago(29));
  await h.storage.actions.createAction({ course: course21, description: '=HYPERLINK("http://x") Add a glossary', status: 'planned', reviewIds: [reviews[1].id], createdBy: teacher, createdAt: ago(2) });
  return { now, course: course21, reviews, ago };
}
