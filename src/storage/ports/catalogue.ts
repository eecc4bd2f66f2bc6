/**
 * The catalogue's own records: which courses of a deployment use the tool (learned from launches),
 * where each opens in the LMS, its public badge token, where the catalogue is placed, and the buy-in
 * (learners who opened a course from the catalogue, and which of them launched it afterwards).
 * What a course shows in the catalogue (ratings, excerpts, answers) is read from the other stores
 * and kept current through the course generations, which these writes bump too.
 */
import type { ContextKey, DeploymentKey } from '../../context/tenant';
import type { ItemKey } from './reviews';

export interface CatalogueCourse {
  readonly course: ContextKey;
  /** The LMS's context title and label at the latest launch. */
  readonly title: string;
  readonly label?: string;
  /** Where the course opens in the LMS, derived from the latest launch (http(s) only). */
  readonly lmsUrl?: string;
  /** Random, unguessable, stable for the course's lifetime: the public badge's URL. */
  readonly badgeToken: string;
  /** When the badge was first served with figures: from then on, learners can read ratings before enrolling. */
  readonly badgeServedAt?: Date;
  readonly firstSeenAt: Date;
  readonly lastLaunchAt: Date;
}

export interface CourseLaunchInfo {
  readonly title: string;
  readonly label?: string;
  readonly lmsUrl?: string;
}

/** A course whose generation moved (see ports/course-generations.ts), with the store's time of the move. */
export interface CourseChange {
  readonly contextId: string;
  readonly generation: number;
  /** Epoch milliseconds by the store's clock (never compare with the app's clock). */
  readonly changedAt: number;
}

export interface BuyIn {
  /** Distinct learners who opened the course from the catalogue. */
  readonly opened: number;
  /** Of those, how many launched the course afterwards. */
  readonly launched: number;
}

export interface CatalogueStore {
  /**
   * Upserts the course at each launch. The badge token is drawn at the first launch and never
   * changes; the course's generation moves only when the title, label or URL changed, so a launch
   * that changes nothing leaves every cache warm.
   */
  recordCourse(course: ContextKey, info: CourseLaunchInfo, badgeToken: string, at: Date): Promise<CatalogueCourse>;
  findCourse(course: ContextKey): Promise<CatalogueCourse | null>;
  findByBadgeToken(token: string): Promise<CatalogueCourse | null>;
  /** Every course of the deployment, with its current generation. */
  listCourses(deployment: DeploymentKey): Promise<Array<{ course: CatalogueCourse; generation: number; changedAt: number }>>;
  /** Every course of the platform's deployments (admin CLI). */
  listPlatformCourses(platform: { readonly issuer: string; readonly clientId: string }): Promise<CatalogueCourse[]>;
  /**
   * Courses of the deployment whose generation moved at or after `since` (store clock): an index
   * range; with the store's clock when it read them, for the next call's `since`.
   */
  changesSince(deployment: DeploymentKey, since: number): Promise<{ readonly now: number; readonly changes: CourseChange[] }>;
  /** The store's clock now, in epoch milliseconds (to start a changesSince cursor). */
  storeTime(): Promise<number>;
  /**
   * How long before its commit a write's stamp may be taken (ms): a reader asks for changes since
   * its previous read minus this much. SQLite stamps under the write lock, so only clock steps
   * matter; MongoDB stamps when the statement runs, up to a transaction's lifetime before commit.
   */
  readonly changeWindowMs: number;
  /** Records the first moment the badge was served with figures (later calls change nothing). */
  markBadgeServed(course: ContextKey, at: Date): Promise<void>;

  /** Records that the catalogue was launched in the deployment (first time kept). */
  recordPlacement(deployment: DeploymentKey, at: Date): Promise<void>;
  hasPlacement(deployment: DeploymentKey): Promise<boolean>;

  /** Published reviews of the item with an official response, and published reviews in all. */
  answerCounts(item: ItemKey): Promise<{ answered: number; reviews: number }>;

  /** A learner (a pseudonym of their `sub`) opened the course from the catalogue; the first time is kept. */
  recordOpen(course: ContextKey, visitor: string, at: Date): Promise<void>;
  /** A learner launched the course: if they had opened it from the catalogue before, that counts as buy-in. */
  recordCourseLaunch(course: ContextKey, visitor: string, at: Date): Promise<void>;
  buyIn(course: ContextKey): Promise<BuyIn>;
}
