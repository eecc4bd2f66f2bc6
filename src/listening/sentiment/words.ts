/**
 * How the sentiment scorer and the topic finder read a sentence: words folded as the catalogue
 * search folds them (lower case, no accents: "Très" and "tres" are one word), English contractions
 * opened first ("didn't" → "did not", so the negation is a word of its own), and each word given the
 * key under which the lexicons list it.
 */
import { fold } from '../../catalogue/search/search-text';

/** A word of a sentence and its lexicon key; `clauseEnd` marks a comma, colon or semicolon after it. */
export interface SentenceWord {
  readonly folded: string;
  readonly key: string;
  readonly written: string;
  clauseEnd: boolean;
}

const WORD_OR_BREAK = /[\p{L}\p{N}\p{M}]+|[,;:()–—]/gu;

/** "didn't" → "did not", "can't" / "cannot" → "can not", "won't" → "will not" (straight or curly apostrophe). */
function openContractions(text: string): string {
  return text
    .replace(/\b(won)[’']t\b/gi, 'will not')
    .replace(/\b(can)[’']t\b/gi, 'can not')
    .replace(/\bcannot\b/gi, 'can not')
    .replace(/n[’']t\b/gi, ' not');
}

/**
 * The lexicon key of a folded word: a final -s or -x, then a final -e, taken off, so that plurals and
 * French feminines meet ("claires", "clair"; "organisées", "organisé"; "exercises", "exercise").
 * Lighter than the catalogue's stem on purpose: it must not merge words of opposite meaning.
 */
export function lexiconKey(folded: string): string {
  let key = folded;
  if (key.length > 3 && /[sx]$/.test(key)) key = key.slice(0, -1);
  if (key.length > 3 && key.endsWith('e')) key = key.slice(0, -1);
  return key;
}

/** The words of one sentence, in order, with clause breaks marked on the word before them. */
export function sentenceWords(sentence: string): SentenceWord[] {
  const words: SentenceWord[] = [];
  for (const [token] of openContractions(sentence).matchAll(WORD_OR_BREAK)) {
    if (/^[,;:()–—]$/.test(token)) {
      const last = words[words.length - 1];
      if (last) last.clauseEnd = true;
      continue;
    }
    const folded = fold(token);
    words.push({ folded, key: lexiconKey(folded), written: token, clauseEnd: false });
  }
  return words;
}
