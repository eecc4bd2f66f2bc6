/**
 * The platform's memory: configuration, keys and everything that changes while tests run
 * (registrations, pending launches, activities, line items, scores, access tokens). Each endpoint
 * module receives this object; nothing here talks HTTP.
 */
import { createHash } from 'node:crypto';
import { createRemoteJWKSet } from 'jose';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import type { PlatformKeys } from './keys';
import type { PlatformUrls } from './urls';
import type {
  AccountInfo,
  Activity,
  AuthResponse,
  CourseInfo,
  Flavour,
  Forgery,
  AcceptGrades,
  LineItem,
  MessageType,
  RegistrationRecord,
  ScoreRecord,
  ToolEndpoints,
  ToolRegistration,
  UserKey,
  UserSpec,
} from './types';

export interface PlatformConfig {
  readonly flavour: Flavour;
  /** The `iss` of everything the platform signs (Moodle: its wwwroot; Canvas: canvas.instructure.com). */
  readonly issuer: string;
  readonly tool: ToolEndpoints;
  /** The first course: what launches use when they name none. */
  readonly course: CourseInfo;
  /** Every course of the site, the first course first (Moodle: the site course, id 1, last). */
  readonly courses: readonly CourseInfo[];
  /** Canvas: the root account that account and global navigation launches come from. */
  readonly account: AccountInfo;
  readonly users: Record<UserKey, UserSpec>;
  readonly loginMethod: 'POST' | 'GET';
  /** The site's name and guid in tool_platform. */
  readonly siteName: string;
  readonly siteDescription: string;
  readonly guid: string;
  /** The resource link every course has from the start (the tool placed by hand). */
  readonly defaultResourceLink: { id: string; title: string; description: string };
  /** Whether a new dynamic registration takes over the launches (TestPlatformOptions). */
  readonly launchesFollowNewRegistrations: boolean;
}

/** A launch the platform has initiated and will complete at the authorization endpoint. */
export interface PendingLaunch {
  readonly id: string;
  readonly clientId: string;
  readonly deploymentId: string;
  readonly user: UserSpec;
  readonly messageType: MessageType;
  readonly resourceLink?: { id: string; title: string; description: string | null };
  readonly activity?: Activity;
  readonly custom: Record<string, unknown>;
  readonly locale: string;
  readonly targetLinkUri: string;
  readonly documentTarget: 'iframe' | 'window';
  readonly forge?: Forgery;
  readonly deepLinkingData?: string;
  readonly acceptMultiple: boolean;
  readonly placement: string | null;
  /** The course launched from (for an account launch: none, see `account`). */
  readonly course: CourseInfo;
  /** Canvas: set for a launch from an account placement, whose context is the account. */
  readonly account?: AccountInfo;
  /** true: no context claim in the id_token (LaunchOptions.contextless). */
  readonly omitContext: boolean;
  readonly expiresAt: number;
  /** false: no name claims in this launch (LaunchOptions.shareName). */
  shareName?: boolean;
}

export interface AccessToken {
  readonly token: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly expiresAt: number;
}

export class PlatformCore {
  readonly registrations = new Map<string, ToolRegistration>();
  readonly registrationLog: RegistrationRecord[] = [];
  readonly pending = new Map<string, PendingLaunch>();
  readonly activities: Activity[] = [];
  readonly lineItems: LineItem[] = [];
  readonly scores: ScoreRecord[] = [];
  readonly accessTokens = new Map<string, AccessToken>();
  /** jti of client assertions already used (Security Framework §4.1.1 forbids reuse). */
  readonly usedAssertionIds = new Set<string>();
  /** Registration tokens are good for one registration. */
  readonly usedRegistrationTokens = new Set<string>();
  readonly deepLinkResponses: JWTPayload[] = [];
  /** Deep-linking requests issued, to check the response against them (Deep Linking §4.4.1, §4.5.1). */
  readonly issuedDeepLinkRequests: { data?: string; acceptMultiple: boolean; contextId: string }[] = [];
  activeClientId: string;
  lastAuth?: AuthResponse;
  scoreFailuresLeft = 0;
  /** Moodle's "Accept grades from the tool" for deep-linked activities (see types.ts AcceptGrades). */
  acceptGrades: AcceptGrades = 'delegate';
  private readonly counters = new Map<string, number>();
  private readonly toolKeySets = new Map<string, JWTVerifyGetKey>();

  constructor(
    readonly config: PlatformConfig,
    readonly keys: PlatformKeys,
    readonly urls: PlatformUrls,
    firstRegistration: ToolRegistration,
  ) {
    this.registrations.set(firstRegistration.clientId, firstRegistration);
    this.activeClientId = firstRegistration.clientId;
  }

  get flavour(): Flavour {
    return this.config.flavour;
  }

  activeRegistration(): ToolRegistration {
    const registration = this.registrations.get(this.activeClientId);
    if (!registration) throw new Error(`No registration for client ${this.activeClientId}`);
    return registration;
  }

  /** Next value of a named counter, starting at `start` (ids that look like the LMS's own). */
  next(counter: string, start: number): number {
    const value = this.counters.get(counter) ?? start;
    this.counters.set(counter, value + 1);
    return value;
  }

  /**
   * The tool's keyset, fetched over HTTP (Security Framework §6.3). A kid not seen yet triggers a
   * refetch at once (no cooldown), because tools such as ltijs add a key per registered platform.
   */
  toolKeySet(jwksUri: string): JWTVerifyGetKey {
    let keySet = this.toolKeySets.get(jwksUri);
    if (!keySet) {
      keySet = createRemoteJWKSet(new URL(jwksUri), { cooldownDuration: 0, cacheMaxAge: 60_000, timeoutDuration: 5_000 });
      this.toolKeySets.set(jwksUri, keySet);
    }
    return keySet;
  }

  /** A course of the site by its context id or numeric id. */
  findCourse(idOrNumericId: string): CourseInfo | undefined {
    return this.config.courses.find((c) => c.id === idOrNumericId || c.numericId === idOrNumericId);
  }

  /**
   * The resource link each course has from the start (the tool placed by hand): the configured one
   * in the first course; elsewhere an id of the same shape, unique on the site (Moodle cmids are
   * site-wide, far above the ids deep linking hands out; Canvas ids are opaque hashes).
   */
  courseLink(course: CourseInfo): { id: string; title: string; description: string } {
    const first = this.config.defaultResourceLink;
    if (course.id === this.config.course.id) return first;
    const index = this.config.courses.findIndex((c) => c.id === course.id);
    const id = this.flavour === 'moodle' ? String(1000 + index) : createHash('sha1').update(`${first.id}:${course.id}`).digest('hex');
    return { ...first, id };
  }

  findActivity(resourceLinkId: string): Activity | undefined {
    return this.activities.find((a) => a.resourceLinkId === resourceLinkId);
  }

  findLineItem(id: string): LineItem | undefined {
    return this.lineItems.find((l) => l.id === id);
  }

  /**
   * Enrolled people (admins are not enrolled), in NRPS order. The same people take every course;
   * nobody is enrolled in Moodle's site course.
   */
  members(course: CourseInfo = this.config.course): UserSpec[] {
    if (course.site) return [];
    return Object.values(this.config.users).filter((u) => u.membershipRoles.length > 0);
  }

  findMember(sub: string): UserSpec | undefined {
    return this.members().find((u) => u.sub === sub);
  }
}

