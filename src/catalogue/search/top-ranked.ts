/**
 * The best documents of a search, in order, without sorting all matches: two typed letters can
 * match half the catalogue, and only a page's worth (offset + limit) is kept. Equal scores are
 * ordered by `before` (the caller passes entry id order, so that a rebuilt index and an updated
 * one give the same pages).
 */
export interface Ranked {
  readonly doc: number;
  readonly score: number;
}

export class TopRanked {
  private readonly docs: number[] = [];
  private readonly scores: number[] = [];

  constructor(
    private readonly count: number,
    private readonly before: (a: number, b: number) => boolean,
  ) {}

  offer(doc: number, score: number): void {
    const { docs, scores, count } = this;
    if (count === 0) return;
    let at = docs.length;
    if (at === count && !this.ahead(doc, score, at - 1)) return;
    while (at > 0 && this.ahead(doc, score, at - 1)) at--;
    docs.splice(at, 0, doc);
    scores.splice(at, 0, score);
    if (docs.length > count) docs.pop(), scores.pop();
  }

  /** Whether (doc, score) goes before the one kept at `at` (a method, not a closure: called for every match). */
  private ahead(doc: number, score: number, at: number): boolean {
    return score > this.scores[at] || (score === this.scores[at] && this.before(doc, this.docs[at]));
  }

  /** Best first. */
  best(): Ranked[] {
    return this.docs.map((doc, i) => ({ doc, score: this.scores[i] }));
  }
}
