/**
 * What recording a poll's mentions writes, computed once for both adapters: each mention checked
 * and capped again (the store never trusts a caller to have done it), one per course and entry key
 * within the batch, given an id, and placed in time. A mention's place in its course's list
 * (sortAt) is its published date, never later than when it was found: a feed dating its entries in
 * the future cannot pin them to the top, nor keep them from being trimmed.
 */
import { randomBytes } from 'node:crypto';
import { MENTION_LIMITS, type MentionFetchRecord, type NewMention } from '../ports/mentions';

export interface PlannedMention extends NewMention {
  readonly id: string;
  readonly sortAt: Date;
  readonly foundAt: Date;
}

export function planMentions(record: Extract<MentionFetchRecord, { kind: 'success' }>): PlannedMention[] {
  const seen = new Set<string>();
  const planned: PlannedMention[] = [];
  for (const mention of record.mentions) {
    const key = `${mention.contextId}\u0000${mention.entryKey}`;
    if (seen.has(key) || !isWebUrl(mention.url) || mention.contextId === '' || mention.entryKey === '') continue;
    seen.add(key);
    const { publishedAt, ...fields } = mention;
    const published = publishedAt && Number.isFinite(publishedAt.getTime()) ? publishedAt : undefined;
    planned.push({
      ...fields,
      id: randomBytes(12).toString('base64url'),
      title: mention.title.slice(0, MENTION_LIMITS.titleChars),
      excerpt: mention.excerpt.slice(0, MENTION_LIMITS.excerptChars),
      keywords: mention.keywords.slice(0, MENTION_LIMITS.keywordsPerCourse),
      sentimentScore: Number.isFinite(mention.sentimentScore) ? mention.sentimentScore : 0,
      ...(published ? { publishedAt: published } : {}),
      sortAt: published && published < record.at ? published : record.at,
      foundAt: record.at,
    });
  }
  return planned;
}

function isWebUrl(raw: string): boolean {
  if (raw.length > MENTION_LIMITS.urlChars) return false;
  try {
    const url = new URL(raw);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
  } catch {
    return false;
  }
}
