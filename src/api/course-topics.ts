/**
 * What a course's learners talk about (listening/sentiment/topics.ts findTopics), over its most
 * recent public review texts only: the same texts the reviews endpoint serves, never a held or
 * hidden one, nothing when the course does not show texts to learners. The set read is bounded
 * (TEXTS_READ) so that one request costs the same whatever the course's size; topics are a short
 * ranked list, not paged: `limit` picks how many.
 */
import { findTopics, type Topic } from '../listening/sentiment/topics';
import type { Storage } from '../storage/port';
import type { CatalogueCourse } from '../storage/ports/catalogue';
import type { Review } from '../storage/ports/reviews';
import { publicTextsOf } from './public-reviews';

export const TOPIC_LIMIT = { default: 10, max: 20 } as const;
/** The most recent public texts read per request: two store pages. */
export const TEXTS_READ = 200;
const STORE_PAGE = 100;
/** Review ids listed under each topic, newest first. */
const MENTIONS_LISTED = 10;

/** A topic as the API serves it: the review ids behind it instead of the matched sentences. */
export type ApiTopic = Omit<Topic, 'mentions'> & { readonly reviewIds: readonly string[] };

export interface ApiTopics {
  readonly items: ApiTopic[];
  readonly textsShown: boolean;
  /** How many review texts the topics were found in. */
  readonly textsRead: number;
}

export async function courseTopics(storage: Storage, record: CatalogueCourse, limit: number, now: Date): Promise<ApiTopics> {
  const { item, shown } = await publicTextsOf(storage, record, now);
  if (!shown) return { items: [], textsShown: false, textsRead: 0 };
  const reviews: Review[] = [];
  let cursor: string | undefined;
  do {
    const page = await storage.reviews.listReviews(item, { sort: 'recent', statuses: ['published'], limit: STORE_PAGE, ...(cursor ? { cursor } : {}) });
    reviews.push(...page.items.filter((r) => r.status === 'published'));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && reviews.length < TEXTS_READ);
  const texts = reviews
    .slice(0, TEXTS_READ)
    .map((r) => ({ id: r.id, at: r.editedAt ?? r.createdAt, text: [r.title, r.liked, r.improve].map((part) => part.trim()).filter(Boolean).join('. ') }))
    .filter((t) => t.text !== '');
  const topics = findTopics(texts, { now, limit });
  return {
    items: topics.map((topic) => ({
      key: topic.key,
      label: topic.label,
      count: topic.count,
      negativeShare: round(topic.negativeShare),
      positiveShare: round(topic.positiveShare),
      trend: topic.trend,
      reviewIds: topic.mentions.slice(0, MENTIONS_LISTED).map((m) => m.id),
    })),
    textsShown: true,
    textsRead: texts.length,
  };
}

const round = (share: number) => Math.round(share * 1000) / 1000;
