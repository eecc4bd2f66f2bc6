/**
 * What the public rating badge needs from the catalogue, and nothing more: the badge routes, the SVG and
 * the snippets are written against this interface; the catalogue store answers it (the lead wires it).
 * The store applies the course's own settings first (minimum number of ratings, badge switched off),
 * so nothing here can show what a course hides.
 */
import type { AspectId } from '../../storage/ports/course-settings';

export type BadgeLocale = 'en' | 'fr';

export interface BadgeFigures {
  /** Mean of the published overall ratings, 1–5. */
  average: number;
  count: number;
  /** The course's default language, when known: the badge's language unless ?lang says otherwise. */
  locale?: BadgeLocale;
  /** Optional, added for the public page: aspect means (aspects the course asks for and someone rated). */
  aspects?: Partial<Record<AspectId, number>>;
}

export type BadgeLookup =
  /** No such token: 404. */
  | { state: 'unknown' }
  /** Badge switched off: 404 as well, with no hint that it exists. */
  | { state: 'off' }
  /**
   * Below the course's minimum number of ratings: an image with no figure ("Reviews open soon").
   * `title`, `locale` and `courseUrl` are optional additions, so the public page can still name the course.
   */
  | { state: 'too-few'; minRatings: number; title?: string; locale?: BadgeLocale; courseUrl?: string }
  /** `courseUrl` (optional addition): where a learner opens or enrols in the course, http(s) only. */
  | { state: 'ok'; figures: BadgeFigures; title: string; courseUrl?: string };

export interface BadgeSource {
  lookup(token: string): Promise<BadgeLookup>;
}
