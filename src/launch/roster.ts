/**
 * Names and Role Provisioning Services 2.0: how many learners the course has, for response rates
 * ("12 of 40 learners have reviewed"). Counts are cached per course for a few minutes: the panel must
 * not call the LMS on every view. Without NRPS in the launch, or when the call fails, the answer is
 * null and panels show plain counts.
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
}

interface Member {
  status?: string;
  roles?: string[];
}

export function ltijsRoster(lti: LtiProvider, logger: Logger, now = () => Date.now()): Roster {
  const cache = new Map<string, { at: number; count: number | null }>();
  return {
    async countLearners(context) {
      const url = context.services.namesRolesUrl;
      if (!url) return null;
      const key = JSON.stringify([context.link.issuer, context.link.clientId, context.link.deploymentId, context.link.contextId]);
      const hit = cache.get(key);
      if (hit && now() - hit.at < CACHE_MS) return hit.count;
      let count: number | null;
      try {
        const nrps = (lti as unknown as { NamesAndRoles: { getMembers(idtoken: unknown, options: unknown): Promise<{ members?: Member[] }> } }).NamesAndRoles;
        const result = await nrps.getMembers(
          { iss: context.link.issuer, clientId: context.link.clientId, platformContext: { namesRoles: { context_memberships_url: url } } },
          { pages: MAX_PAGES },
        );
        // Moodle answers with short role names ("Learner"), Canvas with full URIs: courseRoleOf reads both.
        count = (result.members ?? []).filter((m) => (m.status ?? 'Active') === 'Active' && courseRoleOf(m.roles ?? []) === 'learner').length;
      } catch (err) {
        logger.warn({ err: (err as Error).message, issuer: context.link.issuer }, 'names and roles call failed');
        count = null;
      }
      cache.set(key, { at: now(), count });
      return count;
    },
  };
}
