/**
 * What learners wrote in one course, for the per-course Listening page: published reviews, visible
 * ideas and training needs, and visible comments, newest first, at most `limit` of them (the work of
 * scoring them is bounded by that, whatever the course's size). Held and hidden reviews, hidden
 * ideas and comments, and merged ideas are never read into it. Each text keeps only public fields:
 * the review's pseudonym number, never the author's name or id.
 */
import type { ContextKey } from '../../context/tenant';
import type { Locale } from '../../context/launch-context';
import type { Storage } from '../../storage/port';
import type { AspectId } from '../../storage/ports/course-settings';
import type { Idea, IdeaKind } from '../../storage/ports/consultations';
import type { Rating } from '../../storage/ports/reviews';

export type TextKind = 'review' | 'idea' | 'comment';

export interface CourseText {
  /** Kind-prefixed ("review:abc"), so ids of two stores never collide. */
  readonly id: string;
  readonly kind: TextKind;
  readonly at: Date;
  /** The text as scored: title and body lines. */
  readonly text: string;
  /** Known for ideas (their author's page language); guessed for the others. */
  readonly lang?: Locale;
  /** What the topic page shows of it. */
  readonly excerpt: { readonly title: string; readonly lines: readonly string[]; readonly rating?: Rating; readonly learnerNumber?: number };
  readonly aspects?: Readonly<Partial<Record<AspectId, Rating>>>;
}

export interface CourseTexts {
  readonly texts: readonly CourseText[];
  /** Whether older texts were left out to stay within the limit. */
  readonly truncated: boolean;
}

export const TEXT_LIMIT = 2000;
const PAGE = 100;

const byNewest = (a: CourseText, b: CourseText) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const lines = (...parts: string[]) => parts.map((p) => p.trim()).filter((p) => p !== '');

export async function readCourseTexts(storage: Storage, course: ContextKey, limit = TEXT_LIMIT): Promise<CourseTexts> {
  const reviews = await newestReviews(storage, course, limit);
  const contributions = await consumerGroupTexts(storage, course, limit);
  const all = [...reviews.texts, ...contributions.texts].sort(byNewest);
  return { texts: all.slice(0, limit), truncated: reviews.truncated || contributions.truncated || all.length > limit };
}

/** The export stream is oldest first: a window of the newest `limit` published reviews is kept as it goes. */
async function newestReviews(storage: Storage, course: ContextKey, limit: number): Promise<CourseTexts> {
  const kept: CourseText[] = [];
  let truncated = false;
  for await (const review of storage.reviews.allReviews(course)) {
    if (review.status !== 'published') continue;
    const body = lines(review.liked, review.improve);
    kept.push({
      id: `review:${review.id}`,
      kind: 'review',
      at: review.editedAt ?? review.createdAt,
      text: lines(review.title, ...body).join('\n'),
      excerpt: { title: review.title, lines: body, rating: review.rating, learnerNumber: review.authorNumber },
      aspects: review.aspects,
    });
    // Trim in halves, not per review: a shift per row would make the read quadratic.
    if (kept.length >= 2 * limit) {
      kept.splice(0, kept.length - limit);
      truncated = true;
    }
  }
  kept.sort(byNewest);
  if (kept.length > limit) truncated = true;
  return { texts: kept.slice(0, limit), truncated };
}

async function consumerGroupTexts(storage: Storage, course: ContextKey, limit: number): Promise<CourseTexts> {
  const store = storage.consultations;
  const texts: CourseText[] = [];
  const full = () => texts.length >= limit;
  const consultations = await allPages((cursor) => store.listConsultations(course, ['open', 'closed'], { cursor, limit: PAGE }), limit);
  const ideas: Idea[] = [];
  const readIdeas = async (kind: IdeaKind, consultationId?: string) => {
    ideas.push(...(await allPages((cursor) => store.listIdeas(course, { kind, consultationId, sort: 'newest', includeHidden: false, cursor, limit: PAGE }), limit)));
  };
  await readIdeas('need');
  for (const c of consultations) if (ideas.length < limit) await readIdeas('idea', c.id);
  for (const idea of ideas) {
    if (idea.hidden || idea.mergedInto || full()) continue;
    texts.push({
      id: `idea:${idea.id}`,
      kind: 'idea',
      at: idea.createdAt,
      text: lines(idea.title, idea.description, idea.situation).join('\n'),
      lang: idea.language,
      excerpt: { title: idea.title, lines: lines(idea.description, idea.situation) },
    });
  }
  const targets = [
    ...ideas.filter((i) => i.commentCount > 0 && !i.hidden && !i.mergedInto).map((i) => ({ type: 'idea' as const, ideaId: i.id })),
    ...consultations.flatMap((c) => c.outline.map((s) => ({ type: 'section' as const, consultationId: c.id, sectionId: s.id }))),
  ];
  for (const target of targets) {
    if (full()) break;
    for (const comment of await store.listComments(course, target)) {
      if (comment.hidden || full()) continue;
      texts.push({ id: `comment:${comment.id}`, kind: 'comment', at: comment.createdAt, text: comment.body, excerpt: { title: '', lines: lines(comment.body) } });
    }
  }
  return { texts, truncated: full() };
}

async function allPages<T>(read: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>, limit: number): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < limit);
  return items;
}
