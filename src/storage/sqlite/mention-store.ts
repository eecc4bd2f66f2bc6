import { randomBytes } from 'node:crypto';
import type { ContextKey, DeploymentKey } from '../../context/tenant';
import type { CourseKeywords, Mention, MentionFeed, MentionFetchRecord, MentionSentimentLabel, MentionStore } from '../ports/mentions';
import { MENTION_LIMITS } from '../ports/mentions';
import { planMentions } from '../shared/mention-plan';
import type { SqliteDatabase } from './database';
import { feedPollStateOf, type FeedPollStateRow } from './feed-poll-state';

const DEPLOYMENT_MATCH = 'issuer = @issuer AND client_id = @clientId AND deployment_id = @deploymentId';
const COURSE_MATCH = `${DEPLOYMENT_MATCH} AND context_id = @contextId`;

/** Query texts the plan test checks: each is one index range. */
export const LIST_MENTIONS_SQL = `SELECT * FROM mentions WHERE ${COURSE_MATCH} ORDER BY sort_at DESC, id DESC LIMIT @limit`;
export const DUE_FEEDS_SQL = 'SELECT * FROM mention_feeds WHERE next_attempt_at <= @now ORDER BY next_attempt_at, id LIMIT @limit';

interface FeedRow extends FeedPollStateRow {
  id: string;
  issuer: string;
  client_id: string;
  deployment_id: string;
  title: string;
  url: string;
  added_at: number;
  added_by: string;
}

interface KeywordRow {
  issuer: string;
  client_id: string;
  deployment_id: string;
  context_id: string;
  terms: string;
  updated_at: number;
  updated_by: string;
}

interface MentionRow {
  id: string;
  issuer: string;
  client_id: string;
  deployment_id: string;
  context_id: string;
  feed_id: string;
  feed_title: string;
  entry_key: string;
  title: string;
  excerpt: string;
  url: string;
  published_at: number | null;
  found_at: number;
  language: string | null;
  sentiment_score: number;
  sentiment_label: MentionSentimentLabel;
  keywords: string;
}

const deploymentParams = (d: DeploymentKey) => ({ issuer: d.issuer, clientId: d.clientId, deploymentId: d.deploymentId });
const courseParams = (c: ContextKey) => ({ ...deploymentParams(c), contextId: c.contextId });
const optionalDate = (ms: number | null) => (ms === null ? undefined : new Date(ms));

function toFeed(row: FeedRow): MentionFeed {
  return {
    id: row.id,
    deployment: { issuer: row.issuer, clientId: row.client_id, deploymentId: row.deployment_id },
    title: row.title,
    url: row.url,
    addedAt: new Date(row.added_at),
    addedBy: row.added_by,
    ...feedPollStateOf(row),
  };
}

function toKeywords(row: KeywordRow): CourseKeywords {
  return {
    course: { issuer: row.issuer, clientId: row.client_id, deploymentId: row.deployment_id, contextId: row.context_id },
    terms: JSON.parse(row.terms) as string[],
    updatedAt: new Date(row.updated_at),
    updatedBy: row.updated_by,
  };
}

function toMention(row: MentionRow): Mention {
  const publishedAt = optionalDate(row.published_at);
  return {
    id: row.id,
    course: { issuer: row.issuer, clientId: row.client_id, deploymentId: row.deployment_id, contextId: row.context_id },
    contextId: row.context_id,
    feedId: row.feed_id,
    feedTitle: row.feed_title,
    entryKey: row.entry_key,
    title: row.title,
    excerpt: row.excerpt,
    url: row.url,
    ...(publishedAt ? { publishedAt } : {}),
    foundAt: new Date(row.found_at),
    ...(row.language !== null ? { language: row.language } : {}),
    sentimentScore: row.sentiment_score,
    sentimentLabel: row.sentiment_label,
    keywords: JSON.parse(row.keywords) as string[],
  };
}

export function createSqliteMentionStore(db: SqliteDatabase): MentionStore {
  const insertFeed = db.prepare(`
    INSERT INTO mention_feeds (id, issuer, client_id, deployment_id, title, url, added_at, added_by, next_attempt_at)
    VALUES (@id, @issuer, @clientId, @deploymentId, @title, @url, @now, @addedBy, @now)
    ON CONFLICT (issuer, client_id, deployment_id, url) DO NOTHING`);
  const selectFeed = db.prepare('SELECT * FROM mention_feeds WHERE id = ?');
  const listFeeds = db.prepare(`SELECT * FROM mention_feeds WHERE ${DEPLOYMENT_MATCH} ORDER BY added_at, id`);
  const deleteFeed = db.prepare(`DELETE FROM mention_feeds WHERE id = @id AND ${DEPLOYMENT_MATCH}`);
  const dueFeeds = db.prepare(DUE_FEEDS_SQL);
  const claim = db.prepare('UPDATE mention_feeds SET next_attempt_at = @leaseUntil, last_attempt_at = @now WHERE id = @id AND next_attempt_at <= @now');
  const recordSuccess = db.prepare(`
    UPDATE mention_feeds SET last_attempt_at = @at, last_success_at = @at, last_error = NULL, consecutive_failures = 0,
      next_attempt_at = @next, etag = COALESCE(@etag, CASE WHEN @kept THEN etag END), last_modified = COALESCE(@lastModified, CASE WHEN @kept THEN last_modified END)
    WHERE id = @id`);
  const recordFailure = db.prepare(`
    UPDATE mention_feeds SET last_attempt_at = @at, last_error = @error, consecutive_failures = consecutive_failures + 1, next_attempt_at = @next
    WHERE id = @id`);
  const insertMention = db.prepare(`
    INSERT INTO mentions (id, issuer, client_id, deployment_id, context_id, feed_id, feed_title, entry_key, title, excerpt, url,
      published_at, sort_at, found_at, language, sentiment_score, sentiment_label, keywords)
    VALUES (@id, @issuer, @clientId, @deploymentId, @contextId, @feedId, @feedTitle, @entryKey, @title, @excerpt, @url,
      @publishedAt, @sortAt, @foundAt, @language, @sentimentScore, @sentimentLabel, @keywords)
    ON CONFLICT (issuer, client_id, deployment_id, context_id, feed_id, entry_key) DO NOTHING`);
  // The newest perCourse stay: everything after them in the course's index order goes.
  const trimCourse = db.prepare(`
    DELETE FROM mentions WHERE id IN (
      SELECT id FROM mentions WHERE ${COURSE_MATCH} ORDER BY sort_at DESC, id DESC LIMIT -1 OFFSET @keep
    ) RETURNING id`).pluck();
  const selectMention = db.prepare('SELECT * FROM mentions WHERE id = ?');
  const upsertKeywords = db.prepare(`
    INSERT INTO mention_keywords (issuer, client_id, deployment_id, context_id, terms, updated_at, updated_by)
    VALUES (@issuer, @clientId, @deploymentId, @contextId, @terms, @now, @by)
    ON CONFLICT (issuer, client_id, deployment_id, context_id) DO UPDATE SET terms = excluded.terms, updated_at = excluded.updated_at, updated_by = excluded.updated_by`);
  const deleteKeywords = db.prepare(`DELETE FROM mention_keywords WHERE ${COURSE_MATCH}`);
  const selectKeywords = db.prepare(`SELECT * FROM mention_keywords WHERE ${COURSE_MATCH}`);
  const listKeywords = db.prepare(`SELECT * FROM mention_keywords WHERE ${DEPLOYMENT_MATCH} ORDER BY context_id`);
  const listMentions = db.prepare(LIST_MENTIONS_SQL);

  const success = db.transaction((id: string, record: Extract<MentionFetchRecord, { kind: 'success' }>): Mention[] | null => {
    const feed = selectFeed.get(id) as FeedRow | undefined;
    if (!feed) return null;
    recordSuccess.run({ id, at: record.at.getTime(), next: record.nextAttemptAt.getTime(), etag: record.etag ?? null, lastModified: record.lastModified ?? null, kept: 0 });
    const deployment = { issuer: feed.issuer, clientId: feed.client_id, deploymentId: feed.deployment_id };
    const added: string[] = [];
    const courses = new Set<string>();
    for (const m of planMentions(record)) {
      const inserted = insertMention.run({
        id: m.id, ...deployment, contextId: m.contextId, feedId: id, feedTitle: feed.title, entryKey: m.entryKey, title: m.title, excerpt: m.excerpt, url: m.url,
        publishedAt: m.publishedAt?.getTime() ?? null, sortAt: m.sortAt.getTime(), foundAt: m.foundAt.getTime(), language: m.language ?? null,
        sentimentScore: m.sentimentScore, sentimentLabel: m.sentimentLabel, keywords: JSON.stringify(m.keywords),
      });
      if (inserted.changes === 0) continue;
      added.push(m.id);
      courses.add(m.contextId);
    }
    const trimmed = new Set<string>();
    for (const contextId of courses) for (const gone of trimCourse.all({ ...deployment, contextId, keep: MENTION_LIMITS.perCourse }) as string[]) trimmed.add(gone);
    return added.filter((mentionId) => !trimmed.has(mentionId)).map((mentionId) => toMention(selectMention.get(mentionId) as MentionRow));
  });

  return {
    async addFeed(input, now) {
      const id = randomBytes(12).toString('base64url');
      const changes = insertFeed.run({ id, ...deploymentParams(input.deployment), title: input.title, url: input.url, now: now.getTime(), addedBy: input.addedBy }).changes;
      return changes === 1 ? toFeed(selectFeed.get(id) as FeedRow) : null;
    },
    async listFeeds(deployment) {
      return (listFeeds.all(deploymentParams(deployment)) as FeedRow[]).map(toFeed);
    },
    async removeFeed(deployment, id) {
      if (typeof id !== 'string') return false;
      return deleteFeed.run({ id, ...deploymentParams(deployment) }).changes === 1;
    },
    async dueFeeds(now, limit) {
      return (dueFeeds.all({ now: now.getTime(), limit }) as FeedRow[]).map(toFeed);
    },
    async claimFeed(id, now, leaseUntil) {
      return claim.run({ id, now: now.getTime(), leaseUntil: leaseUntil.getTime() }).changes === 1;
    },
    async recordFetch(id, record) {
      const params = { id, at: record.at.getTime(), next: record.nextAttemptAt.getTime() };
      switch (record.kind) {
        case 'success':
          return success(id, record);
        case 'not-modified':
          // A 304 may omit the validators: the ones sent stay.
          return recordSuccess.run({ ...params, etag: record.etag ?? null, lastModified: record.lastModified ?? null, kept: 1 }).changes === 1 ? [] : null;
        case 'failure':
          return recordFailure.run({ ...params, error: record.error }).changes === 1 ? [] : null;
      }
    },
    async setKeywords(course, terms, by, now) {
      if (terms.length === 0) deleteKeywords.run(courseParams(course));
      else upsertKeywords.run({ ...courseParams(course), terms: JSON.stringify(terms), now: now.getTime(), by });
    },
    async findKeywords(course) {
      const row = selectKeywords.get(courseParams(course)) as KeywordRow | undefined;
      return row ? toKeywords(row) : null;
    },
    async listKeywords(deployment) {
      return (listKeywords.all(deploymentParams(deployment)) as KeywordRow[]).map(toKeywords);
    },
    async listMentions(course, limit) {
      return (listMentions.all({ ...courseParams(course), limit: Math.max(0, Math.min(limit, MENTION_LIMITS.perCourse)) }) as MentionRow[]).map(toMention);
    },
  };
}
