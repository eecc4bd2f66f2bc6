/**
 * A feed's entries against every course's terms of the feed's deployment: each entry read once
 * (title and summary), each course that it mentions given a mention with the terms that matched,
 * a plain-text excerpt and the entry's sentiment, scored locally in its language when the feed
 * says English or French, guessed otherwise.
 */
import type { FeedEntry } from '../../catalogue/external/feed-entry';
import type { CourseKeywords, NewMention } from '../../storage/ports/mentions';
import { MENTION_LIMITS } from '../../storage/ports/mentions';
import { sentimentOfText } from '../sentiment/text-sentiment';
import { compileTerms, MatchableText } from './keyword-match';

export function findMentions(entries: readonly FeedEntry[], courses: readonly CourseKeywords[]): NewMention[] {
  const compiled = courses.map((course) => ({ contextId: course.course.contextId, terms: compileTerms(course.terms) })).filter((course) => course.terms.length > 0);
  if (compiled.length === 0) return [];
  const mentions: NewMention[] = [];
  for (const entry of entries) {
    const text = new MatchableText(`${entry.title}\n${entry.summary}`);
    const matches = compiled.map((course) => ({ contextId: course.contextId, keywords: text.matchedTerms(course.terms) })).filter((match) => match.keywords.length > 0);
    if (matches.length === 0) continue;
    const sentiment = sentimentOfEntry(entry);
    for (const match of matches) {
      mentions.push({
        contextId: match.contextId,
        entryKey: entry.key,
        title: entry.title.slice(0, MENTION_LIMITS.titleChars),
        excerpt: excerptOf(entry),
        url: entry.url,
        ...(entry.updatedAt ? { publishedAt: entry.updatedAt } : {}),
        ...(entry.language ? { language: entry.language } : {}),
        sentimentScore: Math.round(sentiment.score * 100) / 100,
        sentimentLabel: sentiment.label,
        keywords: match.keywords,
      });
    }
  }
  return mentions;
}

function sentimentOfEntry(entry: FeedEntry) {
  const lang = entry.language === 'en' || entry.language === 'fr' ? entry.language : undefined;
  // A title that repeats the summary's start (Mastodon: the post's first words) is read once.
  const text = entry.summary && !entry.summary.startsWith(entry.title.replace(/…$/, '')) ? `${entry.title}. ${entry.summary}` : entry.summary || entry.title;
  return sentimentOfText(text, lang);
}

/** The summary cut at a word within the cap, with an ellipsis when cut. */
function excerptOf(entry: FeedEntry): string {
  const text = entry.summary.trim();
  if (text.length <= MENTION_LIMITS.excerptChars) return text;
  const cut = text.slice(0, MENTION_LIMITS.excerptChars - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > MENTION_LIMITS.excerptChars / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
