/**
 * The review store as plain Maps, for unit tests. It computes summaries by scanning the item's
 * reviews instead of keeping buckets: slower, but obviously right, which makes it a useful oracle for
 * the shared contract suite that the indexed adapters must also pass. No method awaits between its
 * reads and writes, so concurrent calls cannot interleave inside one.
 */
import { randomUUID } from 'node:crypto';
import type { ContextKey } from '../../context/tenant';
import type { AuditEntry, AuditInput } from '../ports/audit';
import { REPORT_REASONS, type ItemKey, type ReportReason, type Review, type ReviewStore, type ReviewSummary } from '../ports/reviews';
import { checkAuditCourse } from '../shared/audit-record';
import { checkLimit } from '../shared/cursor';
import { planReviewSave } from '../shared/review-save';
import { checkHiddenQuery, compareNewestFirst, encodeHiddenCursor } from '../shared/hidden-reviews';
import { checkReviewWrite, checkStars, checkStatus, checkStatuses } from '../shared/review-input';
import {
  compareForSort,
  compareOldestFirst,
  decodeOldestFirstCursor,
  decodeReviewCursor,
  encodeOldestFirstCursor,
  isAfterCursor,
  REVIEW_SORTS,
  toPage,
  type OrderKey,
} from '../shared/review-order';
import { aspectsSummary, last12MonthRange, monthOf, statsOf } from '../shared/review-summary';
import { courseMapKey } from './settings-store';
import type { Rating, RatingStats } from '../ports/reviews';
import type { ResponseStore } from '../ports/responses';
import { needsAttention, versionOf } from '../shared/review-loop';
import type { BumpGeneration } from './generation-store';

const itemMapKey = (k: ItemKey): string => JSON.stringify([k.issuer, k.clientId, k.deploymentId, k.contextId, k.itemId]);

interface Stored {
  review: Review;
  /** When the rating last changed: picks the review's month for "last 12 months". */
  ratedAt: number;
  /** The author's last rating in each course version, with when it was given. */
  versionRatings: Map<string, { rating: Rating; at: number }>;
}

interface StoredReport {
  readonly reason: ReportReason;
  readonly at: Date;
  /** Set when moderation cleared it; the report then no longer counts but still blocks a second one. */
  cleared: boolean;
}

function copyReview(r: Review): Review {
  return {
    ...r,
    item: { issuer: r.item.issuer, clientId: r.item.clientId, deploymentId: r.item.deploymentId, contextId: r.item.contextId, itemId: r.item.itemId },
    author: { ...r.author },
    aspects: { ...r.aspects },
    holdReasons: [...r.holdReasons],
    createdAt: new Date(r.createdAt.getTime()),
    updatedAt: new Date(r.updatedAt.getTime()),
    ...(r.editedAt === undefined ? {} : { editedAt: new Date(r.editedAt.getTime()) }),
    ...(r.response === undefined
      ? {}
      : {
          response: {
            ...r.response,
            by: { ...r.response.by },
            at: new Date(r.response.at.getTime()),
            ...(r.response.editedAt === undefined ? {} : { editedAt: new Date(r.response.editedAt.getTime()) }),
          },
        }),
  };
}

/** Drops undefined optional fields, as the databases do, so records compare equal across adapters. */
function cleanAuthor(a: Review['author']): Review['author'] {
  return {
    id: a.id,
    name: a.name,
    ...(a.givenName === undefined ? {} : { givenName: a.givenName }),
    ...(a.familyName === undefined ? {} : { familyName: a.familyName }),
  };
}

/** In the moderation queue: held, reported, or hidden and edited since (awaiting a decision). */
const isQueued = (r: Review): boolean => r.status === 'held' || r.reportCount > 0 || r.awaitingDecision === true;

const orderKey = (r: Review): OrderKey => ({ id: r.id, rating: r.rating, helpfulCount: r.helpfulCount, createdAt: r.createdAt.getTime() });
const inCourse = (r: Review, course: ContextKey): boolean => courseMapKey(r.item) === courseMapKey(course);

const attentionOf = (s: Stored): boolean =>
  needsAttention({
    status: s.review.status,
    rating: s.review.rating,
    previousRating: s.review.previousRating,
    reportCount: s.review.reportCount,
    ratedAt: s.ratedAt,
    responseAt: s.review.response?.at,
  });

/** `bump` counts, after it succeeded, every write a learner's reviews panel shows (see ports/course-generations.ts). */
export function memoryReviewStore(
  assertOpen: () => void,
  appendAudit: (entry: AuditInput) => AuditEntry,
  bump: BumpGeneration,
): ReviewStore & ResponseStore {
  const reviews = new Map<string, Stored>();
  const byAuthor = new Map<string, string>();
  const votes = new Map<string, Set<string>>();
  const reports = new Map<string, Map<string, StoredReport>>();
  const authorNumbers = new Map<string, Map<string, number>>();

  const authorKey = (item: ItemKey, authorId: string) => JSON.stringify([itemMapKey(item), authorId]);
  const storedInCourse = (course: ContextKey, id: string): Stored | undefined => {
    const found = reviews.get(id);
    return found && inCourse(found.review, course) ? found : undefined;
  };
  const itemReviews = (item: ItemKey): Stored[] => {
    const key = itemMapKey(item);
    return [...reviews.values()].filter((s) => itemMapKey(s.review.item) === key);
  };
  const authorNumber = (course: ContextKey, authorId: string): number => {
    const key = courseMapKey(course);
    let numbers = authorNumbers.get(key);
    if (!numbers) authorNumbers.set(key, (numbers = new Map()));
    let n = numbers.get(authorId);
    if (n === undefined) numbers.set(authorId, (n = Math.max(0, ...numbers.values()) + 1));
    return n;
  };
  const openReports = (id: string): number => [...(reports.get(id)?.values() ?? [])].filter((r) => !r.cleared).length;

  return {
    async saveReview(rawInput, now) {
      assertOpen();
      const input = checkReviewWrite(rawInput);
      const key = authorKey(input.item, input.author.id);
      const existingId = byAuthor.get(key);
      const existing = existingId === undefined ? undefined : reviews.get(existingId);
      const t = now.getTime();
      const content = {
        item: input.item,
        author: cleanAuthor(input.author),
        rating: input.rating,
        aspects: input.aspects,
        title: input.title,
        liked: input.liked,
        improve: input.improve,
        status: input.status,
        holdReasons: input.holdReasons,
        verified: input.verified,
        updatedAt: now,
      };
      const versionId = versionOf(input);
      if (existing) {
        const previous = existing.review;
        const plan = planReviewSave(previous, input, now);
        const rerated = input.rating !== previous.rating;
        const { hiddenReason: _dropped, awaitingDecision: _decided, previousRating: earlier, ...kept } = previous;
        const previousRating = rerated ? previous.rating : earlier;
        const review: Review = {
          ...kept,
          ...content,
          status: plan.status,
          holdReasons: plan.holdReasons,
          ...(plan.hiddenReason === undefined ? {} : { hiddenReason: plan.hiddenReason }),
          ...(plan.awaitingDecision ? { awaitingDecision: true as const } : {}),
          editedAt: now,
          ...(previousRating === undefined ? {} : { previousRating }),
        };
        if (plan.audit) appendAudit(plan.audit);
        const ratings = new Map(existing.versionRatings);
        // A changed rating is the author's rating in the current version; earlier versions keep theirs.
        if (rerated) ratings.set(versionId, { rating: input.rating, at: t });
        reviews.set(previous.id, { review: copyReview(review), ratedAt: rerated ? t : existing.ratedAt, versionRatings: ratings });
        bump(input.item);
        return { review: copyReview(review), previous: copyReview(previous) };
      }
      const review: Review = {
        ...content,
        id: randomUUID(),
        authorNumber: authorNumber(input.item, input.author.id),
        helpfulCount: 0,
        reportCount: 0,
        createdAt: now,
      };
      reviews.set(review.id, { review: copyReview(review), ratedAt: t, versionRatings: new Map([[versionId, { rating: input.rating, at: t }]]) });
      byAuthor.set(key, review.id);
      bump(input.item);
      return { review: copyReview(review), previous: null };
    },

    async deleteReview(item, authorId) {
      assertOpen();
      const key = authorKey(item, authorId);
      const id = byAuthor.get(key);
      const found = id === undefined ? undefined : reviews.get(id);
      if (id === undefined || !found) return null;
      byAuthor.delete(key);
      reviews.delete(id);
      votes.delete(id);
      reports.delete(id);
      bump(item);
      return copyReview(found.review);
    },

    async findReviewByAuthor(item, authorId) {
      assertOpen();
      const id = byAuthor.get(authorKey(item, authorId));
      const found = id === undefined ? undefined : reviews.get(id);
      return found ? copyReview(found.review) : null;
    },

    async findReview(course, reviewId) {
      assertOpen();
      const found = storedInCourse(course, reviewId);
      return found ? copyReview(found.review) : null;
    },

    async listReviews(item, query) {
      assertOpen();
      if (!REVIEW_SORTS.includes(query.sort)) throw new RangeError(`Unknown review sort ${String(query.sort)}`);
      const limit = checkLimit(query.limit);
      const statuses = new Set(checkStatuses(query.statuses));
      const stars = checkStars(query.stars);
      const cursor = query.cursor === undefined ? null : decodeReviewCursor(query.sort, query.cursor);
      const rows = itemReviews(item)
        .map((s) => s.review)
        .filter((r) => statuses.has(r.status) && (stars === undefined || r.rating === stars))
        .filter((r) => cursor === null || isAfterCursor(cursor, orderKey(r)))
        .sort((a, b) => compareForSort(query.sort, orderKey(a), orderKey(b)))
        .slice(0, limit + 1);
      return toPage(query.sort, rows, limit, orderKey, copyReview);
    },

    async summary(item, now) {
      assertOpen();
      const published = itemReviews(item).filter((s) => s.review.status === 'published');
      const { from, to } = last12MonthRange(now);
      const recent = published.filter((s) => monthOf(s.ratedAt) >= from && monthOf(s.ratedAt) <= to);
      const stats = (list: Stored[]) => {
        const histogram = [0, 0, 0, 0, 0];
        for (const s of list) histogram[s.review.rating - 1]++;
        return statsOf(list.length, list.reduce((n, s) => n + s.review.rating, 0), histogram);
      };
      const aspects = new Map<string, { aspect: string; count: number; sum: number }>();
      for (const s of published) {
        for (const [aspect, value] of Object.entries(s.review.aspects)) {
          const a = aspects.get(aspect) ?? { aspect, count: 0, sum: 0 };
          a.count++;
          a.sum += value;
          aspects.set(aspect, a);
        }
      }
      const summary: ReviewSummary = { overall: stats(published), last12Months: stats(recent), aspects: aspectsSummary(aspects.values()) };
      return summary;
    },

    async countReviewers(item) {
      assertOpen();
      return itemReviews(item).length;
    },

    async setHelpful(course, reviewId, voterId, on) {
      assertOpen();
      const found = storedInCourse(course, reviewId);
      if (!found) return 0;
      const voters = votes.get(reviewId) ?? new Set<string>();
      if (on) voters.add(voterId);
      else voters.delete(voterId);
      votes.set(reviewId, voters);
      found.review = { ...found.review, helpfulCount: voters.size };
      bump(course);
      return voters.size;
    },

    async helpfulVotesBy(course, voterId, reviewIds) {
      assertOpen();
      return new Set(reviewIds.filter((id) => storedInCourse(course, id) && votes.get(id)?.has(voterId)));
    },

    async report(course, reviewId, reporterId, reason, at) {
      assertOpen();
      if (!REPORT_REASONS.includes(reason)) throw new RangeError(`Unknown report reason ${String(reason)}`);
      const found = storedInCourse(course, reviewId);
      if (!found) return false;
      const filed = reports.get(reviewId) ?? new Map<string, StoredReport>();
      if (filed.has(reporterId)) return false;
      filed.set(reporterId, { reason, at: new Date(at.getTime()), cleared: false });
      reports.set(reviewId, filed);
      found.review = { ...found.review, reportCount: openReports(reviewId) };
      bump(course);
      return true;
    },

    async reportsBy(course, reporterId, reviewIds) {
      assertOpen();
      return new Set(reviewIds.filter((id) => storedInCourse(course, id) && reports.get(id)?.has(reporterId)));
    },

    async reportsOf(course, reviewId) {
      assertOpen();
      if (!storedInCourse(course, reviewId)) return [];
      return [...(reports.get(reviewId)?.entries() ?? [])]
        .filter(([, r]) => !r.cleared)
        .sort(([ida, a], [idb, b]) => a.at.getTime() - b.at.getTime() || (ida < idb ? -1 : ida > idb ? 1 : 0))
        .map(([, r]) => ({ reason: r.reason, at: new Date(r.at.getTime()) }));
    },

    async moderate(course, reviewId, change, audit) {
      assertOpen();
      const status = checkStatus(change.status);
      checkAuditCourse(course, audit);
      const found = storedInCourse(course, reviewId);
      if (!found) return null;
      if (status === 'published') for (const r of reports.get(reviewId)?.values() ?? []) r.cleared = true;
      const { hiddenReason: _dropped, awaitingDecision: _decided, ...rest } = found.review;
      found.review = {
        ...rest,
        status,
        ...(status === 'hidden' && change.hiddenReason !== undefined ? { hiddenReason: change.hiddenReason } : {}),
        reportCount: openReports(reviewId),
        updatedAt: new Date(audit.at.getTime()),
      };
      appendAudit(audit);
      bump(course);
      return copyReview(found.review);
    },

    async moderationQueue(course, page) {
      assertOpen();
      const limit = checkLimit(page.limit);
      const after = page.cursor === undefined ? null : decodeOldestFirstCursor(page.cursor);
      const queued = [...reviews.values()]
        .map((s) => s.review)
        .filter((r) => inCourse(r, course) && isQueued(r))
        .map((r) => ({ key: { createdAt: r.createdAt.getTime(), id: r.id }, r }))
        .filter(({ key }) => after === null || compareOldestFirst(after, key) < 0)
        .sort((a, b) => compareOldestFirst(a.key, b.key));
      const kept = queued.slice(0, limit);
      const last = kept[kept.length - 1];
      return { items: kept.map(({ r }) => copyReview(r)), nextCursor: queued.length > limit && last ? encodeOldestFirstCursor(last.key) : null };
    },

    async listHidden(course, query) {
      assertOpen();
      const limit = checkLimit(query.limit);
      const { stars, after } = checkHiddenQuery(query);
      const hidden = [...reviews.values()]
        .map((s) => s.review)
        .filter((r) => inCourse(r, course) && r.status === 'hidden' && (stars === undefined || r.rating === stars))
        .map((r) => ({ key: { createdAt: r.createdAt.getTime(), id: r.id }, r }))
        .filter(({ key }) => after === null || compareNewestFirst(after, key) < 0)
        .sort((a, b) => compareNewestFirst(a.key, b.key));
      const kept = hidden.slice(0, limit);
      const last = kept[kept.length - 1];
      return { items: kept.map(({ r }) => copyReview(r)), nextCursor: hidden.length > limit && last ? encodeHiddenCursor(last.key) : null };
    },

    async countModerationQueue(course) {
      assertOpen();
      return [...reviews.values()].filter((s) => inCourse(s.review, course) && isQueued(s.review)).length;
    },

    async versionSummaries(item) {
      assertOpen();
      const out = new Map<string, RatingStats>();
      for (const s of itemReviews(item)) {
        if (s.review.status !== 'published') continue;
        for (const [version, { rating }] of s.versionRatings) {
          const stats = out.get(version) ?? { count: 0, sum: 0, histogram: [0, 0, 0, 0, 0] as [number, number, number, number, number] };
          const histogram = [...stats.histogram] as [number, number, number, number, number];
          histogram[rating - 1]++;
          out.set(version, { count: stats.count + 1, sum: stats.sum + rating, histogram });
        }
      }
      return out;
    },

    async ratingHistory(course, reviewId) {
      assertOpen();
      const found = storedInCourse(course, reviewId);
      if (!found) return [];
      return [...found.versionRatings.entries()]
        .sort(([va, a], [vb, b]) => a.at - b.at || (va < vb ? -1 : va > vb ? 1 : 0))
        .map(([versionId, r]) => ({ versionId, rating: r.rating, at: new Date(r.at) }));
    },

    async respond(course, reviewId, response) {
      assertOpen();
      if (response && (typeof response.text !== 'string' || response.text.length === 0 || response.text.length > 4000)) {
        throw new RangeError('A response is 1 to 4000 characters');
      }
      const found = storedInCourse(course, reviewId);
      if (!found) return null;
      const { response: earlier, ...rest } = found.review;
      found.review = response
        ? {
            ...rest,
            response: {
              text: response.text,
              by: { id: response.by.id, name: response.by.name, role: response.by.role },
              at: earlier ? earlier.at : new Date(response.at.getTime()),
              ...(earlier ? { editedAt: new Date(response.at.getTime()) } : {}),
            },
          }
        : rest;
      bump(course);
      return copyReview(found.review);
    },

    async needsAttention(course, page) {
      assertOpen();
      const limit = checkLimit(page.limit);
      const after = page.cursor === undefined ? null : decodeOldestFirstCursor(page.cursor);
      const listed = [...reviews.values()]
        .filter((s) => inCourse(s.review, course) && attentionOf(s))
        .map((s) => ({ key: { createdAt: s.review.createdAt.getTime(), id: s.review.id }, r: s.review }))
        .filter(({ key }) => after === null || compareOldestFirst(after, key) < 0)
        .sort((a, b) => compareOldestFirst(a.key, b.key));
      const kept = listed.slice(0, limit);
      const last = kept[kept.length - 1];
      return { items: kept.map(({ r }) => copyReview(r)), nextCursor: listed.length > limit && last ? encodeOldestFirstCursor(last.key) : null };
    },

    async countNeedsAttention(course) {
      assertOpen();
      return [...reviews.values()].filter((s) => inCourse(s.review, course) && attentionOf(s)).length;
    },

    async *allReviews(course) {
      assertOpen();
      const all = [...reviews.values()]
        .map((s) => s.review)
        .filter((r) => inCourse(r, course))
        .sort((a, b) => compareOldestFirst({ createdAt: a.createdAt.getTime(), id: a.id }, { createdAt: b.createdAt.getTime(), id: b.id }));
      for (const r of all) yield copyReview(r);
    },

    async renameAuthor(course, author) {
      assertOpen();
      if (typeof author?.id !== 'string' || typeof author.name !== 'string') throw new TypeError('A review author has a string id and name');
      const renamed = cleanAuthor(author);
      let changed = 0;
      for (const stored of reviews.values()) {
        const r = stored.review;
        if (!inCourse(r, course) || r.author.id !== author.id) continue;
        if (r.author.name === renamed.name && r.author.givenName === renamed.givenName && r.author.familyName === renamed.familyName) continue;
        stored.review = { ...r, author: { ...renamed } };
        changed++;
      }
      if (changed > 0) bump(course);
      return changed;
    },
  };
}
