/**
 * Rendered pages shared by many viewers, by key, least recently used first out. Keys carry the
 * course generation, so an entry is never invalidated: a write moves readers to a new key and the
 * old entry ages out. Concurrent misses on one key wait for a single build (a page view storm right
 * after a new review renders the page once, not once per request).
 *
 * Bounded by entries and, when given a weight, by bytes: pages differ in size by an order of
 * magnitude (a course with 20 long reviews against an empty catalogue search), so a count alone
 * says little about what the cache may hold; the byte budget is what an operator's memory limit
 * can be planned against (bench/README.md, "Memory and the soak").
 *
 * Superseded pages go at once: a page built under a newer generation (or day, or catalogue version)
 * than another of the same lineage (the same page but for those) replaces it, since no reader asks
 * for the older key again. Without this, every write left its course's old pages in the cache until
 * the LRU pushed them out, and the memory held grew with the writes until the budget was reached
 * (the 10-minute soak's growth, issue 14). A build that finishes after a newer one of its lineage
 * was kept is served to its requester but not kept.
 */
export interface CacheBudget<T> {
  readonly maxBytes: number;
  /** Bytes one value holds (its page buffers; the small objects around them are left out). */
  readonly weigh: (value: T) => number;
}

/** Which page this is regardless of its version, and the version, compared element by element. */
export interface PageLineage {
  readonly group: string;
  readonly order: readonly number[];
}

function compareOrder(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export class SharedPageCache<T> {
  private readonly entries = new Map<string, { value: T; bytes: number; group?: string }>();
  /** The newest kept key of each lineage. */
  private readonly newest = new Map<string, { key: string; order: readonly number[] }>();
  private readonly building = new Map<string, Promise<T>>();
  private held = 0;

  constructor(
    private readonly capacity: number,
    private readonly budget?: CacheBudget<T>,
  ) {}

  async get(key: string, build: () => Promise<T>, lineage?: PageLineage): Promise<T> {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Map keeps insertion order: re-inserting marks the entry as the most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const pending = this.building.get(key);
    if (pending) return pending;
    const run = build()
      .then((value) => {
        this.keep(key, value, lineage);
        return value;
      })
      .finally(() => this.building.delete(key));
    this.building.set(key, run);
    return run;
  }

  private keep(key: string, value: T, lineage: PageLineage | undefined): void {
    const bytes = this.budget?.weigh(value) ?? 0;
    // A page larger than the whole budget is served but never kept.
    if (this.budget && bytes > this.budget.maxBytes) return;
    if (lineage) {
      const newest = this.newest.get(lineage.group);
      if (newest && newest.key !== key) {
        if (compareOrder(lineage.order, newest.order) < 0) return;
        this.drop(newest.key);
      }
      this.newest.set(lineage.group, { key, order: lineage.order });
    }
    this.entries.set(key, { value, bytes, group: lineage?.group });
    this.held += bytes;
    while (this.entries.size > this.capacity || (this.budget && this.held > this.budget.maxBytes)) this.drop(this.entries.keys().next().value as string);
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.held -= entry.bytes;
    this.entries.delete(key);
    if (entry.group !== undefined && this.newest.get(entry.group)?.key === key) this.newest.delete(entry.group);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes held, by the budget's weight (0 without one). */
  get bytes(): number {
    return this.held;
  }
}
