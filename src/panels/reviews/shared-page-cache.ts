/**
 * Rendered pages shared by many viewers, by key, least recently used first out. Keys carry the
 * course generation, so an entry is never invalidated: a write moves readers to a new key and the
 * old entry ages out. Concurrent misses on one key wait for a single build (a page view storm right
 * after a new review renders the page once, not once per request).
 */
export class SharedPageCache<T> {
  private readonly entries = new Map<string, T>();
  private readonly building = new Map<string, Promise<T>>();

  constructor(private readonly capacity: number) {}

  async get(key: string, build: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Map keeps insertion order: re-inserting marks the entry as the most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const pending = this.building.get(key);
    if (pending) return pending;
    const run = build()
      .then((value) => {
        this.entries.set(key, value);
        if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
        return value;
      })
      .finally(() => this.building.delete(key));
    this.building.set(key, run);
    return run;
  }

  get size(): number {
    return this.entries.size;
  }
}
