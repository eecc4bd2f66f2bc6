/**
 * Which alerts one course raises now, from what the worker read of it (evidence) and the platform's
 * rules. Pure: the same evidence, rules and moment give the same drafts, so each rule is tested
 * alone (test/unit/alert-rules.test.ts).
 *
 * Each draft carries a dedupe key: the store keeps one alert per key (unique index), so a condition
 * that holds at every evaluation is raised once. The key names the condition's episode:
 * - average drop: one per block of `ratings` new ratings (the course's rating count / N), so a
 *   course that keeps sinking is told again after N more ratings, not at every one;
 * - low spike: one per period of `days` days (counted from the epoch);
 * - unanswered low review: one per review;
 * - topic turning negative: one per topic and period of `days` days.
 */
import type { ContextKey } from '../../context/tenant';
import { findTopics, type ListeningText, type TopicMention } from '../sentiment/topics';
import type { AlertKind, AlertRules } from './alert-rules';

const DAY_MS = 86_400_000;

/** A published review as the rules see it. */
export interface RatedReview {
  readonly id: string;
  readonly rating: number;
  readonly ratedAt: Date;
  readonly answered: boolean;
}

export interface CourseEvidence {
  readonly course: ContextKey;
  /** Published ratings of the course in all (the average-drop episode counter). */
  readonly ratingCount: number;
  /** The newest published reviews, newest first (at most MAX_RATINGS_READ). */
  readonly latest: readonly RatedReview[];
  /** Published reviews of 1–2 stars without a response, oldest first (from the needs-attention list). */
  readonly unansweredLow: readonly RatedReview[];
  /** The newest review texts (title, liked, improve together), for the topics. */
  readonly texts: readonly ListeningText[];
}

/** Figures that explain an alert, shown in its sentence (numbers only: no learner text leaves the tool). */
export type AlertFacts = Readonly<Record<string, number | string>>;

export interface AlertDraft {
  readonly kind: AlertKind;
  readonly course: ContextKey;
  readonly dedupeKey: string;
  /** The reviews behind it, at most MAX_LINKED. */
  readonly reviewIds: readonly string[];
  readonly facts: AlertFacts;
  readonly raisedAt: Date;
}

export const MAX_LINKED = 20;

export function evaluateCourse(evidence: CourseEvidence, rules: AlertRules, now: Date): AlertDraft[] {
  return [
    ...(rules.averageDrop.enabled ? averageDrop(evidence, rules.averageDrop, now) : []),
    ...(rules.lowSpike.enabled ? lowSpike(evidence, rules.lowSpike, now) : []),
    ...(rules.unansweredLow.enabled ? unansweredLow(evidence, rules.unansweredLow, now) : []),
    ...(rules.topicNegative.enabled ? topicNegative(evidence, rules.topicNegative, now) : []),
  ];
}

/** A stable text of the course for keys: its four parts, each length-prefixed so no two courses collide. */
export function courseKey(course: ContextKey): string {
  return [course.issuer, course.clientId, course.deploymentId, course.contextId].map((part) => `${part.length}:${part}`).join('|');
}

const mean = (reviews: readonly RatedReview[]) => reviews.reduce((sum, r) => sum + r.rating, 0) / reviews.length;
const round2 = (value: number) => Math.round(value * 100) / 100;
const isLow = (r: RatedReview) => r.rating <= 2;

function averageDrop(evidence: CourseEvidence, rule: AlertRules['averageDrop'], now: Date): AlertDraft[] {
  const n = rule.ratings;
  if (evidence.latest.length < 2 * n) return [];
  const last = evidence.latest.slice(0, n);
  const before = evidence.latest.slice(n, 2 * n);
  const drop = mean(before) - mean(last);
  // A tiny epsilon: 4.5 − 4.0 must count as a drop of 0.5 despite binary fractions.
  if (drop + 1e-9 < rule.drop) return [];
  return [
    {
      kind: 'average-drop',
      course: evidence.course,
      dedupeKey: `average-drop:${courseKey(evidence.course)}:${Math.floor(evidence.ratingCount / n)}`,
      reviewIds: last.filter(isLow).concat(last.filter((r) => !isLow(r))).slice(0, MAX_LINKED).map((r) => r.id),
      facts: { ratings: n, before: round2(mean(before)), after: round2(mean(last)), drop: round2(drop) },
      raisedAt: now,
    },
  ];
}

function lowSpike(evidence: CourseEvidence, rule: AlertRules['lowSpike'], now: Date): AlertDraft[] {
  const period = rule.days * DAY_MS;
  const recentFrom = now.getTime() - period;
  const baselineFrom = recentFrom - 4 * period;
  const lows = evidence.latest.filter(isLow);
  const recent = lows.filter((r) => r.ratedAt.getTime() > recentFrom && r.ratedAt.getTime() <= now.getTime());
  const baseline = lows.filter((r) => r.ratedAt.getTime() > baselineFrom && r.ratedAt.getTime() <= recentFrom).length / 4;
  if (recent.length < rule.minCount || recent.length < rule.factor * baseline) return [];
  return [
    {
      kind: 'low-spike',
      course: evidence.course,
      dedupeKey: `low-spike:${courseKey(evidence.course)}:${Math.floor(now.getTime() / period)}`,
      reviewIds: recent.slice(0, MAX_LINKED).map((r) => r.id),
      facts: { count: recent.length, days: rule.days, baseline: round2(baseline) },
      raisedAt: now,
    },
  ];
}

function unansweredLow(evidence: CourseEvidence, rule: AlertRules['unansweredLow'], now: Date): AlertDraft[] {
  const before = now.getTime() - rule.days * DAY_MS;
  return evidence.unansweredLow
    .filter((r) => isLow(r) && !r.answered && r.ratedAt.getTime() <= before)
    .map((r) => ({
      kind: 'unanswered-low' as const,
      course: evidence.course,
      dedupeKey: `unanswered-low:${courseKey(evidence.course)}:${r.id}`,
      reviewIds: [r.id],
      facts: { rating: r.rating, days: Math.floor((now.getTime() - r.ratedAt.getTime()) / DAY_MS) },
      raisedAt: now,
    }));
}

function topicNegative(evidence: CourseEvidence, rule: AlertRules['topicNegative'], now: Date): AlertDraft[] {
  const period = rule.days * DAY_MS;
  const recentFrom = now.getTime() - period;
  const previousFrom = recentFrom - period;
  const texts = evidence.texts.filter((text) => text.at.getTime() > previousFrom && text.at.getTime() <= now.getTime());
  const negativeShare = (mentions: readonly TopicMention[]) =>
    mentions.length === 0 ? 0 : mentions.filter((m) => m.sentiment === 'negative').length / mentions.length;
  const drafts: AlertDraft[] = [];
  for (const topic of findTopics(texts, { now, windowDays: rule.days, minTexts: rule.minMentions })) {
    const recent = topic.mentions.filter((m) => m.at.getTime() > recentFrom);
    const previous = topic.mentions.filter((m) => m.at.getTime() <= recentFrom);
    if (recent.length < rule.minMentions) continue;
    const share = negativeShare(recent);
    const rise = share - negativeShare(previous);
    if (share < 0.5 || rise + 1e-9 < rule.rise) continue;
    drafts.push({
      kind: 'topic-negative',
      course: evidence.course,
      dedupeKey: `topic-negative:${courseKey(evidence.course)}:${topic.key}:${Math.floor(now.getTime() / period)}`,
      reviewIds: recent.filter((m) => m.sentiment === 'negative').slice(0, MAX_LINKED).map((m) => m.id),
      facts: { topic: topic.label, share: round2(share), previousShare: round2(negativeShare(previous)), mentions: recent.length },
      raisedAt: now,
    });
  }
  return drafts;
}
