/**
 * A course's reviews as its learners may read them, and nothing more: published reviews only (held
 * and hidden ones never), only when the course shows texts to learners (review-rules.ts
 * visibilityFor: at or above its minimum number of ratings, texts for everyone), the author named
 * exactly as learners see them (authorLabel: full name, first name and initial, or the course's
 * "Learner 7" pseudonym), never an LMS user id. Staff-only fields (hold reasons, hidden reasons,
 * reports, who answered) are never read into the answer.
 */
import type { Locale } from '../context/launch-context';
import { translator } from '../i18n/translate';
import { COURSE_ITEM } from '../panels/reviews/review-item';
import { authorLabel, visibilityFor } from '../panels/reviews/review-rules';
import { courseSettings } from '../panels/settings/settings-defaults';
import type { Storage } from '../storage/port';
import type { CatalogueCourse } from '../storage/ports/catalogue';
import type { CourseSettings } from '../storage/ports/course-settings';
import type { ItemKey, Review } from '../storage/ports/reviews';
import { cursorCodec, stringPosition } from './api-cursor';
import type { ApiPage, PageParams } from './api-query';
import { encodeCourseId } from './course-id';

export const REVIEW_LIMIT = { default: 20, max: 100 } as const;

export interface ApiReview {
  readonly id: string;
  readonly rating: number;
  readonly aspects: ReadonlyArray<{ readonly aspect: string; readonly rating: number }>;
  readonly title: string;
  readonly liked: string;
  readonly improve: string;
  /** As learners of the course see the author. */
  readonly author: string;
  /** The author had launched the course as a learner before writing. */
  readonly verified: boolean;
  readonly helpfulCount: number;
  readonly createdAt: string;
  readonly editedAt: string | null;
  readonly response: { readonly text: string; readonly at: string; readonly editedAt: string | null } | null;
}

export interface ApiReviewPage extends ApiPage<ApiReview> {
  /** false when the course does not show review texts to its learners: the list is then always empty. */
  readonly textsShown: boolean;
}

/** The store's own cursor, wrapped with the course it belongs to (its length is the store's bound). */
const reviewsCursor = cursorCodec<string>('reviews', stringPosition(1024));

/** Whether learners of the course read texts, with its settings (also used by the topics). */
export async function publicTextsOf(storage: Storage, record: CatalogueCourse, now: Date): Promise<{ item: ItemKey; settings: CourseSettings; shown: boolean }> {
  const item: ItemKey = { ...record.course, itemId: COURSE_ITEM };
  const [settings, summary] = await Promise.all([courseSettings(storage.settings, record.course), storage.reviews.summary(item, now)]);
  return { item, settings, shown: settings.reviewsEnabled && visibilityFor(settings, false, summary.overall.count).texts };
}

export async function listPublicReviews(storage: Storage, record: CatalogueCourse, page: PageParams, locale: Locale, now: Date): Promise<ApiReviewPage> {
  const scope = encodeCourseId(record.course);
  // Decoded first: a bad cursor is refused even where the list would be empty.
  const storeCursor = page.cursor !== undefined ? reviewsCursor.decode(scope, page.cursor) : undefined;
  const { item, settings, shown } = await publicTextsOf(storage, record, now);
  if (!shown) return { items: [], nextCursor: null, textsShown: false };
  const found = await storage.reviews.listReviews(item, { sort: 'recent', statuses: ['published'], limit: page.limit, ...(storeCursor ? { cursor: storeCursor } : {}) });
  const t = translator(locale);
  return {
    items: found.items.filter((r) => r.status === 'published').map((r) => publicReview(r, settings, (n) => t('reviews.pseudonym', { n }))),
    nextCursor: found.nextCursor ? reviewsCursor.encode(scope, found.nextCursor) : null,
    textsShown: true,
  };
}

function publicReview(review: Review, settings: CourseSettings, pseudonym: (n: number) => string): ApiReview {
  return {
    id: review.id,
    rating: review.rating,
    aspects: settings.aspects.flatMap((aspect) => (review.aspects[aspect] ? [{ aspect, rating: review.aspects[aspect]! }] : [])),
    title: review.title,
    liked: review.liked,
    improve: review.improve,
    author: authorLabel(review, settings, false, pseudonym),
    verified: review.verified,
    helpfulCount: review.helpfulCount,
    createdAt: review.createdAt.toISOString(),
    editedAt: review.editedAt?.toISOString() ?? null,
    response: review.response ? { text: review.response.text, at: review.response.at.toISOString(), editedAt: review.response.editedAt?.toISOString() ?? null } : null,
  };
}
