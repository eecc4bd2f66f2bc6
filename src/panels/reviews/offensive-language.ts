/**
 * Finds offensive words in learners' text, in English and French at once (learners mix the two).
 *
 * Matching is on whole words, so a term inside an innocent word ("class", "Scunthorpe",
 * "cocktail", "connaître") is never found. Each word is compared after folding case and accents
 * and after undoing the usual disguises: digits and symbols for letters ("sh1t", "@$$"),
 * stretched letters ("merdeeee"), masked letters ("f*ck") and letters spelled out with
 * separators ("c.o.n", "f u c k").
 */
import { OFFENSIVE_TERMS_EN } from './offensive-terms.en';
import { OFFENSIVE_TERMS_FR } from './offensive-terms.fr';

/** One language's list. Entries are lower case and without accents; a space separates words. */
export interface OffensiveTermList {
  /** Words and phrases that are offensive wherever they appear. */
  readonly terms: readonly string[];
  /** Words that are also innocent words, in one of the two languages: offensive only when disguised. */
  readonly disguisedOnly: readonly string[];
  /** Phrases whose words must not be taken for offensive terms ("moby dick"). */
  readonly innocent: readonly string[];
}

/** Letters that stand in for "i" and "l" alike ("1" is both): compared through one placeholder. */
const I_OR_L = 'ı';

const LEET: Readonly<Record<string, string>> = {
  '0': 'o', '1': I_OR_L, '!': I_OR_L, '|': I_OR_L, '3': 'e', '4': 'a', '@': 'a', '5': 's', '$': 's', '7': 't',
};

const LEET_CHARS = /[01!|347@5$]/u;

/** Characters of a word, as written: letters, digits, and the symbols used in place of letters. */
const WORD = /[\p{L}\p{N}@$!|*]+/gu;

/**
 * Three or more single characters with the same separator between them ("c.o.n", "f u c k",
 * "s-h-i-t"). Apostrophes are excluded at both ends so that "l'a" is not a letter run.
 */
const SPELLED_OUT = /(?<![\p{L}\p{N}@$'])[\p{L}\p{N}@$](?<sep>[ ._\-*·/+]{1,3})[\p{L}\p{N}@$](?:\k<sep>[\p{L}\p{N}@$])+(?![\p{L}\p{N}@$'])/gu;

/** Pieces of a word joined by dots, dashes or underscores, with no space: "sh.it", "con-nard". */
const SPLIT_WORD = /[\p{L}\p{N}@$!|*]+(?:[._-][\p{L}\p{N}@$!|*]+)+/gu;

/** Lower case, accents and ligatures folded, compatibility forms (full-width letters) unified. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss');
}

function wordsOf(text: string): string[] {
  const out: string[] = [];
  for (const match of foldText(text).matchAll(WORD)) {
    // "!", "|" and "*" at a word's edge are punctuation or emphasis ("con!", "**great**"), not letters.
    const word = match[0].replace(/^[!|*]+|[!|*]+$/gu, '');
    if (word.length > 0) out.push(word);
  }
  return out;
}

function hasStretch(word: string): boolean {
  return /(.)\1\1/u.test(word);
}

function squeeze(word: string): string {
  return word.replace(/(.)\1+/gu, '$1');
}

function ilKey(word: string): string {
  return word.replace(/[il]/gu, I_OR_L);
}

/** How a disguised word is compared with the lists: which folds it needs. */
interface KeyShape {
  readonly il: boolean;
  readonly squeeze: boolean;
}

function keyOf(word: string, shape: KeyShape): string {
  const keyed = shape.il ? ilKey(word) : word;
  return shape.squeeze ? squeeze(keyed) : keyed;
}

function shapeName(shape: KeyShape): string {
  return `${shape.il ? 'i' : '-'}${shape.squeeze ? 's' : '-'}`;
}

const SHAPES: readonly KeyShape[] = [
  { il: false, squeeze: false },
  { il: true, squeeze: false },
  { il: false, squeeze: true },
  { il: true, squeeze: true },
];

/**
 * Undoes digits and symbols standing for letters, but only in words that are mostly letters, so
 * that numbers ("2025", "50$") and product codes ("A55", "h264") are left alone.
 */
function undoLeet(word: string): string {
  if (!LEET_CHARS.test(word)) return word;
  const letterLike = (word.match(/[\p{L}@$!|]/gu) ?? []).length;
  const digits = (word.match(/\p{N}/gu) ?? []).length;
  if (letterLike < 2 || letterLike < digits) return word;
  return [...word].map((ch) => LEET[ch] ?? ch).join('');
}

/** What one written word may stand for, and whether it was disguised to get there. */
interface Reading {
  readonly candidates: ReadonlySet<string>;
  readonly disguised: boolean;
}

interface Phrase {
  readonly words: readonly string[];
}

/** Both languages' lists, indexed for whole-word lookup under each disguise. */
export class OffensiveMatcher {
  private readonly terms = new Set<string>();
  private readonly disguisedOnly = new Set<string>();
  private readonly phrases: Phrase[] = [];
  private readonly innocent: Phrase[] = [];
  /** Every word that appears in a list, so that disguised words can be read back to it. */
  private readonly vocabulary = new Set<string>();
  /** For each disguise shape, the key of each offensive or phrase word. */
  private readonly index = new Map<string, Map<string, Set<string>>>();
  private readonly longestWord: number;

  constructor(lists: readonly OffensiveTermList[]) {
    for (const list of lists) {
      for (const entry of list.terms) {
        const words = wordsOf(entry);
        if (words.length === 1) this.terms.add(words[0]);
        else if (words.length > 1) this.phrases.push({ words });
        words.forEach((w) => this.vocabulary.add(w));
      }
      for (const entry of list.disguisedOnly) {
        wordsOf(entry).forEach((w) => {
          this.disguisedOnly.add(w);
          this.vocabulary.add(w);
        });
      }
      for (const entry of list.innocent) this.innocent.push({ words: wordsOf(entry) });
    }
    this.longestWord = Math.max(0, ...[...this.vocabulary].map((w) => w.length));
    for (const shape of SHAPES) {
      const keys = new Map<string, Set<string>>();
      for (const word of this.vocabulary) {
        const key = keyOf(word, shape);
        const known = keys.get(key) ?? new Set<string>();
        known.add(word);
        keys.set(key, known);
      }
      this.index.set(shapeName(shape), keys);
    }
  }

  /** True when the text contains an offensive word or phrase. */
  matches(text: string): boolean {
    return this.spelledOutMatch(text) || this.splitWordMatch(text) || this.wordsMatch(wordsOf(text));
  }

  private read(word: string): Reading {
    if (this.vocabulary.has(word)) return { candidates: new Set([word]), disguised: false };
    const plain = undoLeet(word);
    const shape: KeyShape = { il: plain.includes(I_OR_L), squeeze: hasStretch(plain) };
    const found = this.index.get(shapeName(shape))?.get(keyOf(plain, shape));
    if (found) return { candidates: found, disguised: true };
    const masked = this.readMasked(plain);
    if (masked.size > 0) return { candidates: masked, disguised: true };
    return { candidates: new Set([word]), disguised: false };
  }

  /** "f*ck", "sh**": each star hides one letter; at least two letters must be visible. */
  private readMasked(word: string): Set<string> {
    const found = new Set<string>();
    if (!word.includes('*') || word.replace(/\*/g, '').length < 2) return found;
    const pattern = new RegExp(
      `^${[...word].map((ch) => (ch === '*' ? '.' : ch === I_OR_L ? '[il]' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`,
      'u',
    );
    for (const term of [...this.terms, ...this.disguisedOnly]) if (pattern.test(term)) found.add(term);
    return found;
  }

  private isOffensiveWord(reading: Reading): boolean {
    for (const candidate of reading.candidates) {
      if (this.terms.has(candidate)) return true;
      if (reading.disguised && this.disguisedOnly.has(candidate)) return true;
    }
    return false;
  }

  private wordsMatch(words: readonly string[]): boolean {
    const covered = new Array<boolean>(words.length).fill(false);
    for (const phrase of this.innocent) {
      for (const start of occurrences(phrase.words, words, (expected, actual) => expected === actual)) {
        for (let k = 0; k < phrase.words.length; k++) covered[start + k] = true;
      }
    }
    const readings = words.map((w) => this.read(w));
    if (readings.some((r, i) => !covered[i] && this.isOffensiveWord(r))) return true;
    return this.phrases.some((phrase) =>
      occurrences(phrase.words, readings, (expected, actual) => actual.candidates.has(expected)).some(
        (start) => phrase.words.some((_, k) => !covered[start + k]),
      ),
    );
  }

  /** A word cut by dots, dashes or underscores ("sh.it", "pu-tain") is read joined up. */
  private splitWordMatch(text: string): boolean {
    for (const match of foldText(text).matchAll(SPLIT_WORD)) {
      const joined = match[0].replace(/[._-]/gu, '');
      // Two letters joined ("P.D. James", "e-book" aside) are abbreviations far more often than abuse.
      if (joined.length < 3) continue;
      const reading = this.read(joined);
      if (this.isOffensiveWord({ candidates: reading.candidates, disguised: true })) return true;
    }
    return false;
  }

  /** Letters spelled out one by one are joined and read as a single, always disguised, word. */
  private spelledOutMatch(text: string): boolean {
    for (const match of foldText(text).matchAll(SPELLED_OUT)) {
      const sep = match.groups?.sep ?? '';
      const letters = match[0].split(sep);
      // With spaces as separators, a one-letter word before or after ("a c o n") joins the run:
      // try each stretch of three letters or more.
      const pieces = sep.trim() === '' ? stretches(letters, 3, this.longestWord) : [letters];
      for (const piece of pieces) {
        const reading = this.read(piece.join(''));
        if (this.isOffensiveWord({ candidates: reading.candidates, disguised: true })) return true;
      }
    }
    return false;
  }
}

/** Start positions where `needle` occurs in `haystack`, compared with `same`. */
function occurrences<T>(needle: readonly string[], haystack: readonly T[], same: (expected: string, actual: T) => boolean): number[] {
  const starts: number[] = [];
  for (let start = 0; start + needle.length <= haystack.length; start++) {
    if (needle.every((expected, k) => same(expected, haystack[start + k]))) starts.push(start);
  }
  return starts;
}

/** Every run of `minLength` to `maxLength` consecutive items; bounded so a long run stays linear. */
function* stretches<T>(items: readonly T[], minLength: number, maxLength: number): Generator<T[]> {
  for (let from = 0; from < items.length; from++) {
    for (let to = from + minLength; to <= Math.min(items.length, from + maxLength); to++) yield items.slice(from, to);
  }
}

const DEFAULT_MATCHER = new OffensiveMatcher([OFFENSIVE_TERMS_EN, OFFENSIVE_TERMS_FR]);

/** True when the text contains an English or French offensive word or phrase. */
export function containsOffensiveLanguage(text: string): boolean {
  return DEFAULT_MATCHER.matches(text);
}
