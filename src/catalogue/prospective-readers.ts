/**
 * Whether learners who have not enrolled can read this course's reviews yet: the course is listed
 * and its texts are public, and the catalogue is placed in its deployment (someone launched it) or
 * its badge is on and has been shown with figures. Only then may the review form tell authors that
 * "other learners read it before they enrol".
 */
import type { ContextKey } from '../context/tenant';
import type { Storage } from '../storage/port';
import type { CourseSettings } from '../storage/ports/course-settings';

/** What the store knows beyond the settings: two primary-key reads. */
export interface CatalogueReach {
  readonly placed: boolean;
  readonly badgeServed: boolean;
}

export async function catalogueReach(storage: Storage, course: ContextKey): Promise<CatalogueReach> {
  const [placed, record] = await Promise.all([storage.catalogue.hasPlacement(course), storage.catalogue.findCourse(course)]);
  return { placed, badgeServed: Boolean(record?.badgeServedAt) };
}

export function readBeforeEnrolling(settings: CourseSettings, reach: CatalogueReach): boolean {
  const catalogue = settings.catalogue;
  if (!settings.reviewsEnabled || settings.textVisibility !== 'everyone' || catalogue?.listed === false) return false;
  return reach.placed || (catalogue?.badge !== false && reach.badgeServed);
}

/** The review form's opening line: who will read what the author writes. */
export function formIntroKey(settings: CourseSettings, beforeEnrolling: boolean) {
  if (settings.textVisibility === 'staff') return 'reviews.form.introStaff' as const;
  if (settings.textVisibility === 'nobody') return 'reviews.form.introNobody' as const;
  return beforeEnrolling ? ('reviews.form.intro' as const) : ('reviews.form.introInCourse' as const);
}
