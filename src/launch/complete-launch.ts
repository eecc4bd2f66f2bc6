/**
 * The launch use case, after ltijs verified the id_token: check what ltijs does not, turn the claims
 * into a LaunchContext, count the launch against its user's and platform's limits, remember who
 * launched which course, open a tool session, and say where to go.
 */
import { randomBytes } from 'node:crypto';
import { lmsCourseUrl } from '../catalogue/course-url';
import { visitorOf } from '../catalogue/visitor';
import type { Config } from '../config';
import type { LaunchContext } from '../context/launch-context';
import type { FrameAncestors } from '../http/frame-ancestors';
import { AppError } from '../http/errors';
import { listeningScopeOf } from '../listening/access';
import { managerDirectoryOf } from '../listening/manager-directory';
import { landingPanel } from '../panels/launch-page/landing-panel';
import type { Storage } from '../storage/port';
import type { Claims } from './claims';
import { checkVerifiedLaunch } from './launch-checks';
import type { LaunchLimits } from './launch-limits';
import { toLaunchContext } from './to-launch-context';

export interface LaunchDeps {
  readonly config: Config;
  readonly storage: Storage;
  readonly frames: FrameAncestors;
  readonly launchLimits: LaunchLimits;
}

export async function completeLaunch(deps: LaunchDeps, claims: Claims, clientId: string, now = new Date()): Promise<{ sessionId: string; location: string }> {
  const { platform } = await checkVerifiedLaunch(claims, clientId, deps.config, deps.storage, now);
  const context = toLaunchContext(claims, clientId);
  await deps.launchLimits.admit(context, now);
  await refuseCourselessListener(deps, context);
  await learnFrameOrigins(deps, context, platform.frameOrigins);
  if (context.panel === 'catalogue') await deps.storage.catalogue.recordPlacement(context.link, now);
  // A launch outside any course (an account context) has nothing to record in a course.
  else if (context.link.contextId !== '') await recordCourse(deps, context, now);
  const sessionId = await openSession(deps, context, now);
  return { sessionId, location: await landingPath(deps, sessionId, context) };
}

/**
 * The platform-level Listening placement launches without a course: only a training manager has
 * anything to hear there (an instructor's scope is a course), so anyone else is refused at the
 * launch, before a session exists, rather than given a session that opens nothing.
 */
async function refuseCourselessListener(deps: LaunchDeps, context: LaunchContext): Promise<void> {
  if (context.panel !== 'listening' || context.link.contextId !== '') return;
  if ((await listeningScopeOf(context, managerDirectoryOf(deps.storage)))?.kind !== 'deployment') throw new AppError('LISTENING_MANAGERS_ONLY', { role: context.role });
}

/**
 * Remembers who launched the course ("took this course"). When the launch carries a name the course
 * did not know for this person (the platform started sharing names, or the name changed), their
 * reviews, ideas and comments take it: authors are shown by name where the course shows names, by
 * pseudonym (reviews) or role (consumer group) otherwise.
 * A launch without a name keeps what the reviews show.
 */
async function recordMember(deps: LaunchDeps, context: LaunchContext, now: Date): Promise<void> {
  const previous = await deps.storage.members.findMember(context.link, context.userId);
  await deps.storage.members.recordLaunch(context.link, context.userId, context.userName ?? '', context.role, now);
  if (!previous || !context.userName || previous.name === context.userName) return;
  await deps.storage.reviews.renameAuthor(context.link, { id: context.userId, name: context.userName, givenName: context.givenName, familyName: context.familyName });
  await deps.storage.consultations.renameParticipant(context.link, { id: context.userId, name: context.userName });
}

/**
 * A launch in a course: its member record ("took this course"), its catalogue record (title, label,
 * where it opens in the LMS; a badge token at the first launch) and, when this person opened the
 * course from the catalogue before, their buy-in.
 */
async function recordCourse(deps: LaunchDeps, context: LaunchContext, now: Date): Promise<void> {
  await recordMember(deps, context, now);
  const info = { title: context.contextTitle, label: context.contextLabel, lmsUrl: lmsCourseUrl(context) };
  await deps.storage.catalogue.recordCourse(context.link, info, randomBytes(18).toString('base64url'), now);
  await deps.storage.catalogue.recordCourseLaunch(context.link, visitorOf(deps.config.ltiKey, context.link, context.userId), now);
  await rememberInstructorEmail(deps, context, now);
}

/**
 * An instructor's address, kept only when the platform shared it in this launch (the e-mail claim),
 * for the course's alert e-mails. Personal data: exported and erased with the person's other data.
 */
async function rememberInstructorEmail(deps: LaunchDeps, context: LaunchContext, now: Date): Promise<void> {
  if (context.role !== 'instructor' || !context.email || !isPlainAddress(context.email)) return;
  const { issuer, clientId, deploymentId, contextId } = context.link;
  await deps.storage.alerts.rememberInstructorEmail({ issuer, clientId, deploymentId, contextId }, context.userId, context.email, now, context.locale);
}

/** One address, no display name or list: what a platform's email claim holds (OIDC Core §5.1). */
const isPlainAddress = (email: string) => email.length <= 254 && /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/.test(email);

/**
 * The page that frames the tool is the LMS's; with Canvas it is the school's own domain, not the
 * issuer's. The signed launch tells us where the LMS lives (return URLs), so we allow that origin.
 */
async function learnFrameOrigins(deps: LaunchDeps, context: LaunchContext, known: readonly string[]): Promise<void> {
  const candidates = [context.returnUrl, context.deepLinking?.returnUrl].flatMap((url) => {
    try {
      return url ? [new URL(url).origin] : [];
    } catch {
      return [];
    }
  });
  const fresh = [...new Set(candidates)].filter((origin) => /^https?:\/\//.test(origin) && !known.includes(origin));
  for (const origin of fresh) await deps.storage.platforms.addFrameOrigin(context.link, origin);
  if (fresh.length) deps.frames.invalidate();
}

async function openSession(deps: LaunchDeps, context: LaunchContext, now: Date): Promise<string> {
  const id = randomBytes(24).toString('base64url');
  await deps.storage.sessions.createSession({
    id,
    context,
    csrfSecret: randomBytes(32).toString('base64url'),
    createdAt: now,
    expiresAt: new Date(now.getTime() + deps.config.sessionTtlMinutes * 60_000),
  });
  return id;
}

/** Straight to the panel the session lands on: the page at /s/<id>/ would only redirect there. */
async function landingPath(deps: LaunchDeps, sessionId: string, context: LaunchContext): Promise<string> {
  if (context.messageType === 'LtiDeepLinkingRequest') return `/s/${sessionId}/deep-link`;
  if (context.panel) return `/s/${sessionId}/${context.panel}`;
  const panel = await landingPanel(deps.storage, context);
  return panel ? `/s/${sessionId}/${panel}` : `/s/${sessionId}/`;
}
