/**
 * Id token claims as Moodle 5.1 sends them (modelled on fixtures/moodle-5.1/*-claims.json):
 * - a 60-second token, no azp, context.type is the short 'CourseSection';
 * - lis, ext {user_username, lms: 'moodle-2'} and tool_platform on every launch;
 * - custom = tool type + activity parameters with `$` variables substituted, plus
 *   context_memberships_url, which Moodle adds itself;
 * - AGS and NRPS claims (service_versions 1.0 and 2.0), the Basic Outcomes claim on graded links;
 * - a deep-linking request has no resource_link, no lineitem and launch_presentation.locale only;
 * - from the site's front page (the site course, id 1) the context is the site itself: its full and
 *   short names as title and label, type 'Group' instead of 'CourseSection', and no course section
 *   in lis (mod/lti/locallib.php lti_build_request: `if ($course->format == 'site')`);
 * - `contextless` (not something Moodle does) leaves the context claim and the course services out.
 */
import { createHash, randomInt } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { CLAIM, LTI_VERSION, ROLE, SCOPE } from './constants';
import {
  agsScopesOf,
  hasAgs,
  hasNrps,
  inCourse,
  lineItemOf,
  mergedCustom,
  shares,
  substitute,
  type ClaimInput,
  type VariableValues,
} from './claims-common';
import type { UserSpec } from './types';

/** Moodle's build number in tool_platform.version (a 5.1 site). */
export const MOODLE_VERSION = '2025100603';
export const MOODLE_RELEASE = '5.1.3 (Build: 20260216)';

/** Moodle lists granted AGS scopes in this order in the endpoint claim. */
const MOODLE_AGS_ORDER = [SCOPE.lineItem, SCOPE.lineItemReadOnly, SCOPE.resultReadOnly, SCOPE.score];

/** The LTI 1.1 role string Moodle substitutes for $Membership.role. */
function legacyRoleString(user: UserSpec): string {
  const parts = [user.roles.includes(ROLE.instructor) ? 'Instructor' : 'Learner'];
  if (user.roles.includes(ROLE.systemAdministrator)) {
    parts.push('urn:lti:sysrole:ims/lis/Administrator', 'urn:lti:instrole:ims/lis/Administrator');
  }
  return parts.join(',');
}

/** The substitution variables of this launch (see MOODLE_VARIABLES for the list advertised). */
function variables({ launch }: ClaimInput): VariableValues {
  const { course } = launch;
  const user = launch.user;
  const link = launch.messageType === 'LtiResourceLinkRequest' ? launch.resourceLink : undefined;
  return {
    'Context.id': course.id,
    'Context.title': course.title,
    'Context.label': course.label,
    'Context.sourcedId': course.label,
    'CourseSection.title': course.title,
    'CourseSection.label': course.label,
    'CourseSection.sourcedId': course.label,
    'ResourceLink.id': link?.id ?? null,
    'ResourceLink.title': link?.title ?? null,
    'ResourceLink.description': link?.description ?? null,
    'User.id': user.platformUserId,
    'User.username': user.username,
    'Person.name.full': user.name,
    'Person.name.given': user.givenName,
    'Person.name.family': user.familyName,
    'Person.email.primary': user.email,
    'Person.sourcedId': user.sourcedId ?? '',
    'Membership.role': legacyRoleString(user),
  };
}

export const MOODLE_VARIABLES = [
  'Context.id',
  'Context.title',
  'Context.label',
  'Context.sourcedId',
  'CourseSection.title',
  'CourseSection.label',
  'CourseSection.sourcedId',
  'ResourceLink.id',
  'ResourceLink.title',
  'ResourceLink.description',
  'User.id',
  'User.username',
  'Person.name.full',
  'Person.name.given',
  'Person.name.family',
  'Person.email.primary',
  'Person.sourcedId',
  'Membership.role',
];

/** Moodle's signed lis_result_sourcedid: JSON of the grade target plus a hash. */
function resultSourcedId(instanceId: string, userId: string): string {
  const data = { instanceid: instanceId, userid: userId, typeid: '1', launchid: randomInt(1, 2 ** 31 - 1) };
  const hash = createHash('sha256').update(JSON.stringify(data)).digest('hex');
  return JSON.stringify({ data, hash });
}

export function moodleClaims(input: ClaimInput): JWTPayload {
  const { core, launch, registration, nonce, now } = input;
  const { issuer } = core.config;
  const { course } = launch;
  const urls = core.urls.forCourse(course);
  const services = inCourse(launch);
  const user = launch.user;
  const deepLinking = launch.messageType === 'LtiDeepLinkingRequest';
  const lineItem = lineItemOf(core, launch);

  const payload: JWTPayload = {
    nonce,
    iat: now,
    exp: now + 60,
    iss: issuer,
    aud: registration.clientId,
    [CLAIM.deploymentId]: launch.deploymentId,
    [CLAIM.targetLinkUri]: launch.targetLinkUri,
    sub: user.sub,
    [CLAIM.lis]: course.site
      ? { person_sourcedid: user.sourcedId ?? '' }
      : { person_sourcedid: user.sourcedId ?? '', course_section_sourcedid: course.label },
    [CLAIM.roles]: [...user.roles],
    [CLAIM.context]: { id: course.id, label: course.label, title: course.title, type: [course.site ? 'Group' : 'CourseSection'] },
    [CLAIM.messageType]: launch.messageType,
  };
  if (launch.omitContext) delete payload[CLAIM.context];
  if (!deepLinking && launch.resourceLink) {
    const link = launch.resourceLink;
    payload[CLAIM.resourceLink] = { title: link.title, description: link.description ?? '', id: link.id };
    if (lineItem) {
      payload[CLAIM.basicOutcome] = {
        lis_result_sourcedid: resultSourcedId(link.id, user.platformUserId),
        lis_outcome_service_url: core.urls.basicOutcome,
      };
    }
  }
  if (shares(registration, 'name') && launch.shareName !== false) {
    payload.given_name = user.givenName;
    payload.family_name = user.familyName;
    payload.name = user.name;
  }
  payload[CLAIM.ext] = { user_username: user.username, lms: 'moodle-2' };
  if (shares(registration, 'email')) payload.email = user.email;
  payload[CLAIM.launchPresentation] = deepLinking
    ? { locale: launch.locale }
    : {
        locale: launch.locale,
        document_target: launch.documentTarget,
        return_url: urls.returnUrl(launch.resourceLink?.id ?? ''),
      };
  payload[CLAIM.toolPlatform] = {
    product_family_code: 'moodle',
    version: MOODLE_VERSION,
    guid: core.config.guid,
    name: core.config.siteName,
    description: core.config.siteDescription,
  };
  payload[CLAIM.version] = LTI_VERSION;

  const custom = substitute(mergedCustom(launch, registration), variables(input), 'null');
  if (services && hasNrps(registration)) custom.context_memberships_url = urls.nrps;
  if (Object.keys(custom).length > 0) payload[CLAIM.custom] = custom;

  if (services && hasAgs(registration)) {
    const endpoint: Record<string, unknown> = {
      scope: agsScopesOf(registration, MOODLE_AGS_ORDER),
      lineitems: urls.lineItems,
    };
    if (lineItem) endpoint.lineitem = urls.lineItem(lineItem.id);
    payload[CLAIM.agsEndpoint] = endpoint;
  }
  if (services && hasNrps(registration)) {
    payload[CLAIM.nrps] = { context_memberships_url: urls.nrps, service_versions: ['1.0', '2.0'] };
  }
  if (deepLinking) {
    const settings: Record<string, unknown> = {
      accept_types: ['ltiResourceLink'],
      accept_presentation_document_targets: ['frame', 'iframe', 'window'],
      accept_copy_advice: false,
      accept_multiple: launch.acceptMultiple,
      accept_unsigned: false,
      auto_create: false,
      can_confirm: false,
      deep_link_return_url: core.urls.deepLinkReturn,
      title: registration.name,
      text: '',
    };
    if (launch.deepLinkingData !== undefined) settings.data = launch.deepLinkingData;
    payload[CLAIM.deepLinkingSettings] = settings;
  }
  return payload;
}
