/**
 * The negative-mention rule: a post found outside the LMS (a course's public feed, see the mention
 * worker) that reads negative raises one alert per mention. Pure; raise-mention-alert.ts stores it.
 */
import type { ContextKey } from '../../context/tenant';
import type { Lang } from '../sentiment/modifiers';
import { sentimentOfText } from '../sentiment/text-sentiment';
import type { AlertRules } from './alert-rules';
import { courseKey, type AlertDraft } from './evaluate-course';

export interface FoundMention {
  readonly course: ContextKey;
  /** The mention's id in the mentions store (stable across fetches of the feed). */
  readonly mentionId: string;
  /** The post's own address (http or https), shown as the link of the alert. */
  readonly url: string;
  readonly title: string;
  readonly text: string;
  readonly lang?: Lang;
  readonly at: Date;
}

export function mentionAlertDraft(mention: FoundMention, rules: AlertRules, now: Date): AlertDraft | null {
  if (!rules.negativeMention.enabled) return null;
  const sentiment = sentimentOfText(`${mention.title}. ${mention.text}`, mention.lang);
  if (sentiment.label !== 'negative') return null;
  return {
    kind: 'negative-mention',
    course: mention.course,
    dedupeKey: `negative-mention:${courseKey(mention.course)}:${mention.mentionId}`,
    reviewIds: [],
    facts: { title: mention.title.slice(0, 200), url: safeLink(mention.url) },
    raisedAt: now,
  };
}

/** Only an http(s) address is kept as the link (a javascript: URL from a feed must never become one). */
function safeLink(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href.slice(0, 2000) : '';
  } catch {
    return '';
  }
}
