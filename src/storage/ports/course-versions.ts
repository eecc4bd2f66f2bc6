/**
 * Course versions (or sessions): an instructor starts a new one ("Spring 2027 session", "revised
 * after feedback") with the date it starts. Ratings are summarised per version, so the panel can
 * compare the versions before and after a corrective action. Before the first version a course is
 * in its initial version, INITIAL_VERSION, which is never stored.
 */
import type { ContextKey } from '../../context/tenant';

export const INITIAL_VERSION = 'initial';

export interface CourseVersion {
  readonly id: string;
  readonly course: ContextKey;
  readonly label: string;
  /** First day of the version, YYYY-MM-DD (UTC). */
  readonly startsOn: string;
  readonly createdAt: Date;
  readonly createdBy: { readonly id: string; readonly name: string };
}

export type CourseVersionInput = Omit<CourseVersion, 'id'>;

export interface CourseVersionStore {
  createVersion(input: CourseVersionInput): Promise<CourseVersion>;
  /** The course's versions in order: by start date, then creation. A course has a handful, never thousands. */
  listVersions(course: ContextKey): Promise<CourseVersion[]>;
}
