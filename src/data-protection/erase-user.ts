/**
 * Article 17 (right to erasure) for one person of one platform, as a story:
 * 1. find their reviews;
 * 2. delete each through ReviewStore.deleteReview, the path that updates the item's summary and
 *    version figures in the same transaction as the deletion (so summaries stay exact);
 * 3. remove their contributions (with what hangs on them), marks, comments and reports on
 *    contributions in one transaction (ContributionStore.eraseUser), then their files: removal, not
 *    anonymisation, even for published CC-licensed ones (README, "Contributions: storage and files");
 * 4. erase or anonymise everything else in one transaction (UserDataStore.eraseUser), which also
 *    writes one 'user.erase' audit entry per course with this erasure's reference and counts only.
 * Run again, it finds nothing left: an interrupted erasure is finished by running it once more.
 */
import { randomUUID } from 'node:crypto';
import { visitorOf } from '../catalogue/visitor';
import type { ContextKey } from '../context/tenant';
import type { Storage } from '../storage/port';
import type { CourseErasure, UserKey } from '../storage/ports/user-data';
import type { ContributionErasure } from '../storage/ports/contributions';

export interface ErasureOutcome {
  /** Written in the audit entries; give it to whoever asked, so they can find the entries again. */
  readonly reference: string;
  readonly courses: readonly CourseErasure[];
  /** What went of their contributions, per course (counts only). */
  readonly contributions: readonly ContributionErasure[];
}

export async function eraseUser(
  storage: Pick<Storage, 'reviews' | 'userData' | 'contributions' | 'contributionFiles'>,
  user: UserKey,
  deps: { readonly visitorSecret: string; readonly now: Date; readonly reference?: string },
): Promise<ErasureOutcome> {
  const reference = deps.reference ?? randomUUID();
  const reviewsDeleted = await deleteReviews(storage, user);
  const contributions = await storage.contributions.eraseUser(user);
  // After the rows: a crash in between leaves an orphan file, never a contribution without its file.
  for (const fileId of contributions.fileIds) await storage.contributionFiles.deleteFile(fileId);
  const courses = await storage.userData.eraseUser(user, {
    at: deps.now,
    reference,
    visitor: visitorOf(deps.visitorSecret, user, user.userId),
    reviewsDeleted,
  });
  return { reference, courses, contributions: contributions.courses };
}

async function deleteReviews(storage: Pick<Storage, 'reviews' | 'userData'>, user: UserKey): Promise<Array<{ course: ContextKey; count: number }>> {
  const { reviews } = await storage.userData.exportUser(user);
  const perCourse = new Map<string, { course: ContextKey; count: number }>();
  for (const review of reviews) {
    if (!(await storage.reviews.deleteReview(review.item, user.userId))) continue;
    const { issuer, clientId, deploymentId, contextId } = review.item;
    const key = JSON.stringify([issuer, clientId, deploymentId, contextId]);
    const entry = perCourse.get(key) ?? { course: { issuer, clientId, deploymentId, contextId }, count: 0 };
    entry.count++;
    perCourse.set(key, entry);
  }
  return [...perCourse.values()];
}
