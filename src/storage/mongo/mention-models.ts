/**
 * Listening mentions (ports/mentions.ts): feeds with their fetch state, keywords per course, and
 * mentions, one document each. The unique index on (course, feed, entry key) is what keeps a
 * mention from being stored twice when a feed is read again or two processes race. lv_ prefix,
 * indexes built when storage opens.
 */
import { Schema } from 'mongoose';
import { FEED_POLL_STATE_FIELDS } from './feed-poll-state';
import type { MentionSentimentLabel } from '../ports/mentions';
import { baseOptions, defineModel } from './models';

export interface MentionFeedDoc {
  feedId: string;
  issuer: string;
  clientId: string;
  deploymentId: string;
  title: string;
  url: string;
  addedAt: Date;
  addedBy: string;
  lastAttemptAt?: Date;
  lastSuccessAt?: Date;
  lastError?: string;
  consecutiveFailures: number;
  nextAttemptAt: Date;
  etag?: string;
  lastModified?: string;
}

export interface MentionKeywordsDoc {
  issuer: string;
  clientId: string;
  deploymentId: string;
  contextId: string;
  terms: string[];
  updatedAt: Date;
  updatedBy: string;
}

export interface MentionDoc {
  mentionId: string;
  issuer: string;
  clientId: string;
  deploymentId: string;
  contextId: string;
  feedId: string;
  feedTitle: string;
  entryKey: string;
  title: string;
  excerpt: string;
  url: string;
  publishedAt?: Date;
  sortAt: Date;
  foundAt: Date;
  language?: string;
  sentimentScore: number;
  sentimentLabel: MentionSentimentLabel;
  keywords: string[];
}

const feedSchema = new Schema<MentionFeedDoc>(
  {
    feedId: { type: String, required: true },
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    deploymentId: { type: String },
    title: { type: String, required: true },
    url: { type: String, required: true },
    addedAt: { type: Date, required: true },
    addedBy: { type: String },
    ...FEED_POLL_STATE_FIELDS,
  },
  { ...baseOptions, collection: 'lv_mention_feeds' },
);
feedSchema.index({ feedId: 1 }, { unique: true, name: 'lv_mention_feed_id' });
// One feed per URL and deployment, refused atomically by the index.
feedSchema.index({ issuer: 1, clientId: 1, deploymentId: 1, url: 1 }, { unique: true, name: 'lv_mention_feed_url' });
feedSchema.index({ issuer: 1, clientId: 1, deploymentId: 1, addedAt: 1, feedId: 1 }, { name: 'lv_mention_feed_deployment' });
feedSchema.index({ nextAttemptAt: 1, feedId: 1 }, { name: 'lv_mention_feed_due' });

const keywordsSchema = new Schema<MentionKeywordsDoc>(
  {
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    deploymentId: { type: String },
    contextId: { type: String },
    terms: { type: [String], default: [] },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String },
  },
  { ...baseOptions, collection: 'lv_mention_keywords' },
);
keywordsSchema.index({ issuer: 1, clientId: 1, deploymentId: 1, contextId: 1 }, { unique: true, name: 'lv_mention_keywords_course' });

const mentionSchema = new Schema<MentionDoc>(
  {
    mentionId: { type: String, required: true },
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    deploymentId: { type: String },
    contextId: { type: String },
    feedId: { type: String, required: true },
    feedTitle: { type: String },
    entryKey: { type: String, required: true },
    title: { type: String },
    excerpt: { type: String },
    url: { type: String, required: true },
    publishedAt: { type: Date },
    sortAt: { type: Date, required: true },
    foundAt: { type: Date, required: true },
    language: { type: String },
    sentimentScore: { type: Number, required: true },
    sentimentLabel: { type: String, required: true, enum: ['positive', 'negative', 'neutral'] },
    keywords: { type: [String], default: [] },
  },
  { ...baseOptions, collection: 'lv_mentions' },
);
mentionSchema.index({ mentionId: 1 }, { unique: true, name: 'lv_mention_id' });
mentionSchema.index({ issuer: 1, clientId: 1, deploymentId: 1, contextId: 1, feedId: 1, entryKey: 1 }, { unique: true, name: 'lv_mention_entry' });
// A course's newest mentions, and the trim that keeps the newest few hundred.
mentionSchema.index({ issuer: 1, clientId: 1, deploymentId: 1, contextId: 1, sortAt: -1, mentionId: -1 }, { name: 'lv_mention_course' });
// Removing a feed removes its mentions.
mentionSchema.index({ feedId: 1 }, { name: 'lv_mention_feed' });

export const MentionFeedModel = defineModel<MentionFeedDoc>('lv_mention_feed', feedSchema);
export const MentionKeywordsModel = defineModel<MentionKeywordsDoc>('lv_mention_keywords', keywordsSchema);
export const MentionModel = defineModel<MentionDoc>('lv_mention', mentionSchema);

export async function createMentionIndexes(): Promise<void> {
  await Promise.all([MentionFeedModel.createIndexes(), MentionKeywordsModel.createIndexes(), MentionModel.createIndexes()]);
}
