/**
 * What an entry puts in the index: each term with its weight in that entry, and its words for the
 * vocabulary. Computed again, identically, when the entry is removed, so nothing per entry is kept
 * besides the entry itself.
 *
 * A term's weight is BM25's term-frequency part summed over the fields it appears in, each times
 * the field's boost:  Σ_f boost_f · tf·(k1+1) / (tf + k1·(1 − b + b·len_f/typicalLen_f)).
 * The typical lengths are fixed rather than the catalogue's running averages so that a weight never
 * depends on what else was indexed, or in what order (upserts stay exact without reindexing).
 * Only stems are indexed (so plurals and endings meet); the words themselves go to the vocabulary,
 * whose completions and near spellings lead back to stems.
 */
import type { CatalogueEntry } from '../catalogue-entry';
import { isStopWord, stem, textWords } from './search-text';

/** Relative weight of a match in each field: the title says what the course is, reviews only hint. */
export const FIELD_BOOSTS = { title: 4, label: 2.5, description: 1.5, reviews: 0.6 } as const;
type Field = keyof typeof FIELD_BOOSTS;
const FIELDS = Object.keys(FIELD_BOOSTS) as Field[];
const TYPICAL_LENGTH: Record<Field, number> = { title: 5, label: 1, description: 25, reviews: 40 };
const K1 = 1.2;
const B = 0.5;

/**
 * The texts of one field, as the entry holds them: never joined, because the words kept in the
 * vocabulary are slices of these strings and would keep a joined copy alive (measured: tens of MB
 * at 100,000 entries).
 */
export function fieldTexts(entry: CatalogueEntry, field: Field): readonly string[] {
  switch (field) {
    case 'title':
      return [entry.title];
    case 'description':
      return [entry.description];
    case 'label':
      return entry.kind === 'course' && entry.label ? [entry.label] : [];
    case 'reviews':
      return entry.kind === 'course' ? [...entry.excerpts.map((e) => e.text), ...entry.searchTexts] : [];
  }
}

export interface EntryAnalysis {
  /** Index term → weight in this entry. */
  readonly terms: Map<string, number>;
  /** Distinct folded words → their stem and a written form (lower case, accents kept). */
  readonly words: Map<string, { readonly stem: string; readonly written: string }>;
}

export function analyseEntry(entry: CatalogueEntry): EntryAnalysis {
  const terms = new Map<string, number>();
  const words = new Map<string, { stem: string; written: string }>();
  for (const field of FIELDS) {
    const counts = new Map<string, number>();
    let length = 0;
    for (const text of fieldTexts(entry, field)) {
      for (const word of textWords(text)) {
        if (isStopWord(word.folded)) continue;
        length += 1;
        let known = words.get(word.folded);
        if (!known) words.set(word.folded, (known = { stem: stem(word.folded), written: text.slice(word.start, word.end).toLowerCase() }));
        counts.set(known.stem, (counts.get(known.stem) ?? 0) + 1);
      }
    }
    if (length === 0) continue;
    const norm = K1 * (1 - B + (B * length) / TYPICAL_LENGTH[field]);
    for (const [term, tf] of counts) terms.set(term, (terms.get(term) ?? 0) + (FIELD_BOOSTS[field] * tf * (K1 + 1)) / (tf + norm));
  }
  return { terms, words };
}
