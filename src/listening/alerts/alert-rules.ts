/**
 * The alert rules of one platform: what turns sour enough to tell someone. Each rule has a switch
 * and its thresholds; a platform that never changed them uses DEFAULT_ALERT_RULES. The bounds below
 * are the admin form's validation (alert-rules-input.ts) and keep every evaluation cheap (a rule
 * never reads more than MAX_RATINGS_READ reviews of a course).
 */

export const ALERT_KINDS = ['average-drop', 'low-spike', 'unanswered-low', 'topic-negative', 'negative-mention'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface AlertRules {
  /** The average of the last `ratings` ratings is at least `drop` stars below the average of the `ratings` before. */
  readonly averageDrop: { readonly enabled: boolean; readonly ratings: number; readonly drop: number };
  /**
   * At least `minCount` reviews of 1–2 stars were rated in the last `days` days, and at least `factor`
   * times as many as the mean of the four periods of `days` days before (a course with no low review
   * before spikes on `minCount` alone).
   */
  readonly lowSpike: { readonly enabled: boolean; readonly days: number; readonly minCount: number; readonly factor: number };
  /** A published review of 1–2 stars still has no response `days` days after it was rated. */
  readonly unansweredLow: { readonly enabled: boolean; readonly days: number };
  /**
   * A topic (listening/sentiment/topics.ts) mentioned in at least `minMentions` texts of the last
   * `days` days whose negative share is at least `rise` (a share, 0–1) above its share in the `days`
   * days before, and at least one half.
   */
  readonly topicNegative: { readonly enabled: boolean; readonly days: number; readonly minMentions: number; readonly rise: number };
  /** A new mention outside the LMS (a post of a course's feed) reads negative. */
  readonly negativeMention: { readonly enabled: boolean };
}

export const DEFAULT_ALERT_RULES: AlertRules = Object.freeze({
  averageDrop: { enabled: true, ratings: 10, drop: 0.5 },
  lowSpike: { enabled: true, days: 7, minCount: 3, factor: 2 },
  unansweredLow: { enabled: true, days: 3 },
  topicNegative: { enabled: true, days: 30, minMentions: 3, rise: 0.25 },
  negativeMention: { enabled: true },
});

/** Inclusive bounds of each threshold (the admin form refuses anything outside). */
export const RULE_BOUNDS = {
  averageDropRatings: { min: 3, max: 100 },
  averageDropDrop: { min: 0.1, max: 4 },
  lowSpikeDays: { min: 1, max: 30 },
  lowSpikeMinCount: { min: 1, max: 100 },
  lowSpikeFactor: { min: 1, max: 10 },
  unansweredLowDays: { min: 1, max: 60 },
  topicNegativeDays: { min: 7, max: 90 },
  topicNegativeMinMentions: { min: 2, max: 100 },
  topicNegativeRise: { min: 0.05, max: 1 },
} as const;

/** The most reviews of one course an evaluation reads (the averages' 2 × 100 and the spike's window fit under it). */
export const MAX_RATINGS_READ = 200;
/** The most review texts the topic rule reads per course: topics are computed on the newest ones only. */
export const MAX_TOPIC_TEXTS = 200;
