/**
 * The training managers a platform designated, read from the store (ports/managers.ts).
 *
 * It runs on every Listening request and on every catalogue search of a non-admin (for the
 * "Listening" link), so answers are kept a few seconds per person: the catalogue's search-as-you-type
 * and a page's CSV and chart requests then cost one lookup, not one each. A change made in this
 * process (the managers page) forgets every kept answer at once, so a removal holds here on the next
 * request; another process (the CLI, a second instance) is seen within ANSWER_TTL_MS.
 */
import type { PlatformKey } from '../context/tenant';
import type { Storage } from '../storage/port';
import type { ManagerDirectory } from './access';

const ANSWER_TTL_MS = 5_000;
/** People answered for at once; beyond it the oldest answers go (a Map keeps insertion order). */
const ANSWERS_KEPT = 5_000;

export interface CachedManagerDirectory extends ManagerDirectory {
  /** Forget every kept answer: call after a designation was added or removed. */
  forget(): void;
}

const directories = new WeakMap<Pick<Storage, 'managers'>, CachedManagerDirectory>();

/** One directory per store, shared by every route of the process (so forget() reaches them all). */
export function managerDirectoryOf(storage: Pick<Storage, 'managers'>, now: () => number = Date.now): CachedManagerDirectory {
  let directory = directories.get(storage);
  if (!directory) {
    directory = cachedDirectory(storage, now);
    directories.set(storage, directory);
  }
  return directory;
}

function cachedDirectory(storage: Pick<Storage, 'managers'>, now: () => number): CachedManagerDirectory {
  const answers = new Map<string, { readonly designated: boolean; readonly until: number }>();
  // A read that began before a change must not keep its answer after forget().
  let generation = 0;
  return {
    async isDesignated(platform: PlatformKey, userId: string, roles: readonly string[]) {
      const key = JSON.stringify([platform.issuer, platform.clientId, userId, [...roles].sort()]);
      const kept = answers.get(key);
      if (kept && kept.until > now()) return kept.designated;
      const asked = generation;
      const designated = await storage.managers.isDesignated(platform, userId, roles);
      if (asked !== generation) return designated;
      answers.delete(key);
      if (answers.size >= ANSWERS_KEPT) answers.delete(answers.keys().next().value as string);
      answers.set(key, { designated, until: now() + ANSWER_TTL_MS });
      return designated;
    },
    forget: () => {
      generation++;
      answers.clear();
    },
  };
}
