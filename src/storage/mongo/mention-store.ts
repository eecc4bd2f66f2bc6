import { randomBytes } from 'node:crypto';
import type { ClientSession } from 'mongoose';
import type { ContextKey } from '../../context/tenant';
import { MENTION_LIMITS, type CourseKeywords, type Mention, type MentionFeed, type MentionFetchRecord, type MentionStore } from '../ports/mentions';
import { planMentions, type PlannedMention } from '../shared/mention-plan';
import { feedPollStateOf } from './feed-poll-state';
import { isDuplicateKeyError } from './errors';
import { deploymentFilter, type DeploymentFilter } from './external-source-store';
import { courseFilter, idValue } from './keys';
import { MentionFeedModel, MentionKeywordsModel, MentionModel, type MentionDoc, type MentionFeedDoc, type MentionKeywordsDoc } from './mention-models';
import { inTransaction } from './transaction';

const NO_ID = { _id: 0 } as const;

function toFeed(doc: MentionFeedDoc): MentionFeed {
  return {
    id: doc.feedId,
    deployment: { issuer: doc.issuer, clientId: doc.clientId, deploymentId: doc.deploymentId },
    title: doc.title,
    url: doc.url,
    addedAt: doc.addedAt,
    addedBy: doc.addedBy ?? '',
    ...feedPollStateOf(doc),
  };
}

function toKeywords(doc: MentionKeywordsDoc): CourseKeywords {
  return {
    course: { issuer: doc.issuer, clientId: doc.clientId, deploymentId: doc.deploymentId, contextId: doc.contextId },
    terms: doc.terms ?? [],
    updatedAt: doc.updatedAt,
    updatedBy: doc.updatedBy ?? '',
  };
}

export function toMention(doc: MentionDoc): Mention {
  return {
    id: doc.mentionId,
    course: { issuer: doc.issuer, clientId: doc.clientId, deploymentId: doc.deploymentId, contextId: doc.contextId },
    contextId: doc.contextId,
    feedId: doc.feedId,
    feedTitle: doc.feedTitle ?? '',
    entryKey: doc.entryKey,
    title: doc.title ?? '',
    excerpt: doc.excerpt ?? '',
    url: doc.url,
    ...(doc.publishedAt != null ? { publishedAt: doc.publishedAt } : {}),
    foundAt: doc.foundAt,
    ...(doc.language != null ? { language: doc.language } : {}),
    sentimentScore: doc.sentimentScore,
    sentimentLabel: doc.sentimentLabel,
    keywords: doc.keywords ?? [],
  };
}

/** The mention document a planned mention becomes: feed strings as plain values (inserted with $setOnInsert, never a pipeline). */
export function mentionDoc(m: PlannedMention, feed: Pick<MentionFeedDoc, 'feedId' | 'title'> & DeploymentFilter): MentionDoc {
  return {
    mentionId: m.id,
    issuer: feed.issuer,
    clientId: feed.clientId,
    deploymentId: feed.deploymentId,
    contextId: m.contextId,
    feedId: feed.feedId,
    feedTitle: feed.title,
    entryKey: m.entryKey,
    title: m.title,
    excerpt: m.excerpt,
    url: m.url,
    ...(m.publishedAt ? { publishedAt: m.publishedAt } : {}),
    sortAt: m.sortAt,
    foundAt: m.foundAt,
    ...(m.language ? { language: m.language } : {}),
    sentimentScore: m.sentimentScore,
    sentimentLabel: m.sentimentLabel,
    keywords: [...m.keywords],
  };
}

function stateUpdate(record: MentionFetchRecord): Record<string, Record<string, unknown>> {
  if (record.kind === 'failure')
    return { $set: { lastAttemptAt: record.at, lastError: record.error, nextAttemptAt: record.nextAttemptAt }, $inc: { consecutiveFailures: 1 } };
  const validators = { ...(record.etag ? { etag: record.etag } : {}), ...(record.lastModified ? { lastModified: record.lastModified } : {}) };
  // A 200 without validators forgets the old ones; a 304 without them keeps what was sent.
  const forget = record.kind === 'success' ? { ...(record.etag ? {} : { etag: 1 }), ...(record.lastModified ? {} : { lastModified: 1 }) } : {};
  return { $set: { lastAttemptAt: record.at, lastSuccessAt: record.at, consecutiveFailures: 0, nextAttemptAt: record.nextAttemptAt, ...validators }, $unset: { lastError: 1, ...forget } };
}

/** Inserts each planned mention unless its (course, feed, entry) is stored, trims the courses it added to; returns the added mentions still kept. */
async function addMentions(planned: PlannedMention[], feed: MentionFeedDoc, session: ClientSession): Promise<Mention[]> {
  const added: MentionDoc[] = [];
  for (const m of planned) {
    const doc = mentionDoc(m, feed);
    const unique = { issuer: doc.issuer, clientId: doc.clientId, deploymentId: doc.deploymentId, contextId: doc.contextId, feedId: doc.feedId, entryKey: doc.entryKey };
    const { upsertedCount } = await MentionModel.updateOne(unique, { $setOnInsert: doc }, { upsert: true, session }).exec();
    if (upsertedCount === 1) added.push(doc);
  }
  const trimmed = new Set<string>();
  for (const contextId of new Set(added.map((doc) => doc.contextId))) {
    const course = { issuer: feed.issuer, clientId: feed.clientId, deploymentId: feed.deploymentId, contextId };
    const beyond = await MentionModel.find(course, { _id: 0, mentionId: 1 }).sort({ sortAt: -1, mentionId: -1 }).skip(MENTION_LIMITS.perCourse).session(session).lean<{ mentionId: string }[]>().exec();
    if (beyond.length === 0) continue;
    const ids = beyond.map((doc) => doc.mentionId);
    await MentionModel.deleteMany({ mentionId: { $in: ids } }, { session }).exec();
    for (const id of ids) trimmed.add(id);
  }
  return added.filter((doc) => !trimmed.has(doc.mentionId)).map(toMention);
}

export function createMentionStore(): MentionStore {
  return {
    async addFeed(input, now) {
      const doc: MentionFeedDoc = {
        feedId: randomBytes(12).toString('base64url'),
        ...deploymentFilter(input.deployment),
        title: input.title,
        url: input.url,
        addedAt: now,
        addedBy: input.addedBy,
        consecutiveFailures: 0,
        nextAttemptAt: now,
      };
      try {
        await MentionFeedModel.collection.insertOne({ ...doc });
      } catch (err) {
        if (isDuplicateKeyError(err)) return null;
        throw err;
      }
      return toFeed(doc);
    },
    async listFeeds(deployment) {
      const docs = await MentionFeedModel.find(deploymentFilter(deployment), NO_ID).sort({ addedAt: 1, feedId: 1 }).lean<MentionFeedDoc[]>().exec();
      return docs.map(toFeed);
    },
    async removeFeed(deployment, id) {
      if (typeof id !== 'string') return false;
      return inTransaction(async (session) => {
        const { deletedCount } = await MentionFeedModel.deleteOne({ ...deploymentFilter(deployment), feedId: id }, { session }).exec();
        if (deletedCount !== 1) return false;
        await MentionModel.deleteMany({ feedId: id }, { session }).exec();
        return true;
      });
    },
    async dueFeeds(now, limit) {
      const docs = await MentionFeedModel.find({ nextAttemptAt: { $lte: now } }, NO_ID).sort({ nextAttemptAt: 1, feedId: 1 }).limit(limit).lean<MentionFeedDoc[]>().exec();
      return docs.map(toFeed);
    },
    async claimFeed(id, now, leaseUntil) {
      // The filter re-checks on the server: of two racing claims one matches, the other finds it leased.
      const { matchedCount } = await MentionFeedModel.updateOne({ feedId: idValue(id, 'feedId'), nextAttemptAt: { $lte: now } }, { $set: { nextAttemptAt: leaseUntil, lastAttemptAt: now } }).exec();
      return matchedCount === 1;
    },
    async recordFetch(id, record) {
      const filter = { feedId: idValue(id, 'feedId') };
      if (record.kind !== 'success') {
        const found = await MentionFeedModel.findOneAndUpdate(filter, stateUpdate(record), { projection: { _id: 0, feedId: 1 } }).lean<{ feedId: string }>().exec();
        return found ? [] : null;
      }
      const planned = planMentions(record);
      return inTransaction(async (session) => {
        const feed = await MentionFeedModel.findOneAndUpdate(filter, stateUpdate(record), { projection: NO_ID, session }).lean<MentionFeedDoc>().exec();
        if (!feed) return null;
        return addMentions(planned, feed, session);
      });
    },
    async setKeywords(course, terms, by, now) {
      const filter = courseFilter(course);
      if (terms.length === 0) {
        await MentionKeywordsModel.deleteOne(filter).exec();
        return;
      }
      await MentionKeywordsModel.updateOne(filter, { $set: { terms: [...terms], updatedAt: now, updatedBy: by } }, { upsert: true }).exec();
    },
    async findKeywords(course) {
      const doc = await MentionKeywordsModel.findOne(courseFilter(course), NO_ID).lean<MentionKeywordsDoc>().exec();
      return doc ? toKeywords(doc) : null;
    },
    async listKeywords(deployment) {
      const docs = await MentionKeywordsModel.find(deploymentFilter(deployment), NO_ID).sort({ contextId: 1 }).lean<MentionKeywordsDoc[]>().exec();
      return docs.map(toKeywords);
    },
    async listMentions(course: ContextKey, limit) {
      const capped = Math.max(0, Math.min(limit, MENTION_LIMITS.perCourse));
      if (capped === 0) return [];
      const docs = await MentionModel.find(courseFilter(course), NO_ID).sort({ sortAt: -1, mentionId: -1 }).limit(capped).lean<MentionDoc[]>().exec();
      return docs.map(toMention);
    },
  };
}
