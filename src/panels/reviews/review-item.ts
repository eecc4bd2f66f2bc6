import type { LaunchContext } from '../../context/launch-context';
import type { ItemKey } from '../../storage/ports/reviews';

export const COURSE_ITEM = 'course';

/**
 * What a launch reviews. By default the course; a link deep-linked with the custom parameter
 * review_scope=activity reviews that activity alone (its resource link id).
 */
export function reviewedItem(context: LaunchContext): ItemKey {
  const activity = context.custom.review_scope === 'activity' && context.link.resourceLinkId;
  return {
    issuer: context.link.issuer,
    clientId: context.link.clientId,
    deploymentId: context.link.deploymentId,
    contextId: context.link.contextId,
    itemId: activity ? `link:${context.link.resourceLinkId}` : COURSE_ITEM,
  };
}
