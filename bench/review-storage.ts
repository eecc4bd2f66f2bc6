/**
 * The bench needs the reviews and settings stores of issue 3. It was written against their ports
 * before src/storage/port.ts listed them; the run-time check stays so that an adapter without them
 * fails with a clear message rather than a TypeError in the middle of seeding.
 */
import type { Storage } from '../src/storage/port';
import type { SettingsStore } from '../src/storage/ports/course-settings';
import type { ReviewStore } from '../src/storage/ports/reviews';

export type ReviewStorage = Storage & { readonly reviews: ReviewStore; readonly settings: SettingsStore };

export function withReviews(storage: Storage): ReviewStorage {
  const candidate = storage as Partial<ReviewStorage>;
  if (!candidate.reviews || !candidate.settings) throw new Error(`the ${storage.kind} storage has no reviews/settings store yet`);
  return storage as ReviewStorage;
}
