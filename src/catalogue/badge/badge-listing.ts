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
