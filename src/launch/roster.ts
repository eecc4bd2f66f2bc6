/**
 * Names and Role Provisioning Services 2.0: who the course's active learners are, for response rates
 * ("12 of 40 learners have reviewed"). Their user ids let a panel count only the reviewers who are
 * still enrolled (learners who left keep their reviews, and would otherwise push a rate past 100 %).
 * Answers are cached per course for a few minutes: the panel must not call the LMS on every view.
 * Without NRPS in the launch, or when the call fails, the answer is null and panels show plain counts.
 */
import type { LtiProvider } from 'ltijs';
import type { LaunchContext } from '../context/launch-context';
import { courseRoleOf } from '../context/roles';
import type { Logger } from '../http/logger';

const CACHE_MS = 5 * 60_000;
const MAX_PAGES = 20;

export interface Roster {
  /** Active learners of the launch's course, or null when the platform does not tell us. */
  countLearners(context: LaunchContext): Promise<number | null>;
  /** The user ids (LTI `sub`, NRPS `user_id`) of those learners, or null when the platform does not tell us. */
  learnerIds(context: LaunchContext): Promise<ReadonlySet<string> | null>;
}

interface Member {
  status?: string;
  roles?: string[];
  user_id?: unknown;
}

export function ltijsRoster(lti: LtiProvider, logger: Logger, now = () => Date.now()): Roster {
  const cache = new Map<string, { at: number; ids: ReadonlySet<string> | null }>();
  const learnerIds = async (context: LaunchContext): Promise<ReadonlySet<string> | null> => {
    const url = context.services.namesRolesUrl;
    if (!url) return null;
    const key = JSON.stringify([context.link.issuer, context.link.clientId, context.link.deploymentId, context.link.contextId]);
    const hit = cache.get(key);
    if (hit && now() - hit.at < CACHE_MS) return hit.ids;
    let ids: ReadonlySet<string> | null;
    try {
      const nrps = (lti as unknown as { NamesAndRoles: { getMembers(idtoken: unknown, options: unknown): Promise<{ members?: Member[] }> } }).NamesAndRoles;
      const result = await nrps.getMembers(
        { iss: context.link.issuer, clientId: context.link.clientId, platformContext: { namesRoles: { context_memberships_url: url } } },
        { pages: MAX_PAGES },
      );
      // Moodle answers with short role names ("Learner"), Canvas with full URIs: courseRoleOf reads both.
      const learners = (result.members ?? []).filter((m) => (m.status ?? 'Active') === 'Active' && courseRoleOf(m.roles ?? []) === 'learner');
      ids = new Set(learners.map((m) => m.user_id).filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= 255));
    } catch (err) {
      logger.warn({ err: (err as Error).message, issuer: context.link.issuer }, 'names and roles call failed');
      ids = null;
    }
    cache.set(key, { at: now(), ids });
    return ids;
  };
  return {
    learnerIds,
    async countLearners(context) {
      return (await learnerIds(context))?.size ?? null;
    },
  };
}
