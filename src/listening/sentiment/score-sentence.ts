/**
 * The sentiment of one sentence, from its words' valences in the language's lexicon (lexicon-en,
 * lexicon-fr) and the rules of modifiers.ts, in five steps: phrases first (their words are spoken
 * for), then single words, then the negation scopes, then intensifiers and "too", then the weight of
 * each clause around a contrast or a concession. The label comes from the sum against a threshold
 * chosen on the development half of test/fixtures/sentiment (never on the held-out half).
 */
import { ENGLISH_LEXICON } from './lexicon-en';
import { FRENCH_LEXICON } from './lexicon-fr';
import { MAX_PHRASE_WORDS, type Lexicon } from './lexicon';
import { MODIFIERS, type Lang, type Modifiers } from './modifiers';
import { negatedPositions } from './negation';
import { sentenceWords, type SentenceWord } from './words';

export type SentimentLabel = 'positive' | 'negative' | 'neutral';

export interface SentenceSentiment {
  /** Sum of the weighted valences: below 0 leans negative, above 0 positive. */
  readonly score: number;
  readonly label: SentimentLabel;
}

/** |score| at or above this is an opinion; below, the sentence is neutral (set on the development half). */
export const OPINION_THRESHOLD = 0.5;

/** "not clear" is a complaint nearly as strong as "unclear"; "not boring" is faint praise. */
const NEGATED_PRAISE = -0.75;
const NEGATED_COMPLAINT = -0.4;
/** "It would be useful to…" proposes; its opinion words barely count. */
const SUGGESTION_WEIGHT = 0.2;

const LEXICONS: Readonly<Record<Lang, Lexicon>> = { en: ENGLISH_LEXICON, fr: FRENCH_LEXICON };

/** A word or phrase with a valence, where it starts, and whether its meaning already holds a negation. */
interface Opinion {
  readonly at: number;
  valence: number;
  readonly fixed: boolean;
}

export function scoreSentence(sentence: string, lang: Lang): SentenceSentiment {
  const words = sentenceWords(sentence);
  const modifiers = MODIFIERS[lang];
  const { opinions, spoken } = findOpinions(words, LEXICONS[lang], modifiers);
  const negated = negatedPositions(words, modifiers, spoken);
  for (const opinion of opinions) {
    scaleByPrecedingWords(opinion, words, modifiers);
    if (negated[opinion.at] && !opinion.fixed) opinion.valence *= opinion.valence > 0 ? NEGATED_PRAISE : NEGATED_COMPLAINT;
  }
  const clauseWeights = weighClauses(words, modifiers);
  const weight = modifiers.suggestions.some((opening) => opening.test(sentence.trim())) ? SUGGESTION_WEIGHT : 1;
  const score = opinions.reduce((sum, opinion) => sum + opinion.valence * clauseWeights[opinion.at]! * weight, 0);
  return { score, label: labelOf(score) };
}

export function labelOf(score: number): SentimentLabel {
  return score >= OPINION_THRESHOLD ? 'positive' : score <= -OPINION_THRESHOLD ? 'negative' : 'neutral';
}

/** Phrases (longest first), then words; "too X" with an X the lexicon does not know is a complaint too. */
function findOpinions(words: SentenceWord[], lexicon: Lexicon, modifiers: Modifiers): { opinions: Opinion[]; spoken: boolean[] } {
  const opinions: Opinion[] = [];
  const spoken = words.map(() => false);
  for (let at = 0; at < words.length; at++) {
    for (let length = Math.min(MAX_PHRASE_WORDS, words.length - at); length >= 2; length--) {
      const phrase = words.slice(at, at + length);
      const valence = lexicon.phrases.get(phrase.map((word) => word.key).join(' '));
      if (valence === undefined) continue;
      const fixed = phrase.some((word) => modifiers.negations.has(word.folded) || modifiers.confirmations.has(word.folded));
      opinions.push({ at, valence, fixed });
      for (let k = at; k < at + length; k++) spoken[k] = true;
      at += length - 1;
      break;
    }
  }
  for (let at = 0; at < words.length; at++) {
    if (spoken[at] || isModifier(words, at, modifiers)) continue;
    const valence = lexicon.words.get(words[at]!.key);
    const afterBadManner = at > 0 && modifiers.badManner.has(words[at - 1]!.folded);
    if (valence !== undefined && !(afterBadManner && valence > 0)) opinions.push({ at, valence, fixed: false });
    else if (at > 0 && modifiers.excess.has(words[at - 1]!.folded) && !words[at - 1]!.clauseEnd) opinions.push({ at, valence: -1.5, fixed: false });
  }
  return { opinions: opinions.sort((a, b) => a.at - b.at), spoken };
}

/** "bien" and "beaucoup" are praise, except before "trop", "moins", "plus", "peu", where they intensify ("beaucoup trop long"). */
const PRAISE_OR_INTENSIFIER = new Set(['bien', 'beaucoup']);

function isModifier(words: SentenceWord[], at: number, modifiers: Modifiers): boolean {
  const word = words[at]!.folded;
  if (PRAISE_OR_INTENSIFIER.has(word)) return /^(trop|moins|plus|peu)$/.test(words[at + 1]?.folded ?? '');
  return modifiers.intensifiers.has(word) || modifiers.excess.has(word);
}

/** Up to two words before an opinion: intensifiers scale it, "too"/"trop" makes it a complaint. */
function scaleByPrecedingWords(opinion: Opinion, words: SentenceWord[], modifiers: Modifiers): void {
  for (let at = opinion.at - 1; at >= Math.max(0, opinion.at - 2); at--) {
    const word = words[at]!;
    if (word.clauseEnd) break;
    if (modifiers.excess.has(word.folded)) opinion.valence = -Math.max(1.5, Math.abs(opinion.valence));
    else if (PRAISE_OR_INTENSIFIER.has(word.folded)) opinion.valence *= 1.3;
    else {
      const factor = modifiers.intensifiers.get(word.folded);
      if (factor === undefined) break;
      opinion.valence *= factor;
    }
  }
}

/**
 * Each word's weight: after the last contrast 1.5 and before it 0.5 ("good content, but the pace was
 * too fast" is a complaint); inside a concession's clause 0.5 ("even if a few slides are old").
 */
function weighClauses(words: SentenceWord[], modifiers: Modifiers): number[] {
  const weights = words.map(() => 1);
  const lastContrast = words.map((word) => modifiers.contrasts.has(word.folded)).lastIndexOf(true);
  if (lastContrast >= 0) for (let at = 0; at < words.length; at++) weights[at] = at < lastContrast ? 0.5 : 1.5;
  for (let at = 0; at < words.length; at++) {
    const two = `${words[at]!.folded} ${words[at + 1]?.folded ?? ''}`;
    if (!modifiers.concessions.has(two) && !modifiers.concessions.has(words[at]!.folded)) continue;
    for (let k = at; k < words.length && !modifiers.contrasts.has(words[k]!.folded); k++) {
      weights[k]! *= 0.5;
      if (words[k]!.clauseEnd) break;
    }
  }
  return weights;
}
