/** A learner's launch session as the store keeps it, for storage contracts that need one without a launch. */
import type { LaunchContext } from '../../src/context/launch-context';
import type { ContextKey } from '../../src/context/tenant';
import type { LaunchSession } from '../../src/storage/port';

export function storedLearnerSession(id: string, course: ContextKey, times: { createdAt: Date; expiresAt: Date }): LaunchSession {
  const context: LaunchContext = {
    link: { ...course, resourceLinkId: 'link-1' },
    messageType: 'LtiResourceLinkRequest',
    userId: 'learner-1',
    userName: 'Ada Lovelace',
    roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
    role: 'learner',
    locale: 'en',
    contextTitle: 'Analytical Engines 101',
    panel: 'reviews',
    services: { gradeScopes: [] },
    custom: {},
  };
  return { id, context, csrfSecret: `csrf-${id}`, ...times };
}
