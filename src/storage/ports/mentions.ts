/**
 * Mentions outside the LMS (issue 15): public feeds (RSS, Atom, JSON Feed) a deployment's training
 * managers add, keywords per course, and the feed entries that matched a course's keywords, each
 * kept once per (course, feed, entry) with its sentiment. The worker (listening/mentions/
 * mention-worker.ts) reads dueFeeds across every platform, claims a feed with a lease like the
 * catalogue's external sources, and records each poll's outcome with the new mentions in one write.
 *
 * Bounded growth: a course keeps its newest MENTION_LIMITS.perCourse mentions (by published date,
 * never later than when they were found); older ones are dropped by the write that adds new ones.
 * Removing a feed removes its mentions.
 */
import type { FeedFetchRecord } from './external-sources';
import type { ContextKey, DeploymentKey } from '../../context/tenant';

export const MENTION_LIMITS = {
  perCourse: 200,
  feedsPerDeployment: 30,
  titleChars: 300,
  excerptChars: 500,
  urlChars: 2000,
  keywordsPerCourse: 10,
  keywordChars: 60,
  feedTitleChars: 120,
} as const;

export type MentionSentimentLabel = 'positive' | 'negative' | 'neutral';

export interface MentionFeedInput {
  readonly deployment: DeploymentKey;
  readonly title: string;
  readonly url: string;
  /** The LTI user id of the person who added it. */
  readonly addedBy: string;
}

export interface MentionFeed {
  readonly id: string;
  readonly deployment: DeploymentKey;
  readonly title: string;
  readonly url: string;
  readonly addedAt: Date;
  readonly addedBy: string;
  readonly lastAttemptAt?: Date;
  readonly lastSuccessAt?: Date;
  /** A FeedErrorCode of the last attempt when it failed. */
  readonly lastError?: string;
  readonly consecutiveFailures: number;
  /** When the feed is due; while a fetch is under way, the end of its lease. */
  readonly nextAttemptAt: Date;
  readonly etag?: string;
  readonly lastModified?: string;
}

export interface CourseKeywords {
  readonly course: ContextKey;
  /** As typed (trimmed), in the order given; matching folds case and accents itself. */
  readonly terms: readonly string[];
  readonly updatedAt: Date;
  readonly updatedBy: string;
}

/** A mention the worker found, before the store gives it an id. */
export interface NewMention {
  readonly contextId: string;
  /** The entry's guid / id or, failing those, its link: stable across fetches. */
  readonly entryKey: string;
  readonly title: string;
  /** Plain text, capped. */
  readonly excerpt: string;
  /** http(s) only. */
  readonly url: string;
  readonly publishedAt?: Date;
  readonly language?: string;
  readonly sentimentScore: number;
  readonly sentimentLabel: MentionSentimentLabel;
  /** The course's terms that matched, as the course lists them. */
  readonly keywords: readonly string[];
}

export interface Mention extends NewMention {
  readonly id: string;
  readonly course: ContextKey;
  readonly feedId: string;
  readonly feedTitle: string;
  readonly foundAt: Date;
}

/** A mention feed's fetch: a parsed body's mentions not stored yet are added. */
export type MentionFetchRecord = FeedFetchRecord<{ readonly mentions: readonly NewMention[] }>;

export interface MentionStore {
  /** Adds a feed, due at once; null when the deployment already has a feed with this URL. */
  addFeed(input: MentionFeedInput, now: Date): Promise<MentionFeed | null>;
  /** The deployment's feeds, oldest first. */
  listFeeds(deployment: DeploymentKey): Promise<MentionFeed[]>;
  /** Deletes the feed and its mentions; false when the deployment has no such feed. */
  removeFeed(deployment: DeploymentKey, id: string): Promise<boolean>;
  /** Feeds of every deployment due at `now`, the longest waiting first. */
  dueFeeds(now: Date, limit: number): Promise<MentionFeed[]>;
  /** Takes a due feed for one fetch until leaseUntil; of several callers exactly one gets true. */
  claimFeed(id: string, now: Date, leaseUntil: Date): Promise<boolean>;
  /**
   * Records a poll's outcome and, on success, adds the mentions not stored yet (one per course, feed
   * and entry key), then trims each course to its newest MENTION_LIMITS.perCourse. Returns the
   * mentions added and kept, or null when the feed was removed meanwhile (nothing is written).
   */
  recordFetch(id: string, record: MentionFetchRecord): Promise<Mention[] | null>;
  /** Replaces the course's terms; an empty list removes them. */
  setKeywords(course: ContextKey, terms: readonly string[], by: string, now: Date): Promise<void>;
  findKeywords(course: ContextKey): Promise<CourseKeywords | null>;
  /** Every course of the deployment that has terms, by context id. */
  listKeywords(deployment: DeploymentKey): Promise<CourseKeywords[]>;
  /** The course's mentions, newest first. */
  listMentions(course: ContextKey, limit: number): Promise<Mention[]>;
}
