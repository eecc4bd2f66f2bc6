/**
 * What a course's learners praise and complain about, computed once from its texts: every sentence
 * of every text scored in the text's language (its own when known, else guessed with the page's as
 * the tie-breaker), the number of positive, negative and neutral sentences per kind of text, and the
 * topics (sentiment/topics.ts) with the texts that mention them. No I/O; the caller caches it.
 */
import type { Locale } from '../../context/launch-context';
import { keyPhrasesOf } from '../sentiment/key-phrases';
import type { SentimentLabel } from '../sentiment/score-sentence';
import { sentimentOfText, type ScoredSentence } from '../sentiment/text-sentiment';
import { findTopics, type Topic } from '../sentiment/topics';
import type { CourseText, CourseTexts, TextKind } from './course-texts';

/** 30 days against the 30 before, like the overview's short trend: a topic moves within a month. */
export const TOPIC_WINDOW_DAYS = 30;
export const TOPIC_LIMIT = 20;

export interface SentenceCounts {
  readonly kind: TextKind;
  readonly texts: number;
  readonly positive: number;
  readonly negative: number;
  readonly neutral: number;
}

export interface ScoredText extends CourseText {
  readonly sentences: readonly ScoredSentence[];
  readonly label: SentimentLabel;
}

export interface CourseVoices {
  readonly topics: readonly Topic[];
  readonly sentenceCounts: readonly SentenceCounts[];
  readonly textsById: ReadonlyMap<string, ScoredText>;
  readonly textCount: number;
  readonly truncated: boolean;
}

const KINDS: readonly TextKind[] = ['review', 'idea', 'comment'];
/** Texts scored between two turns of the event loop: other requests of the process are not held for the whole course. */
const TEXTS_PER_TURN = 250;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function courseVoices(read: CourseTexts, now: Date, pageLocale: Locale): Promise<CourseVoices> {
  const scored: ScoredText[] = [];
  for (const [i, text] of read.texts.entries()) {
    if (i > 0 && i % TEXTS_PER_TURN === 0) await nextTurn();
    const sentiment = sentimentOfText(text.text, text.lang, pageLocale);
    scored.push({ ...text, lang: sentiment.lang, sentences: sentiment.sentences, label: sentiment.label });
  }
  await nextTurn();
  const sentenceCounts = KINDS.map((kind) => {
    const ofKind = scored.filter((t) => t.kind === kind);
    const count = (label: SentimentLabel) => ofKind.reduce((n, t) => n + t.sentences.filter((s) => s.label === label).length, 0);
    return { kind, texts: ofKind.length, positive: count('positive'), negative: count('negative'), neutral: count('neutral') };
  });
  // The sentences scored above go with each text: the topics do not score them again.
  const topics = findTopics(
    scored.map((t) => ({ id: t.id, text: t.text, lang: t.lang, at: t.at, sentences: t.sentences })),
    { now, windowDays: TOPIC_WINDOW_DAYS, limit: TOPIC_LIMIT },
  );
  return { topics, sentenceCounts, textsById: new Map(scored.map((t) => [t.id, t])), textCount: scored.length, truncated: read.truncated };
}

/** The sentences of a text that name the topic: what its page shows as the excerpt. */
export function sentencesAbout(text: ScoredText, topicKey: string): ScoredSentence[] {
  return text.sentences.filter((s) => keyPhrasesOf(s.text).some((p) => p.key === topicKey));
}
