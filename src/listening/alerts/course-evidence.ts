/**
 * What the rules read of one course, in three bounded reads: its newest published reviews of the
 * course item (at most MAX_RATINGS_READ, newest first by the date they were posted), its
 * needs-attention list (the low reviews without a response, oldest first, one page), and its rating
 * count. Texts for the topics come from the same newest reviews, so the topic rule costs no read.
 */
import type { ContextKey } from '../../context/tenant';
import type { Storage } from '../../storage/port';
import type { Review } from '../../storage/ports/reviews';
import { MAX_RATINGS_READ, MAX_TOPIC_TEXTS } from './alert-rules';
import type { CourseEvidence, RatedReview } from './evaluate-course';

/** The course as a whole is the item "course" (panels/reviews/review-item.ts). */
const COURSE_ITEM = 'course';
const ATTENTION_READ = 50;

const rated = (review: Review): RatedReview => ({ id: review.id, rating: review.rating, ratedAt: review.createdAt, answered: Boolean(review.response) });

export async function readCourseEvidence(storage: Pick<Storage, 'reviews' | 'responses'>, course: ContextKey, now: Date): Promise<CourseEvidence> {
  const item = { ...course, itemId: COURSE_ITEM };
  const [latest, attention, summary] = await Promise.all([
    storage.reviews.listReviews(item, { sort: 'recent', statuses: ['published'], limit: MAX_RATINGS_READ }),
    storage.responses.needsAttention(course, { limit: ATTENTION_READ }),
    storage.reviews.summary(item, now),
  ]);
  return {
    course,
    ratingCount: summary.overall.count,
    latest: latest.items.map(rated),
    unansweredLow: attention.items.filter((r) => r.status === 'published' && r.rating <= 2 && !r.response).map(rated),
    texts: latest.items.slice(0, MAX_TOPIC_TEXTS).map((r) => ({ id: r.id, text: [r.title, r.liked, r.improve].filter(Boolean).join('. '), at: r.createdAt })),
  };
}
