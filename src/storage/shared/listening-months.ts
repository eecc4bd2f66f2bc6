/**
 * The Listening overview's response figures per course and calendar month (UTC, of the review's
 * posting date): published reviews posted that month, how many of them have an official response,
 * and the histogram of their time to first response (shared/response-delays.ts). Every review write
 * that moves one of them (a new published review, a moderator's decision, an edit held or hidden,
 * a first response or its removal, a deletion) carries the change computed here, and the adapter
 * executes it in the write's transaction, so the overview reads a few rows per course instead of
 * the reviews. A review's posting date never changes after its creation (edits keep created_at).
 */
import type { ReviewStatus } from '../ports/reviews';
import { delayBucket } from './response-delays';

/** What of a review the figures depend on (dates in epoch ms). */
export interface ListeningFact {
  readonly status: ReviewStatus;
  readonly createdAt: number;
  readonly responseAt: number | null;
}

/** A change to one month's figures of the review's course; `delays` maps a bucket to a count change. */
export interface ListeningMonthDelta {
  /** YYYYMM (UTC). */
  readonly month: number;
  readonly reviews: number;
  readonly answered: number;
  readonly delays: ReadonlyMap<number, number>;
}

/** YYYYMM of a moment, in UTC. */
export function monthOf(ms: number): number {
  const d = new Date(ms);
  return d.getUTCFullYear() * 100 + d.getUTCMonth() + 1;
}

/** The month `back` calendar months before the month of `ms` (UTC), as YYYYMM. */
export function monthsBefore(ms: number, back: number): number {
  const d = new Date(ms);
  const index = d.getUTCFullYear() * 12 + d.getUTCMonth() - back;
  return Math.floor(index / 12) * 100 + (index % 12) + 1;
}

type Contribution = { month: number; answered: number; bucket: number | null };

function contributionOf(fact: ListeningFact | null): Contribution | null {
  if (!fact || fact.status !== 'published') return null;
  const answered = fact.responseAt !== null;
  return { month: monthOf(fact.createdAt), answered: answered ? 1 : 0, bucket: answered ? delayBucket((fact.responseAt as number) - fact.createdAt) : null };
}

/**
 * What a write does to the figures: the review's contribution before (null when it did not exist)
 * taken out, its contribution after (null when it is deleted) put in; months left unchanged are
 * not listed, so most writes (a text edit, a report, a response edited) list none.
 */
export function listeningChange(before: ListeningFact | null, after: ListeningFact | null): ListeningMonthDelta[] {
  const months = new Map<number, { reviews: number; answered: number; delays: Map<number, number> }>();
  const add = (c: Contribution | null, sign: 1 | -1) => {
    if (!c) return;
    let m = months.get(c.month);
    if (!m) months.set(c.month, (m = { reviews: 0, answered: 0, delays: new Map() }));
    m.reviews += sign;
    m.answered += sign * c.answered;
    if (c.bucket !== null) m.delays.set(c.bucket, (m.delays.get(c.bucket) ?? 0) + sign);
  };
  add(contributionOf(before), -1);
  add(contributionOf(after), 1);
  const deltas: ListeningMonthDelta[] = [];
  for (const [month, m] of months) {
    const delays = new Map([...m.delays].filter(([, n]) => n !== 0));
    if (m.reviews !== 0 || m.answered !== 0 || delays.size > 0) deltas.push({ month, reviews: m.reviews, answered: m.answered, delays });
  }
  return deltas;
}
