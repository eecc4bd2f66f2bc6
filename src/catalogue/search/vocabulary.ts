/**
 * The catalogue's own words: every folded word of the indexed texts, with its stem, the number of
 * entries using it and one way it is written ("sécurité"). A radix tree over them (MiniSearch's
 * SearchableMap) gives the completions of a word being typed and the near spellings of a typo —
 * both as words, then taken to their stems for the index — and the corrections of "Did you mean".
 * Kept exact through upserts and removals by counting entries per word.
 */
import SearchableMap from 'minisearch/SearchableMap';
import { isStopWord } from './search-text';

export interface KnownWord {
  entries: number;
  readonly stem: string;
  /** Lower case with accents, as first seen: what a suggestion shows. */
  readonly written: string;
}

/** A word expands to at most this many (the most used first): "ma" must stay instant. */
export const MAX_EXPANSIONS = 64;

/** Edits allowed when correcting a word of this length: none below 3 letters, 1 up to 4, 2 beyond. */
export function correctionDistance(length: number): number {
  return length < 3 ? 0 : length <= 4 ? 1 : 2;
}

export class Vocabulary {
  private readonly words = new Map<string, KnownWord>();
  /** The same words in a radix tree (only new words walk it: a walk per word occurrence made the build much slower). */
  private readonly tree = new SearchableMap<KnownWord>();

  /** Counts one entry's distinct words (folded → stem and written form). */
  add(entryWords: ReadonlyMap<string, { readonly stem: string; readonly written: string }>): void {
    for (const [folded, { stem, written }] of entryWords) {
      const known = this.words.get(folded);
      if (known) {
        known.entries += 1;
        continue;
      }
      const word = { entries: 1, stem, written };
      this.words.set(folded, word);
      this.tree.set(folded, word);
    }
  }

  /** Uncounts one entry's distinct words, as given to add() for that entry. */
  remove(entryWords: ReadonlyMap<string, unknown>): void {
    for (const folded of entryWords.keys()) {
      const known = this.words.get(folded);
      if (known && --known.entries <= 0) this.words.delete(folded), this.tree.delete(folded);
    }
  }

  /** Words starting with `prefix`, the most used first. */
  completions(prefix: string): Array<[string, KnownWord]> {
    return mostUsed([...this.tree.atPrefix(prefix).entries()]);
  }

  /** Words within `distance` edits of `folded` (itself excluded), with their distance, the most used first. */
  near(folded: string, distance: number): Array<[string, KnownWord, number]> {
    const found: Array<[string, KnownWord, number]> = [];
    for (const [word, [known, edits]] of this.tree.fuzzyGet(folded, distance)) if (edits > 0) found.push([word, known, edits]);
    return mostUsed(found);
  }

  /** The closest known word: fewest edits, then used by most entries; undefined when none is close enough. */
  closest(folded: string): string | undefined {
    const distance = correctionDistance(folded.length);
    if (distance === 0) return undefined;
    let best: { written: string; distance: number; entries: number } | undefined;
    for (const [word, [known, edits]] of this.tree.fuzzyGet(folded, distance)) {
      if (edits === 0 || isStopWord(word) || word.length < 3) continue;
      if (!best || edits < best.distance || (edits === best.distance && known.entries > best.entries)) {
        best = { written: known.written, distance: edits, entries: known.entries };
      }
    }
    return best?.written;
  }
}

function mostUsed<R extends [string, KnownWord, ...unknown[]]>(rows: R[]): R[] {
  return rows.length <= MAX_EXPANSIONS ? rows : rows.sort((a, b) => b[1].entries - a[1].entries || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_EXPANSIONS);
}
