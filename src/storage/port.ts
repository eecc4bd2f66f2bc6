/**
 * The storage port: every piece of domain code talks to these interfaces, never to a driver.
 * Adapters: sqlite/ (embedded default, also `:memory:` for tests) and mongo/ (production).
 * One contract suite (test/storage/contract.ts) runs unchanged against each of them.
 *
 * Every record is keyed by LTI identity (see context/tenant.ts); adapters must never match a record
 * on a partial key (for example a context id without its platform).
 */
import type { ContextKey, PlatformKey } from '../context/tenant';
import type { LaunchContext } from '../context/launch-context';
import type { CourseRole } from '../context/roles';
import type { ConsultationStore } from './ports/consultations';
import type { AuditStore } from './ports/audit';
import type { SettingsStore } from './ports/course-settings';
import type { ReviewStore } from './ports/reviews';
import type { ResponseStore } from './ports/responses';
import type { CourseVersionStore } from './ports/course-versions';
import type { CorrectiveActionStore } from './ports/corrective-actions';
import type { GradeOutboxStore } from './ports/grade-outbox';
import type { ReviewInviteStore } from './ports/review-invites';
import type { CourseGenerationStore } from './ports/course-generations';
import type { OidcLoginStore } from './ports/oidc-logins';
import type { CatalogueStore } from './ports/catalogue';
import type { ExternalSourceStore } from './ports/external-sources';
import type { RatingDaysStore } from './ports/rating-days';
import type { RateLimitStore } from './ports/rate-limits';
import type { RetentionStore } from './ports/retention';
import type { UserDataStore } from './ports/user-data';
import type { ApiTokenStore } from './ports/api-tokens';
import type { ContributionStore } from './ports/contributions';
import type { ContributionFileStore } from './ports/contribution-files';

/** What the tool knows about a registered platform besides what ltijs keeps (keys, endpoints). */
export interface PlatformRecord extends PlatformKey {
  readonly name: string;
  /** Deployment ids accepted in launches; a launch from any other deployment is refused. */
  readonly deploymentIds: readonly string[];
  /** Origins allowed to frame the tool for this platform (CSP frame-ancestors). */
  readonly frameOrigins: readonly string[];
  readonly source: 'manual' | 'dynamic';
  readonly productFamily?: string;
  readonly registeredAt: Date;
  /** Set when an admin deactivated the platform ("inactive"); absent while it is active or awaits its first approval. */
  readonly deactivatedAt?: Date;
}

export interface PlatformStore {
  /** Creates or replaces the record for (issuer, clientId). */
  savePlatform(record: PlatformRecord): Promise<void>;
  findPlatform(key: PlatformKey): Promise<PlatformRecord | null>;
  listPlatforms(): Promise<PlatformRecord[]>;
  /** Returns true when a record was deleted. */
  deletePlatform(key: PlatformKey): Promise<boolean>;
  /** Adds a deployment id (no-op if present). Returns false when the platform is unknown. */
  addDeployment(key: PlatformKey, deploymentId: string): Promise<boolean>;
  /** Adds a frame origin (no-op if present). Returns false when the platform is unknown. */
  addFrameOrigin(key: PlatformKey, origin: string): Promise<boolean>;
}

/** A tool session created by a successful launch; the browser holds only its random id. */
export interface LaunchSession {
  readonly id: string;
  readonly context: LaunchContext;
  /** Secret used to derive the CSRF token of this session's forms. */
  readonly csrfSecret: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export interface SessionStore {
  createSession(session: LaunchSession): Promise<void>;
  /** Returns the session if it exists and has not expired at `now`. */
  findSession(id: string, now: Date): Promise<LaunchSession | null>;
  deleteSession(id: string): Promise<void>;
}

export interface NonceStore {
  /**
   * Records that a platform used `nonce`. Returns false (and changes nothing) when the same platform
   * already used it and the earlier record has not expired: the launch is a replay. Atomic: of two
   * concurrent calls with the same nonce exactly one returns true.
   */
  rememberNonce(platform: PlatformKey, nonce: string, expiresAt: Date): Promise<boolean>;
}

/** One person's presence in one course, learned from launches (used for "took this course"). */
export interface CourseMember {
  readonly course: ContextKey;
  readonly userId: string;
  readonly name: string;
  readonly role: CourseRole;
  readonly firstLaunchAt: Date;
  readonly lastLaunchAt: Date;
  /** First launch in which the person acted as a learner, if any. */
  readonly firstLearnerLaunchAt?: Date;
  readonly launchCount: number;
}

export interface MemberStore {
  /** Upserts the member: first dates are kept, last date, name, role and count are updated. */
  recordLaunch(course: ContextKey, userId: string, name: string, role: CourseRole, at: Date): Promise<CourseMember>;
  findMember(course: ContextKey, userId: string): Promise<CourseMember | null>;
  countMembers(course: ContextKey): Promise<number>;
}

/**
 * ltijs's persistence, always a plugin object implementing ltijs's database interface (setup,
 * Close, Get, Insert, Replace, Modify, Delete, Encrypt, Decrypt) over the store's own records: given
 * a plugin, ltijs never opens, watches or closes a database connection of its own.
 */
export interface LtiDatabaseConfig {
  readonly plugin: LtiDatabasePlugin;
}

export interface LtiDatabasePlugin {
  setup(): Promise<boolean>;
  Close(): Promise<boolean>;
  Get(encryptionKey: string | false, collection: string, query?: Record<string, unknown>): Promise<Record<string, unknown>[] | false>;
  Insert(encryptionKey: string | false, collection: string, item: Record<string, unknown>, index?: Record<string, unknown>): Promise<boolean>;
  Replace(encryptionKey: string | false, collection: string, query: Record<string, unknown>, item: Record<string, unknown>, index?: Record<string, unknown>): Promise<boolean>;
  Modify(encryptionKey: string | false, collection: string, query: Record<string, unknown>, modification: Record<string, unknown>): Promise<boolean>;
  Delete(collection: string, query: Record<string, unknown>): Promise<boolean>;
  /** Ours, not ltijs's: the matching records expire at `expiresAt` (epoch ms); see ltijs/document-plugin.ts. */
  ExpireAt(collection: string, query: Record<string, unknown>, expiresAt: number): Promise<boolean>;
  Encrypt(data: string, secret: string): Promise<{ iv: string; data: string }>;
  Decrypt(data: string, iv: string, secret: string): Promise<string>;
}

/** The store cannot run on what it was pointed at (a standalone MongoDB...): its message is the one line to show. */
export class StorageRefusedError extends Error {
  override readonly name = 'StorageRefusedError';
}

export interface Storage {
  readonly kind: 'sqlite' | 'mongo';
  readonly platforms: PlatformStore;
  readonly sessions: SessionStore;
  readonly nonces: NonceStore;
  readonly oidcLogins: OidcLoginStore;
  readonly members: MemberStore;
  readonly consultations: ConsultationStore;
  readonly settings: SettingsStore;
  readonly audit: AuditStore;
  readonly reviews: ReviewStore;
  /** Official responses to reviews and the needs-attention list (on the reviews' records). */
  readonly responses: ResponseStore;
  readonly courseVersions: CourseVersionStore;
  readonly actions: CorrectiveActionStore;
  readonly gradeOutbox: GradeOutboxStore;
  readonly reviewInvites: ReviewInviteStore;
  readonly generations: CourseGenerationStore;
  /** Courses learned from launches, catalogue placements, badge tokens and buy-in. */
  readonly catalogue: CatalogueStore;
  /** External catalogue sources (feeds) per deployment, their fetch state and entries. */
  readonly externalSources: ExternalSourceStore;
  /** Ratings per course and day, for the listening view's trends. */
  readonly ratingDays: RatingDaysStore;
  /** Fixed-window hit counters for the rate limits, shared by every process on the store. */
  readonly rateLimits: RateLimitStore;
  /** Purges what the retention policy no longer keeps (sessions, launch records, audit, withheld review texts). */
  readonly retention: RetentionStore;
  /** One person's data across the courses of their platform: export and erasure (GDPR articles 15 and 17). */
  readonly userData: UserDataStore;
  /** Read-API tokens per platform, stored as digests (api/). */
  readonly apiTokens: ApiTokenStore;
  /** Learners' contributions: sharing, marks, comments, reports, curation, reuse and credits (issue 16). */
  readonly contributions: ContributionStore;
  /** The bytes of contributions' files: the local data folder with SQLite, GridFS with MongoDB. */
  readonly contributionFiles: ContributionFileStore;
  /** How ltijs should persist its own records in this store. */
  ltiDatabase(): LtiDatabaseConfig;
  /** Deletes expired sessions and nonces (and expired ltijs records where the adapter owns them). */
  purgeExpired(now: Date): Promise<void>;
  /** Throws when the store cannot be reached (used by /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
