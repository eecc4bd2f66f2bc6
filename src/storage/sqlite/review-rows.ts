import type { AspectId } from '../ports/course-settings';
import type { HoldReason, ItemKey, Rating, Review, ReviewStatus } from '../ports/reviews';
import type { OrderKey } from '../shared/review-order';
import type { CourseRole } from '../../context/roles';
import type { ReviewResponse } from '../ports/responses';
import type { ReviewFacts, ReviewState } from '../shared/review-change';

/** A row of the reviews table (dates in epoch milliseconds, lists and aspects as JSON). */
export interface ReviewRow {
  id: string;
  issuer: string;
  client_id: string;
  deployment_id: string;
  context_id: string;
  item_id: string;
  author_id: string;
  author_name: string;
  author_given_name: string | null;
  author_family_name: string | null;
  author_number: number;
  rating: Rating;
  aspects: string;
  title: string;
  liked: string;
  improve: string;
  status: ReviewStatus;
  hold_reasons: string;
  hidden_reason: string | null;
  verified: 0 | 1;
  helpful_count: number;
  report_count: number;
  created_at: number;
  updated_at: number;
  edited_at: number | null;
  rated_at: number;
  previous_rating: Rating | null;
  response_text: string | null;
  response_by_id: string | null;
  response_by_name: string | null;
  response_by_role: CourseRole | null;
  response_at: number | null;
  response_edited_at: number | null;
  needs_attention: 0 | 1;
  awaiting_decision: 0 | 1;
}

export const ITEM_MATCH =
  'issuer = @issuer AND client_id = @clientId AND deployment_id = @deploymentId AND context_id = @contextId AND item_id = @itemId';

export function itemParams(item: ItemKey) {
  return { issuer: item.issuer, clientId: item.clientId, deploymentId: item.deploymentId, contextId: item.contextId, itemId: item.itemId };
}

export function toReview(row: ReviewRow): Review {
  return {
    id: row.id,
    item: { issuer: row.issuer, clientId: row.client_id, deploymentId: row.deployment_id, contextId: row.context_id, itemId: row.item_id },
    author: {
      id: row.author_id,
      name: row.author_name,
      ...(row.author_given_name === null ? {} : { givenName: row.author_given_name }),
      ...(row.author_family_name === null ? {} : { familyName: row.author_family_name }),
    },
    authorNumber: row.author_number,
    rating: row.rating,
    // Written by this adapter from checked ReviewWrite values only.
    aspects: JSON.parse(row.aspects) as Partial<Record<AspectId, Rating>>,
    title: row.title,
    liked: row.liked,
    improve: row.improve,
    status: row.status,
    holdReasons: JSON.parse(row.hold_reasons) as HoldReason[],
    ...(row.hidden_reason === null ? {} : { hiddenReason: row.hidden_reason }),
    ...(row.awaiting_decision === 1 ? { awaitingDecision: true as const } : {}),
    verified: row.verified === 1,
    helpfulCount: row.helpful_count,
    reportCount: row.report_count,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    ...(row.edited_at === null ? {} : { editedAt: new Date(row.edited_at) }),
    ...(row.previous_rating === null ? {} : { previousRating: row.previous_rating }),
    ...(responseOf(row) ? { response: responseOf(row) } : {}),
  };
}

function responseOf(row: ReviewRow): ReviewResponse | undefined {
  if (row.response_text === null || row.response_at === null) return undefined;
  return {
    text: row.response_text,
    by: { id: row.response_by_id ?? '', name: row.response_by_name ?? '', role: row.response_by_role ?? 'instructor' },
    at: new Date(row.response_at),
    ...(row.response_edited_at === null ? {} : { editedAt: new Date(row.response_edited_at) }),
  };
}

export function orderKeyOf(row: ReviewRow): OrderKey {
  return { id: row.id, rating: row.rating, helpfulCount: row.helpful_count, createdAt: row.created_at };
}

/** The row as the change plans read it (shared/review-change.ts). */
export function factsOf(row: ReviewRow): ReviewFacts {
  return {
    id: row.id,
    status: row.status,
    rating: row.rating,
    // Written by this adapter from checked ReviewWrite values only.
    aspects: JSON.parse(row.aspects) as Partial<Record<AspectId, Rating>>,
    ratedAt: row.rated_at,
    createdAt: row.created_at,
    previousRating: row.previous_rating,
    reportCount: row.report_count,
    responseAt: row.response_at,
    hiddenReason: row.hidden_reason,
    awaitingDecision: row.awaiting_decision === 1,
  };
}

/** A plan's review state as the statement parameters of the reviews table (queued is derived in SQL: MODERATION_CONDITION). */
export function stateParams(state: ReviewState) {
  return {
    status: state.status,
    ratedAt: state.ratedAt,
    previousRating: state.previousRating,
    reportCount: state.reportCount,
    hiddenReason: state.hiddenReason,
    awaitingDecision: state.awaitingDecision ? 1 : 0,
    needsAttention: state.needsAttention ? 1 : 0,
  };
}
