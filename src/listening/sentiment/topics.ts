/**
 * What learners praise and complain about, across texts (reviews, ideas, comments, mentions): the
 * key phrases of every sentence grouped by key, each topic with the number of texts that mention
 * it, the share of those whose mentioning sentences lean negative (and positive), its trend (texts
 * in the last window against the window before) and the mentions themselves, newest first, to link
 * to the texts. Pure: the caller gives the texts and the moment "now" stands for.
 */
import { keyPhrasesOf } from './key-phrases';
import type { Lang } from './modifiers';
import { labelOf, type SentimentLabel } from './score-sentence';
import { sentimentOfText, type ScoredSentence } from './text-sentiment';

export interface ListeningText {
  readonly id: string;
  readonly text: string;
  /** The text's language when known (the page's); otherwise guessed. */
  readonly lang?: Lang;
  readonly at: Date;
  /** The text's sentences already scored (sentimentOfText), when the caller has them: not scored twice. */
  readonly sentences?: readonly ScoredSentence[];
}

export interface TopicMention {
  readonly id: string;
  readonly at: Date;
  /** The sentiment of the text's sentences that mention the topic, together. */
  readonly sentiment: SentimentLabel;
}

export interface Topic {
  readonly key: string;
  /** The phrase as most often written. */
  readonly label: string;
  /** Texts mentioning it (a text counts once). */
  readonly count: number;
  readonly negativeShare: number;
  readonly positiveShare: number;
  readonly trend: { readonly recent: number; readonly previous: number };
  readonly mentions: readonly TopicMention[];
}

export interface TopicOptions {
  readonly now: Date;
  /** Length of the trend's windows, in days (30 by default). */
  readonly windowDays?: number;
  /** Fewer texts than this and a phrase is not a topic (2 by default). */
  readonly minTexts?: number;
  /** How many topics, the most mentioned first (20 by default). */
  readonly limit?: number;
}

const DAY_MS = 86_400_000;

interface Gathered {
  readonly writings: Map<string, number>;
  readonly mentions: TopicMention[];
}

export function findTopics(texts: readonly ListeningText[], options: TopicOptions): Topic[] {
  const gathered = new Map<string, Gathered>();
  for (const text of texts) {
    // Per topic, the sentences of this text that name it (a sentence naming it twice counts once).
    const sentencesByKey = new Map<string, Set<number>>();
    const sentences = text.sentences ?? sentimentOfText(text.text, text.lang).sentences;
    sentences.forEach((sentence, index) => {
      for (const phrase of keyPhrasesOf(sentence.text)) {
        let topic = gathered.get(phrase.key);
        if (!topic) gathered.set(phrase.key, (topic = { writings: new Map(), mentions: [] }));
        topic.writings.set(phrase.written, (topic.writings.get(phrase.written) ?? 0) + 1);
        sentencesByKey.set(phrase.key, (sentencesByKey.get(phrase.key) ?? new Set()).add(index));
      }
    });
    for (const [key, indexes] of sentencesByKey) {
      const score = [...indexes].reduce((sum, index) => sum + sentences[index]!.score, 0);
      gathered.get(key)!.mentions.push({ id: text.id, at: text.at, sentiment: labelOf(score) });
    }
  }
  const minTexts = options.minTexts ?? 2;
  const topics = [...gathered].filter(([, topic]) => topic.mentions.length >= minTexts).map(([key, topic]) => toTopic(key, topic, options));
  return withoutCoveredWords(topics)
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
    .slice(0, options.limit ?? 20);
}

function toTopic(key: string, { writings, mentions }: Gathered, { now, windowDays = 30 }: TopicOptions): Topic {
  const recentFrom = now.getTime() - windowDays * DAY_MS;
  const previousFrom = recentFrom - windowDays * DAY_MS;
  const inWindow = (from: number, to: number) => mentions.filter(({ at }) => at.getTime() > from && at.getTime() <= to).length;
  const share = (label: SentimentLabel) => mentions.filter((mention) => mention.sentiment === label).length / mentions.length;
  return {
    key,
    label: [...writings].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0],
    count: mentions.length,
    negativeShare: share('negative'),
    positiveShare: share('positive'),
    trend: { recent: inWindow(recentFrom, now.getTime()), previous: inWindow(previousFrom, recentFrom) },
    mentions: [...mentions].sort((a, b) => b.at.getTime() - a.at.getTime()),
  };
}

/** A single word every mention of which is inside one two-word topic says less than it: "availability" under "trainer availability". */
function withoutCoveredWords(topics: Topic[]): Topic[] {
  const pairs = topics.filter((topic) => topic.key.includes(' '));
  return topics.filter(
    (topic) => topic.key.includes(' ') || !pairs.some((pair) => pair.key.split(' ').includes(topic.key) && pair.count === topic.count),
  );
}
