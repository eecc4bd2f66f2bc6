/**
 * Times each store call the panel page makes, one at a time, to tell which one (if any) dominates
 * the page's latency. Not a load test: it explains the HTTP figures. A learner's view served from
 * the shared page makes only: findSession (then cached), generationOf, findReviewByAuthor,
 * helpfulVotesBy, reportsBy and inviteState; the list and summary reads run once per course change.
 */
import type { LaunchSession } from '../src/storage/port';
import type { ItemKey, ReviewQuery } from '../src/storage/ports/reviews';
import type { ReviewStorage } from './review-storage';

export interface PortTiming {
  readonly call: string;
  readonly meanMicros: number;
}

const REPEAT = 200;

async function time(call: string, fn: () => Promise<unknown>): Promise<PortTiming> {
  for (let i = 0; i < 20; i++) await fn();
  const began = performance.now();
  for (let i = 0; i < REPEAT; i++) await fn();
  return { call, meanMicros: Math.round(((performance.now() - began) * 1000) / REPEAT) };
}

export async function portTimings(storage: ReviewStorage, session: LaunchSession, item: ItemKey): Promise<PortTiming[]> {
  const course = session.context.link;
  const user = session.context.userId;
  const list = (query: Partial<ReviewQuery>) => storage.reviews.listReviews(item, { sort: 'recent', statuses: ['published'], limit: 10, ...query });
  const firstPage = await list({});
  const ids = firstPage.items.map((r) => r.id);
  // A cursor 100 pages deep: cursor paging must cost the same there as on page one.
  let deep: string | undefined;
  for (let i = 0; i < 100; i++) deep = (await list({ cursor: deep })).nextCursor ?? undefined;

  return [
    await time('sessions.findSession', () => storage.sessions.findSession(session.id, new Date())),
    await time('settings.getSettings', () => storage.settings.getSettings(course)),
    await time('generations.generationOf', () => storage.generations.generationOf(course)),
    await time('reviewInvites.inviteState', () => storage.reviewInvites.inviteState(course, user)),
    await time('reviews.summary', () => storage.reviews.summary(item, new Date())),
    await time('reviews.findReviewByAuthor', () => storage.reviews.findReviewByAuthor(item, user)),
    await time('members.findMember', () => storage.members.findMember(course, user)),
    await time('reviews.listReviews recent, 10', () => list({})),
    await time('reviews.listReviews recent, 10, 100 pages deep', () => list({ cursor: deep })),
    await time('reviews.listReviews helpful, 10', () => list({ sort: 'helpful' })),
    await time('reviews.listReviews highest, 10', () => list({ sort: 'highest' })),
    await time('reviews.listReviews lowest, 10, 1 star only', () => list({ sort: 'lowest', stars: 1 })),
    await time('reviews.helpfulVotesBy (10 ids)', () => storage.reviews.helpfulVotesBy(course, user, ids)),
    await time('reviews.reportsBy (10 ids)', () => storage.reviews.reportsBy(course, user, ids)),
  ];
}
