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
 */
export interface CacheBudget<T> {
  readonly maxBytes: number;
  /** Bytes one value holds (its page buffers; the small objects around them are left out). */
  readonly weigh: (value: T) => number;
}

export class SharedPageCache<T> {
  private readonly entries = new Map<string, { value: T; bytes: number }>();
  private readonly building = new Map<string, Promise<T>>();
  private held = 0;

  constructor(
    private readonly capacity: number,
    private readonly budget?: CacheBudget<T>,
  ) {}

  async get(key: string, build: () => Promise<T>): Promise<T> {
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
        this.keep(key, value);
        return value;
      })
      .finally(() => this.building.delete(key));
    this.building.set(key, run);
    return run;
  }

  private keep(key: string, value: T): void {
    const bytes = this.budget?.weigh(value) ?? 0;
    // A page larger than the whole budget is served but never kept.
    if (this.budget && bytes > this.budget.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.held += bytes;
    while (this.entries.size > this.capacity || (this.budget && this.held > this.budget.maxBytes)) {
      const oldest = this.entries.keys().next().value as string;
      this.held -= this.entries.get(oldest)!.bytes;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes held, by the budget's weight (0 without one). */
  get bytes(): number {
    return this.held;
  }
}
