/**
 * Pure pieces of the MongoDB review store (document mapping, summary updates, scan filters), kept
 * apart so that they can be tested without a server.
 */
import type { QueryFilter } from 'mongoose';
import { ASPECTS, type AspectId } from '../ports/course-settings';
import type { ItemKey, Rating, Review, ReviewStatus, ReviewSummary, ReviewTriage } from '../ports/reviews';
import type { GroupScan, OrderKey } from '../shared/review-order';
import { aspectsSummary, emptyStats, last12MonthKeys, statsOf, sumStats, type StatsDelta, type SummaryChange } from '../shared/review-summary';
import { REVIEW_SCAN_INDEXES, REVIEW_TRIAGE_INDEXES, type ReviewDoc, type StatsFields, type SummaryDoc } from './course-models';
import { itemFilter } from './keys';

export function toReview(doc: ReviewDoc): Review {
  const aspects: Partial<Record<AspectId, Rating>> = {};
  for (const aspect of ASPECTS) {
    const value = doc.aspects?.[aspect];
    if (value != null) aspects[aspect] = value;
  }
  return {
    id: doc.reviewId,
    item: { issuer: doc.issuer, clientId: doc.clientId, deploymentId: doc.deploymentId ?? '', contextId: doc.contextId ?? '', itemId: doc.itemId ?? '' },
    author: {
      id: doc.authorId ?? '',
      name: doc.author?.name ?? '',
      ...(doc.author?.givenName != null ? { givenName: doc.author.givenName } : {}),
      ...(doc.author?.familyName != null ? { familyName: doc.author.familyName } : {}),
    },
    authorNumber: doc.authorNumber,
    rating: doc.rating,
    aspects,
    title: doc.title ?? '',
    liked: doc.liked ?? '',
    improve: doc.improve ?? '',
    status: doc.status,
    holdReasons: [...(doc.holdReasons ?? [])],
    ...(doc.hiddenReason != null ? { hiddenReason: doc.hiddenReason } : {}),
    ...(doc.awaitingDecision === true ? { awaitingDecision: true as const } : {}),
    verified: doc.verified,
    helpfulCount: doc.helpfulCount,
    reportCount: doc.reportCount,
    createdAt: new Date(doc.createdAt),
    updatedAt: new Date(doc.updatedAt),
    ...(doc.editedAt != null ? { editedAt: new Date(doc.editedAt) } : {}),
    ...(doc.previousRating != null ? { previousRating: doc.previousRating } : {}),
    ...(doc.response?.text != null
      ? {
          response: {
            text: doc.response.text,
            by: { id: doc.response.by?.id ?? '', name: doc.response.by?.name ?? '', role: doc.response.by?.role ?? 'instructor' },
            at: new Date(doc.response.at),
            ...(doc.response.editedAt != null ? { editedAt: new Date(doc.response.editedAt) } : {}),
          },
        }
      : {}),
  };
}

export function orderKeyOf(doc: ReviewDoc): OrderKey {
  return { id: doc.reviewId, rating: doc.rating, helpfulCount: doc.helpfulCount, createdAt: new Date(doc.createdAt).getTime() };
}

export const monthField = (month: number): string => `m${month}`;

/** Adds the non-zero fields only: an $inc of 0 would still be a write the server has to make. */
function increment(into: Record<string, number>, path: string, by: number): void {
  if (by !== 0) into[path] = by;
}

function statsIncrements(prefix: string, d: StatsDelta, into: Record<string, number>): void {
  increment(into, `${prefix}count`, d.count);
  increment(into, `${prefix}sum`, d.sum);
  d.histogram.forEach((n, i) => increment(into, `${prefix}h${i + 1}`, n));
}

/** The $inc of a summary change: one atomic update of the item's summary document (null when nothing moves). */
export function summaryIncrements(change: SummaryChange): Record<string, number> | null {
  const inc: Record<string, number> = {};
  increment(inc, 'reviewers', change.reviewers);
  statsIncrements('', change.overall, inc);
  for (const [month, d] of change.months) statsIncrements(`months.${monthField(month)}.`, d, inc);
  for (const [aspect, d] of change.aspects) {
    increment(inc, `aspects.${aspect}.count`, d.count);
    increment(inc, `aspects.${aspect}.sum`, d.sum);
  }
  return Object.keys(inc).length === 0 ? null : inc;
}

/** Reads only what the summary shows: the totals, the aspects and the twelve months of the window. */
export function summaryProjection(now: Date): Record<string, 1> {
  const projection: Record<string, 1> = { reviewers: 1, count: 1, sum: 1, h1: 1, h2: 1, h3: 1, h4: 1, h5: 1, aspects: 1 };
  for (const month of last12MonthKeys(now)) projection[`months.${monthField(month)}`] = 1;
  return projection;
}

const statsFrom = (f: StatsFields | undefined) =>
  f ? statsOf(f.count ?? 0, f.sum ?? 0, [f.h1 ?? 0, f.h2 ?? 0, f.h3 ?? 0, f.h4 ?? 0, f.h5 ?? 0]) : emptyStats();

export function toSummary(doc: SummaryDoc | null, now: Date): ReviewSummary {
  if (!doc) return { overall: emptyStats(), last12Months: emptyStats(), aspects: {} };
  const months = last12MonthKeys(now).map((m) => statsFrom(doc.months?.[monthField(m)]));
  const aspects = Object.entries(doc.aspects ?? {}).map(([aspect, a]) => ({ aspect, count: a?.count ?? 0, sum: a?.sum ?? 0 }));
  return { overall: statsFrom(doc), last12Months: sumStats(months), aspects: aspectsSummary(aspects) };
}

export interface ScanQuery {
  readonly filter: QueryFilter<ReviewDoc>;
  readonly sort: Record<string, 1 | -1>;
  readonly hint: string;
}

/**
 * One group scan of listReviews as MongoDB queries, in the order their results follow each other.
 * After a cursor, the rows "strictly after (h, c, id)" are split into ranges that each have equality
 * on the fields before the one that moves (same helpful count and date with a smaller id, then an
 * earlier date, then a smaller count), so every query starts exactly at the cursor in the index
 * instead of filtering from the start of the item. Statuses go in as $in: the server merges the
 * per-status ranges of the index in sort order (SORT_MERGE), so no in-memory sort is needed.
 */
/** A triage filter (shared/review-triage.ts) as a query, written to match its index in course-models.ts. */
export function triageFilter(triage: ReviewTriage): QueryFilter<ReviewDoc> {
  switch (triage) {
    case 'unanswered':
      return { 'response.at': null };
    case 'low':
      return { rating: { $lte: 2 } };
    case 'reported':
      return { reportCount: { $gt: 0 } };
    case 'edited-after-response':
      return { 'response.at': { $exists: true }, editedAt: { $exists: true }, $expr: { $gt: ['$editedAt', { $ifNull: ['$response.editedAt', '$response.at'] }] } };
  }
}

export function scanQueries(item: ItemKey, statuses: readonly ReviewStatus[], scan: GroupScan): ScanQuery[] {
  const triage = scan.order === 'created' ? scan.triage : undefined;
  const base: QueryFilter<ReviewDoc> = {
    ...itemFilter(item),
    status: statuses.length === 1 ? statuses[0] : { $in: [...statuses] },
    ...(scan.rating === undefined ? {} : { rating: scan.rating }),
    ...(triage ? triageFilter(triage) : {}),
  };
  const helpful = scan.order === 'helpful';
  const sort: Record<string, 1 | -1> = helpful ? { helpfulCount: -1, createdAt: -1, reviewId: -1 } : { createdAt: -1, reviewId: -1 };
  const hint = triage
    ? REVIEW_TRIAGE_INDEXES[triage]
    : scan.rating === undefined
      ? helpful ? REVIEW_SCAN_INDEXES.helpful : REVIEW_SCAN_INDEXES.created
      : helpful ? REVIEW_SCAN_INDEXES.helpfulByRating : REVIEW_SCAN_INDEXES.createdByRating;
  const query = (extra: QueryFilter<ReviewDoc>): ScanQuery => ({ filter: { ...base, ...extra }, sort, hint });
  if (scan.after === undefined) return [query({})];
  const createdAt = new Date(scan.after.createdAt);
  const sameDate = [query({ createdAt, reviewId: { $lt: scan.after.id } }), query({ createdAt: { $lt: createdAt } })];
  if (scan.order !== 'helpful') return sameDate;
  const count = scan.after.helpfulCount;
  return [...sameDate.map((q) => ({ ...q, filter: { ...q.filter, helpfulCount: count } })), query({ helpfulCount: { $lt: count } })];
}

/** Oldest-first ranges after a cursor (moderation queue, export): same date with a larger id, then later dates. */
/**
 * The hidden reviews after a cursor, newest first, as ranges that each start exactly at the cursor
 * in the index (same millisecond and a smaller id, then older milliseconds), like oldestFirstRanges.
 */
export function newestFirstRanges<T>(base: QueryFilter<T>, after: { createdAt: number; id: string } | null): Array<QueryFilter<T>> {
  if (!after) return [base];
  const createdAt = new Date(after.createdAt);
  return [
    { ...base, createdAt, reviewId: { $lt: after.id } } as QueryFilter<T>,
    { ...base, createdAt: { $lt: createdAt } } as QueryFilter<T>,
  ];
}

export function oldestFirstRanges<T>(base: QueryFilter<T>, after: { createdAt: number; id: string } | null): Array<QueryFilter<T>> {
  if (!after) return [base];
  const createdAt = new Date(after.createdAt);
  return [
    { ...base, createdAt, reviewId: { $gt: after.id } } as QueryFilter<T>,
    { ...base, createdAt: { $gt: createdAt } } as QueryFilter<T>,
  ];
}
