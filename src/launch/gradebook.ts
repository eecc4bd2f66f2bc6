/**
 * Assignment and Grade Services 2.0 (https://www.imsglobal.org/spec/lti-ags/v2p0): the "Feedback
 * given" column. Finds the tool's line item by tag (AGS §3.2.3 filters) or creates it (§3.2.7), then
 * posts a full score (§3.4). ltijs's Grade service is called with an idtoken-like object rebuilt from
 * what the grade outbox stored, so a retry needs no live launch.
 */
import type { LtiProvider } from 'ltijs';
import type { LaunchContext } from '../context/launch-context';
import type { ContextKey } from '../context/tenant';
import type { GradeTarget } from '../storage/ports/grade-outbox';

const SCORE_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';
const LINE_ITEM_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem';
export const FEEDBACK_TAG = 'learner-voice-feedback';

export interface Gradebook {
  /** Where to send scores for this launch, or null when the platform does not offer what is needed. */
  targetOf(context: LaunchContext): GradeTarget | null;
  /** Gives the learner full credit in the "Feedback given" column; throws when the platform refuses. */
  sendFullCredit(course: ContextKey, target: GradeTarget, userId: string, label: string): Promise<void>;
  /** Whether the course's "Feedback given" column exists (found by tag, AGS §3.2.3); throws when the platform does not answer. */
  hasFeedbackColumn(course: ContextKey, target: GradeTarget): Promise<boolean>;
}

interface GradeService {
  getLineItems(idtoken: unknown, options: unknown): Promise<{ lineItems?: Array<{ id: string }> }>;
  createLineItem(idtoken: unknown, lineItem: unknown): Promise<{ id: string }>;
  submitScore(idtoken: unknown, lineItemId: string, score: unknown): Promise<unknown>;
}

export function ltijsGradebook(lti: LtiProvider): Gradebook {
  // ltijs types its services loosely; this is the part of lti.Grade we call (Grade.js).
  const grade = (lti as unknown as { Grade: GradeService }).Grade;
  const lineItems = new Map<string, string>();
  return {
    targetOf(context) {
      const url = context.services.lineItemsUrl;
      const scopes = context.services.gradeScopes;
      if (!url || !scopes.includes(SCORE_SCOPE) || !scopes.includes(LINE_ITEM_SCOPE)) return null;
      return { lineItemsUrl: url, scopes: [...scopes], resourceLinkId: context.link.resourceLinkId };
    },
    async sendFullCredit(course, target, userId, label) {
      const idtoken = idtokenFor(course, target, userId);
      const key = JSON.stringify([course.issuer, course.clientId, course.deploymentId, course.contextId, target.lineItemsUrl]);
      let lineItemId = lineItems.get(key);
      if (!lineItemId) {
        const found = await grade.getLineItems(idtoken, { tag: FEEDBACK_TAG });
        lineItemId = lineItemUrl(found.lineItems?.[0]?.id ?? (await grade.createLineItem(idtoken, feedbackLineItem(label))).id, target.lineItemsUrl);
        lineItems.set(key, lineItemId);
      }
      try {
        await grade.submitScore(idtoken, lineItemId, { userId, scoreGiven: 1, scoreMaximum: 1, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
      } catch (err) {
        // The column may have been deleted or moved in the LMS: the next try looks it up again.
        lineItems.delete(key);
        throw err;
      }
    },
    async hasFeedbackColumn(course, target) {
      const found = await grade.getLineItems(idtokenFor(course, target), { tag: FEEDBACK_TAG });
      return (found.lineItems?.length ?? 0) > 0;
    },
  };
}

/**
 * A line item's id is its URL (AGS §3.2.1), on the platform's own site: anything else the platform
 * answered (an object, a relative path, another host) is refused, not kept for every later score.
 */
function lineItemUrl(id: unknown, lineItemsUrl: string): string {
  if (typeof id !== 'string') throw new Error('the platform answered a line item without a URL id');
  let url: URL;
  try {
    url = new URL(id);
  } catch {
    throw new Error('the platform answered a line item id that is not a URL');
  }
  // Outside its site, the platform's access token would go along with the score to another host.
  if (!/^https?:$/.test(url.protocol) || url.origin !== new URL(lineItemsUrl).origin) throw new Error('the platform answered a line item id outside its own site');
  return id;
}

/** The idtoken-like object ltijs's Grade service reads (Grade.js), rebuilt from a stored target. */
function idtokenFor(course: ContextKey, target: GradeTarget, userId?: string) {
  return {
    iss: course.issuer,
    clientId: course.clientId,
    deploymentId: course.deploymentId,
    ...(userId === undefined ? {} : { user: userId }),
    platformContext: { endpoint: { lineitems: target.lineItemsUrl, scope: target.scopes }, resource: { id: target.resourceLinkId } },
  };
}

/**
 * The "Feedback given" line item a reviews link declares in a deep-linking response (Deep Linking
 * §3.4.1 lineItem; AGS §3.2.5): the same label, maximum and tag as the column sendFullCredit creates,
 * so the credit finds it by tag instead of adding a second column.
 */
export function feedbackLineItem(label: string): Record<string, unknown> {
  return { label, scoreMaximum: 1, tag: FEEDBACK_TAG, resourceId: FEEDBACK_TAG };
}
