import type { ContextKey, PlatformKey } from '../../context/tenant';
import type { LaunchContext } from '../../context/launch-context';
import type {
  CourseMember,
  LaunchSession,
  MemberStore,
  NonceStore,
  PlatformRecord,
  PlatformStore,
  SessionStore,
  Storage,
} from '../port';
import type { OidcLogin, OidcLoginStore } from '../ports/oidc-logins';
import { LtijsDocumentPlugin } from '../ltijs/document-plugin';
import { memoryAuditStore } from './audit-store';
import { createMemoryConsultationStore } from './consultation-store';
import { MemoryLtiRecordTable } from './ltijs-table';
import { memoryReviewStore } from './review-store';
import { memoryActionStore, memoryGradeOutbox, memoryInviteStore, memoryVersionStore } from './loop-stores';
import { memorySettingsStore } from './settings-store';
import { memoryGenerations } from './generation-store';

export interface MemoryStorageOptions {
  /** Epoch milliseconds; replaceable so tests can move time past record lifetimes. */
  readonly clock?: () => number;
}

/** Map keys from full LTI identities; JSON arrays cannot collide the way joined strings could. */
const platformKey = (k: PlatformKey): string => JSON.stringify([k.issuer, k.clientId]);
const contextKey = (k: ContextKey): string => JSON.stringify([k.issuer, k.clientId, k.deploymentId, k.contextId]);

/** Stored values are copied in and out so that a caller mutating an object cannot change the store. */
function copyPlatform(r: PlatformRecord): PlatformRecord {
  return {
    issuer: r.issuer,
    clientId: r.clientId,
    name: r.name,
    deploymentIds: [...new Set(r.deploymentIds)],
    frameOrigins: [...new Set(r.frameOrigins)],
    source: r.source,
    ...(r.productFamily === undefined ? {} : { productFamily: r.productFamily }),
    registeredAt: new Date(r.registeredAt.getTime()),
  };
}

function copySession(s: LaunchSession): LaunchSession {
  return {
    id: s.id,
    // A JSON round trip, like the SQLite adapter, so both drop the same undefined fields.
    context: JSON.parse(JSON.stringify(s.context)) as LaunchContext,
    csrfSecret: s.csrfSecret,
    createdAt: new Date(s.createdAt.getTime()),
    expiresAt: new Date(s.expiresAt.getTime()),
  };
}

function copyMember(m: CourseMember): CourseMember {
  return {
    ...m,
    course: { issuer: m.course.issuer, clientId: m.course.clientId, deploymentId: m.course.deploymentId, contextId: m.course.contextId },
    firstLaunchAt: new Date(m.firstLaunchAt.getTime()),
    lastLaunchAt: new Date(m.lastLaunchAt.getTime()),
    ...(m.firstLearnerLaunchAt === undefined ? {} : { firstLearnerLaunchAt: new Date(m.firstLearnerLaunchAt.getTime()) }),
  };
}

function comparePlatforms(a: PlatformRecord, b: PlatformRecord): number {
  if (a.issuer !== b.issuer) return a.issuer < b.issuer ? -1 : 1;
  if (a.clientId !== b.clientId) return a.clientId < b.clientId ? -1 : 1;
  return 0;
}

function memoryPlatformStore(assertOpen: () => void): PlatformStore {
  const platforms = new Map<string, PlatformRecord>();
  const addTo = (list: 'deploymentIds' | 'frameOrigins') => async (key: PlatformKey, value: string) => {
    assertOpen();
    const current = platforms.get(platformKey(key));
    if (!current) return false;
    if (!current[list].includes(value)) platforms.set(platformKey(key), { ...current, [list]: [...current[list], value] });
    return true;
  };
  return {
    async savePlatform(record) {
      assertOpen();
      platforms.set(platformKey(record), copyPlatform(record));
    },
    async findPlatform(key) {
      assertOpen();
      const found = platforms.get(platformKey(key));
      return found ? copyPlatform(found) : null;
    },
    async listPlatforms() {
      assertOpen();
      return [...platforms.values()].sort(comparePlatforms).map(copyPlatform);
    },
    async deletePlatform(key) {
      assertOpen();
      return platforms.delete(platformKey(key));
    },
    addDeployment: addTo('deploymentIds'),
    addFrameOrigin: addTo('frameOrigins'),
  };
}

function memorySessionStore(assertOpen: () => void, sessions: Map<string, LaunchSession>): SessionStore {
  return {
    async createSession(session) {
      assertOpen();
      // Same as the primary key in SQL: ids are random, a clash is a bug to surface, not to overwrite.
      if (sessions.has(session.id)) throw new Error('A session with this id already exists');
      sessions.set(session.id, copySession(session));
    },
    async findSession(id, now) {
      assertOpen();
      const found = sessions.get(id);
      return found && found.expiresAt.getTime() > now.getTime() ? copySession(found) : null;
    },
    async deleteSession(id) {
      assertOpen();
      sessions.delete(id);
    },
  };
}

function memoryNonceStore(assertOpen: () => void, nonces: Map<string, number>, clock: () => number): NonceStore {
  return {
    // Check and set run without an await in between, so concurrent calls cannot both succeed.
    async rememberNonce(platform, nonce, expiresAt) {
      assertOpen();
      const key = JSON.stringify([platform.issuer, platform.clientId, nonce]);
      const existing = nonces.get(key);
      if (existing !== undefined && existing > clock()) return false;
      nonces.set(key, expiresAt.getTime());
      return true;
    },
  };
}

function memoryMemberStore(assertOpen: () => void): MemberStore {
  const members = new Map<string, CourseMember>();
  const memberKey = (course: ContextKey, userId: string) => JSON.stringify([contextKey(course), userId]);
  return {
    async recordLaunch(course, userId, name, role, at) {
      assertOpen();
      const key = memberKey(course, userId);
      const previous = members.get(key);
      const firstLearnerLaunchAt = previous?.firstLearnerLaunchAt ?? (role === 'learner' ? at : undefined);
      const member: CourseMember = {
        course,
        userId,
        name,
        role,
        firstLaunchAt: previous?.firstLaunchAt ?? at,
        lastLaunchAt: at,
        ...(firstLearnerLaunchAt === undefined ? {} : { firstLearnerLaunchAt }),
        launchCount: (previous?.launchCount ?? 0) + 1,
      };
      members.set(key, copyMember(member));
      return copyMember(member);
    },
    async findMember(course, userId) {
      assertOpen();
      const found = members.get(memberKey(course, userId));
      return found ? copyMember(found) : null;
    },
    async countMembers(course) {
      assertOpen();
      const prefix = contextKey(course);
      let n = 0;
      for (const m of members.values()) if (contextKey(m.course) === prefix) n++;
      return n;
    },
  };
}

function memoryOidcLoginStore(assertOpen: () => void, logins: Map<string, { login: OidcLogin; used: boolean }>): OidcLoginStore {
  const fresh = (state: string, now: Date) => {
    const entry = logins.get(state);
    return entry && entry.login.expiresAt.getTime() > now.getTime() ? entry : undefined;
  };
  return {
    async saveLogin(login) {
      assertOpen();
      logins.set(login.state, { login, used: false });
    },
    async findLogin(state, now) {
      assertOpen();
      return fresh(state, now)?.login ?? null;
    },
    async useLogin(state, now) {
      assertOpen();
      const entry = fresh(state, now);
      if (!entry || entry.used) return null;
      entry.used = true;
      return entry.login;
    },
  };
}

/** A fake for unit tests, held to the same contract suite as the real adapters. */
export function openMemoryStorage(options: MemoryStorageOptions = {}): Storage {
  const clock = options.clock ?? Date.now;
  let closed = false;
  const assertOpen = (): void => {
    if (closed) throw new Error('The memory storage is closed');
  };
  const sessions = new Map<string, LaunchSession>();
  const nonces = new Map<string, number>();
  const logins = new Map<string, { login: OidcLogin; used: boolean }>();
  const ltijsTable = new MemoryLtiRecordTable(assertOpen);
  const plugin = new LtijsDocumentPlugin(ltijsTable, clock);
  const audit = memoryAuditStore(assertOpen);

  // Every write a learner's reviews panel shows bumps its course's generation (ports/course-generations.ts).
  const generations = memoryGenerations(assertOpen);
  // Reviews and their responses share one Map of records, as they share a table elsewhere.
  const reviews = memoryReviewStore(assertOpen, audit.appendNow, generations.bump);
  return {
    kind: 'memory',
    platforms: memoryPlatformStore(assertOpen),
    sessions: memorySessionStore(assertOpen, sessions),
    nonces: memoryNonceStore(assertOpen, nonces, clock),
    oidcLogins: memoryOidcLoginStore(assertOpen, logins),
    members: memoryMemberStore(assertOpen),
    consultations: createMemoryConsultationStore(assertOpen, audit.appendNow),
    settings: memorySettingsStore(assertOpen, generations.bump, audit.appendNow),
    audit,
    reviews,
    responses: reviews,
    courseVersions: memoryVersionStore(assertOpen, generations.bump),
    actions: memoryActionStore(assertOpen, generations.bump),
    gradeOutbox: memoryGradeOutbox(assertOpen),
    reviewInvites: memoryInviteStore(assertOpen),
    generations: generations.store,
    ltiDatabase: () => ({ plugin }),
    async purgeExpired(now) {
      assertOpen();
      const t = now.getTime();
      for (const [id, s] of sessions) if (s.expiresAt.getTime() <= t) sessions.delete(id);
      for (const [key, expiresAt] of nonces) if (expiresAt <= t) nonces.delete(key);
      for (const [state, entry] of logins) if (entry.login.expiresAt.getTime() <= t) logins.delete(state);
      ltijsTable.deleteExpired(t);
    },
    async ping() {
      assertOpen();
    },
    async close() {
      closed = true;
    },
  };
}
