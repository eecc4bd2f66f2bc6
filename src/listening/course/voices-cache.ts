/**
 * Keeps each course's computed voices (course-voices.ts) so a page view does not read and score up
 * to 2,000 texts again. An entry stands for one course generation (ports/course-generations.ts):
 * any review, response, action, version or settings write moves it, and the next view rebuilds.
 * Ideas and comments do not move the generation, so an entry is also rebuilt after `maxAgeMs`
 * (10 minutes by default): a new idea shows within that. Concurrent views of a stale course share
 * one computation. At most `maxCourses` courses are kept, the least recently viewed dropped first.
 */
import type { ContextKey } from '../../context/tenant';

interface Entry<T> {
  readonly generation: number;
  readonly computedAt: number;
  readonly value: Promise<T>;
}

export interface VoicesCacheOptions {
  readonly maxAgeMs?: number;
  readonly maxCourses?: number;
}

export class VoicesCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly maxAgeMs: number;
  private readonly maxCourses: number;

  constructor(options: VoicesCacheOptions = {}) {
    this.maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    this.maxCourses = options.maxCourses ?? 100;
  }

  /** The value for the course at `generation`, computed by `compute` unless a fresh one is kept. */
  get(course: ContextKey, variant: string, generation: number, now: number, compute: () => Promise<T>): Promise<T> {
    const key = JSON.stringify([course.issuer, course.clientId, course.deploymentId, course.contextId, variant]);
    const kept = this.entries.get(key);
    if (kept && kept.generation === generation && now - kept.computedAt < this.maxAgeMs) {
      // Re-inserting marks it as the most recently viewed.
      this.entries.delete(key);
      this.entries.set(key, kept);
      return kept.value;
    }
    const value = compute();
    const entry = { generation, computedAt: now, value };
    this.entries.delete(key);
    this.entries.set(key, entry);
    // A failed computation is not kept: the next view tries again.
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    while (this.entries.size > this.maxCourses) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
