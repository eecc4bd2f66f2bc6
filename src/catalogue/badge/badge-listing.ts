/**
 * What `npm run catalogue-badges` reads: the courses of one platform (optionally one deployment) with
 * their badge token. The catalogue store provides it; the command is written against this interface only.
 */
import type { PlatformKey } from '../../context/tenant';
import type { BadgeLocale } from './badge-source';

export interface CourseBadge {
  readonly title: string;
  readonly token: string;
  readonly badgeEnabled: boolean;
  /** The course's default language, when known: the snippet's language unless --lang says otherwise. */
  readonly locale?: BadgeLocale;
}

export interface BadgeListing {
  /** Every course of the platform (of one deployment when given) that has a catalogue record, by title. */
  listBadges(platform: PlatformKey, deploymentId?: string): Promise<CourseBadge[]>;
}

/**
 * What the catalogue store offers for the listing, as `storage.catalogue.listCourseBadges(…)`: the lead's
 * catalogue storage implements it (SQLite and MongoDB), sorted by title.
 */
export interface CourseBadgeStore {
  listCourseBadges(platform: PlatformKey, deploymentId?: string): Promise<CourseBadge[]>;
}

/**
 * The listing read from an opened store. The Storage port gains its `catalogue` in the catalogue
 * storage branch; until both are merged this looks for it at run time, so that the command compiles
 * and fails with a clear message rather than not at all. Once `Storage.catalogue` exists, this becomes
 * `storage.catalogue` typed, and the check goes.
 */
export function storeBadgeListing(storage: object): BadgeListing {
  const catalogue = (storage as { catalogue?: Partial<CourseBadgeStore> }).catalogue;
  if (typeof catalogue?.listCourseBadges !== 'function') throw new Error('This store has no course catalogue yet (storage.catalogue.listCourseBadges): update Learner Voice.');
  return { listBadges: (platform, deploymentId) => catalogue.listCourseBadges!.call(catalogue, platform, deploymentId) };
}
