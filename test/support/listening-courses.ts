/**
 * Three courses of a deployment with figures small enough to work out by hand, for the overview's
 * HTTP and browser tests (the bench seeds at scale with bench/listening-seed.ts):
 * - "Agile basics" (k-agile): 4 ratings in the last 30 days (5, 4, 4, 3; average 4.0) and 2 of 3
 *   stars 40 days ago: 3.7 over 90 days, rising by 1.0 over 30 days; 2 of its 6 reviews answered
 *   (after 2 h and 6 h: median 4 hours); one overdue action; 3 catalogue opens, 2 went on.
 * - "=Budgeting" (k-budget, a title that a spreadsheet would run as a formula): 2, 2, 3 in the last
 *   30 days (2.3), the two 2-star reviews unanswered, so 2 need attention.
 * - "Coaching" (k-coach): one rating of 5, below the default minimum of 3: no rating shown.
 */
import type { ContextKey, DeploymentKey } from '../../src/context/tenant';
import type { Storage } from '../../src/storage/port';
import type { Rating } from '../../src/storage/ports/reviews';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TEACHER = { id: 'teacher-1', name: 'Grace Hopper', role: 'instructor' as const };

export const LISTENING_COURSES = { agile: 'k-agile', budget: 'k-budget', coach: 'k-coach' } as const;

export async function seedListeningCourses(storage: Storage, deployment: DeploymentKey, now: Date): Promise<void> {
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const course = (contextId: string): ContextKey => ({ ...deployment, contextId });
  const review = async (c: ContextKey, author: string, rating: Rating, at: Date) =>
    (await storage.reviews.saveReview({ item: { ...c, itemId: 'course' }, author: { id: author, name: author }, rating, aspects: {}, title: '', liked: '', improve: '', status: 'published', holdReasons: [], verified: true }, at)).review;

  const agile = course(LISTENING_COURSES.agile);
  await storage.catalogue.recordCourse(agile, { title: 'Agile basics', label: 'AG1' }, 'badge-agile-aaaaaaaaaaaaa', ago(60 * DAY));
  const posted = ago(5 * DAY);
  const recent = [];
  for (const [i, rating] of ([5, 4, 4, 3] as const).entries()) recent.push(await review(agile, `agile-${i}`, rating, posted));
  await storage.responses.respond(agile, recent[0].id, { text: 'Thanks', by: TEACHER, at: new Date(posted.getTime() + 2 * HOUR) });
  await storage.responses.respond(agile, recent[3].id, { text: 'Noted', by: TEACHER, at: new Date(posted.getTime() + 6 * HOUR) });
  for (const i of [0, 1]) await review(agile, `agile-old-${i}`, 3, ago(40 * DAY));
  const yesterday = ago(DAY).toISOString().slice(0, 10);
  await storage.actions.createAction({ course: agile, description: 'Shorter labs', dueOn: yesterday, status: 'planned', reviewIds: [recent[3].id], createdBy: { id: TEACHER.id, name: TEACHER.name }, createdAt: ago(2 * DAY) });
  for (const v of ['v1', 'v2', 'v3']) await storage.catalogue.recordOpen(agile, v, ago(3 * DAY));
  for (const v of ['v1', 'v2']) await storage.catalogue.recordCourseLaunch(agile, v, ago(2 * DAY));

  const budget = course(LISTENING_COURSES.budget);
  await storage.catalogue.recordCourse(budget, { title: '=Budgeting' }, 'badge-budget-aaaaaaaaaaaa', ago(60 * DAY));
  for (const [i, rating] of ([2, 2, 3] as const).entries()) await review(budget, `budget-${i}`, rating, ago(10 * DAY));

  const coach = course(LISTENING_COURSES.coach);
  await storage.catalogue.recordCourse(coach, { title: 'Coaching' }, 'badge-coach-aaaaaaaaaaaaa', ago(60 * DAY));
  await review(coach, 'coach-0', 5, ago(20 * DAY));
}
