/**
 * The sentiment of a whole text (a review, an idea, a comment): each sentence scored in the text's
 * language, and the text's own label from the sum, so that a review with one complaint among
 * praise reads as positive overall while its complaint stays visible sentence by sentence.
 */
import { detectLanguage } from './language';
import type { Lang } from './modifiers';
import { labelOf, scoreSentence, type SentimentLabel } from './score-sentence';
import { splitSentences } from './sentences';

export interface ScoredSentence {
  readonly text: string;
  readonly score: number;
  readonly label: SentimentLabel;
}

export interface TextSentiment {
  readonly lang: Lang;
  readonly sentences: readonly ScoredSentence[];
  readonly score: number;
  readonly label: SentimentLabel;
}

/** `lang` is the text's language when known; otherwise it is guessed, `fallback` deciding a tie. */
export function sentimentOfText(text: string, lang: Lang | undefined, fallback: Lang = 'en'): TextSentiment {
  const language = lang ?? detectLanguage(text, fallback);
  const sentences = splitSentences(text, language).map((sentence) => ({ text: sentence, ...scoreSentence(sentence, language) }));
  const score = sentences.reduce((sum, sentence) => sum + sentence.score, 0);
  return { lang: language, sentences, score, label: labelOf(score) };
}
