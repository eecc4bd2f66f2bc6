/**
 * Precision, recall and F1 of a classifier on labelled sentences, per class and averaged over the
 * three classes (macro-F1: neutral counts as much as the opinions, so saying "positive" to every
 * mildly worded sentence is not rewarded).
 */
import type { SentimentLabel } from './score-sentence';

export const LABELS: readonly SentimentLabel[] = ['positive', 'negative', 'neutral'];

export interface LabelledSentence {
  readonly text: string;
  readonly label: SentimentLabel;
  readonly part: 'dev' | 'held-out';
}

export interface ClassFigures {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface Evaluation {
  readonly perClass: Readonly<Record<SentimentLabel, ClassFigures>>;
  readonly macroF1: number;
  readonly accuracy: number;
  readonly mistakes: ReadonlyArray<{ text: string; expected: SentimentLabel; predicted: SentimentLabel }>;
}

export function evaluate(sentences: readonly LabelledSentence[], classify: (text: string) => SentimentLabel): Evaluation {
  const predicted = sentences.map((sentence) => classify(sentence.text));
  const figures = (label: SentimentLabel): ClassFigures => {
    let truePositives = 0, predictedAs = 0, support = 0;
    sentences.forEach((sentence, i) => {
      if (predicted[i] === label) predictedAs++;
      if (sentence.label === label) support++;
      if (predicted[i] === label && sentence.label === label) truePositives++;
    });
    const precision = predictedAs ? truePositives / predictedAs : 0;
    const recall = support ? truePositives / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1, support };
  };
  const perClass = { positive: figures('positive'), negative: figures('negative'), neutral: figures('neutral') };
  const right = predicted.filter((label, i) => label === sentences[i]!.label).length;
  return {
    perClass,
    macroF1: LABELS.reduce((sum, label) => sum + perClass[label].f1, 0) / LABELS.length,
    accuracy: sentences.length ? right / sentences.length : 0,
    mistakes: sentences.flatMap((sentence, i) => (predicted[i] === sentence.label ? [] : [{ text: sentence.text, expected: sentence.label, predicted: predicted[i]! }])),
  };
}

/** Reads a .jsonl fixture's text: one { text, label, part } per line. */
export function parseLabelledLines(jsonl: string): LabelledSentence[] {
  return jsonl
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as LabelledSentence);
}
