/**
 * What the catalogue knows about one offer, internal (a course of the platform where the tool is in
 * use) or external (an entry of a feed an admin added). The catalogue page, the search index and the
 * rating badge all read this one shape; catalogue-cards.ts builds it from the store, applying each
 * course's own settings first (minimum number of ratings, text visibility), so nothing downstream can
 * show what a course hides.
 */
import type { AspectId } from '../storage/ports/course-settings';

export type CatalogueLanguage = 'en' | 'fr';

export interface CatalogueRating {
  /** Mean of the published overall ratings, 1–5. */
  readonly average: number;
  readonly count: number;
  /** Aspect means (only aspects the course asks for and someone rated). */
  readonly aspects: Readonly<Partial<Record<AspectId, number>>>;
}

/** A short public review text shown (and searched, weighted lower) with the course. */
export interface CatalogueExcerpt {
  readonly reviewId: string;
  readonly rating: number;
  readonly text: string;
}

/** How the course answers its learners. */
export interface CatalogueAnswers {
  /** Published reviews with an official response, and published reviews in all. */
  readonly answered: number;
  readonly reviews: number;
  /** Corrective actions marked done. */
  readonly improvements: number;
  /** The latest done action with the course's average before and after it, when both are known. */
  readonly latest?: { readonly description: string; readonly before?: number; readonly after?: number };
}

interface EntryBase {
  /** Unique within one deployment's catalogue: 'c:' + context id, or 'x:' + source id + ':' + entry key. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** The language the entry is written in, when known (facet). */
  readonly language?: CatalogueLanguage;
  /** When the entry last changed (a little weight in ranking). */
  readonly updatedAt: Date;
}

export interface CourseEntry extends EntryBase {
  readonly kind: 'course';
  readonly contextId: string;
  /** The LMS's short name (Moodle's course short name, Canvas's course code). */
  readonly label?: string;
  /** Absent below the course's minimum number of ratings. */
  readonly rating?: CatalogueRating;
  /** Two at most, the most helpful public texts; empty when the course shows ratings only. */
  readonly excerpts: readonly CatalogueExcerpt[];
  /** More public review texts, searched with a low weight and never shown. */
  readonly searchTexts: readonly string[];
  readonly answers?: CatalogueAnswers;
  readonly openConsultation: boolean;
  /** Where the learner opens or enrols in the course in the LMS (http(s) only), when known. */
  readonly courseUrl?: string;
}

export interface ExternalEntry extends EntryBase {
  readonly kind: 'external';
  readonly sourceId: string;
  readonly sourceName: string;
  /** The entry's own page (http(s) only); opened in a new tab. */
  readonly url: string;
}

export type CatalogueEntry = CourseEntry | ExternalEntry;
