/**
 * The catalogue's own words, for "Did you mean": every folded word of the indexed texts with the
 * number of entries using it and one way it is written ("sécurité"), plus the stems, to tell a word
 * the catalogue knows (maybe in another form) from one it has never seen. Kept exact through
 * upserts and removals by counting entries per word.
 */
import SearchableMap from 'minisearch/SearchableMap';
import { isStopWord, stem } from './search-text';

interface KnownWord {
  entries: number;
  /** Lower case with accents, as first seen: what a suggestion shows. */
  readonly written: string;
}

/** Edits allowed when correcting a word of this length: none below 3 letters, 1 up to 4, 2 beyond. */
export function correctionDistance(length: number): number {
  return length < 3 ? 0 : length <= 4 ? 1 : 2;
}

export class Vocabulary {
  private readonly words = new Map<string, KnownWord>();
  /** The same words in a radix tree, for fuzzy and prefix lookups (only new words walk it). */
  private readonly tree = new SearchableMap<KnownWord>();
  private readonly stems = new Map<string, number>();

  /** Counts one entry's distinct words (folded → written form). */
  add(entryWords: ReadonlyMap<string, string>): void {
    for (const [folded, written] of entryWords) {
      const known = this.words.get(folded);
      if (known) known.entries += 1;
      else {
        const word = { entries: 1, written };
        this.words.set(folded, word);
        this.tree.set(folded, word);
      }
      const root = stem(folded);
      this.stems.set(root, (this.stems.get(root) ?? 0) + 1);
    }
  }

  /** Uncounts one entry's distinct words, as given to add() for that entry. */
  remove(entryWords: ReadonlyMap<string, string>): void {
    for (const folded of entryWords.keys()) {
      const known = this.words.get(folded);
      if (known && --known.entries <= 0) this.words.delete(folded), this.tree.delete(folded);
      const root = stem(folded);
      const left = (this.stems.get(root) ?? 1) - 1;
      if (left > 0) this.stems.set(root, left);
      else this.stems.delete(root);
    }
  }

  /** Whether the catalogue has this word, in this form or another of the same stem (or, when `asPrefix`, a word starting with it). */
  knows(folded: string, asPrefix: boolean): boolean {
    if (this.words.has(folded) || this.stems.has(stem(folded))) return true;
    return asPrefix && this.tree.atPrefix(folded).size > 0;
  }

  /** The closest known word: fewest edits, then used by most entries; undefined when none is close enough. */
  closest(folded: string): string | undefined {
    const distance = correctionDistance(folded.length);
    if (distance === 0) return undefined;
    let best: { written: string; distance: number; entries: number } | undefined;
    for (const [word, [known, edits]] of this.tree.fuzzyGet(folded, distance)) {
      if (isStopWord(word) || word.length < 3) continue;
      if (!best || edits < best.distance || (edits === best.distance && known.entries > best.entries)) {
        best = { written: known.written, distance: edits, entries: known.entries };
      }
    }
    return best?.written;
  }
}
