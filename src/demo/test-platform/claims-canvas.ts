/**
 * Id token claims as Canvas sends them (Canvas's LTI launch overview and captured Canvas launches):
 * - iss is https://canvas.instructure.com whatever host Canvas runs on; tokens live an hour; aud and
 *   azp are the developer key's client id; sub is the user's LTI id (a UUID);
 * - lti11_legacy_user_id and lti1p1.user_id carry the LTI 1.1 id (also the login_hint);
 * - a top-level `locale`, `picture`, context.type as a full CourseOffering URI, resource_link with a
 *   null description, launch_presentation with height and width;
 * - lis values Canvas cannot expand stay as `$Person.sourcedId`, like unexpandable custom variables;
 * - the vendor claim https://www.instructure.com/placement names the placement (null for links
 *   created by deep linking); NRPS advertises service version 2.0 only; AGS adds Canvas's progress scope;
 * - from account and global navigation the context is the account (canvas-lms
 *   lib/lti/messages/jwt_message.rb add_context_claims!: id = the account's opaque id, title = its
 *   name, no label, type = [LIS_V2_ROLE_MAP[Account] || "Account"], and that map names Course and
 *   Group only, so ["Account"]); the resource link is the account too; no AGS or NRPS claim (both are
 *   "not for account-level launches"); $Canvas.course.id stays unexpanded, $Canvas.account.id expands;
 * - custom values Canvas expands are strings for LTI 1.3 tools (VariableExpander#expand_variables!
 *   turns numeric expansions into strings), so canvas_course_id is "1", not 1.
 */
import type { JWTPayload } from 'jose';
import { CLAIM, LTI_VERSION, SCOPE } from './constants';
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

const CANVAS_AGS_ORDER = [SCOPE.lineItem, SCOPE.lineItemReadOnly, SCOPE.resultReadOnly, SCOPE.score, SCOPE.canvasProgress];

const COURSE_OFFERING = 'http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering';

function variables({ core, launch }: ClaimInput): VariableValues {
  const { course, account } = launch;
  const user = launch.user;
  const link = launch.messageType === 'LtiResourceLinkRequest' ? launch.resourceLink : undefined;
  const api = new URL(core.urls.base);
  const contextRoles = user.roles.filter((r) => r.includes('/membership'));
  return {
    'Context.id': account ? account.id : course.id,
    'Context.title': account ? account.name : course.title,
    'com.instructure.contextLabel': account ? null : course.label,
    // Only available in a course (VariableExpander's COURSE_GUARD): an account launch gets the literal.
    'Canvas.course.id': account ? null : course.numericId,
    'Canvas.course.name': account ? null : course.title,
    'Canvas.account.id': core.config.account.numericId,
    'CourseSection.sourcedId': null,
    'ResourceLink.id': link?.id ?? null,
    'ResourceLink.title': link?.title ?? null,
    'User.id': user.platformUserId,
    'Canvas.user.id': user.platformUserId,
    'Canvas.user.loginId': user.username,
    'Person.name.full': user.name,
    'Person.name.given': user.givenName,
    'Person.name.family': user.familyName,
    'Person.email.primary': user.email,
    'Person.sourcedId': user.sourcedId ?? null,
    'Message.locale': launch.locale,
    'Membership.role': contextRoles.length > 0 ? contextRoles.join(',') : null,
    'Canvas.api.domain': api.host,
    // Real Canvas: scheme and host. Here the platform lives under a path, which belongs to its base URL
    // just as /courses/<id> must resolve under it (course-page.ts serves Canvas's course URL shape).
    'Canvas.api.baseUrl': core.urls.base,
  };
}

export const CANVAS_VARIABLES = [
  'Context.id',
  'Context.title',
  'com.instructure.contextLabel',
  'Canvas.course.id',
  'Canvas.course.name',
  'Canvas.account.id',
  'CourseSection.sourcedId',
  'ResourceLink.id',
  'ResourceLink.title',
  'User.id',
  'Canvas.user.id',
  'Canvas.user.loginId',
  'Person.name.full',
  'Person.name.given',
  'Person.name.family',
  'Person.email.primary',
  'Person.sourcedId',
  'Message.locale',
  'Membership.role',
  'Canvas.api.domain',
  'Canvas.api.baseUrl',
];

export function canvasClaims(input: ClaimInput): JWTPayload {
  const { core, launch, registration, nonce, now } = input;
  const { issuer } = core.config;
  const { course, account } = launch;
  const urls = core.urls.forCourse(course);
  const services = inCourse(launch);
  const user = launch.user;
  const deepLinking = launch.messageType === 'LtiDeepLinkingRequest';
  const lineItem = lineItemOf(core, launch);

  const payload: JWTPayload = {
    [CLAIM.messageType]: launch.messageType,
    [CLAIM.version]: LTI_VERSION,
  };
  if (!deepLinking && launch.resourceLink) {
    const link = launch.resourceLink;
    payload[CLAIM.resourceLink] = { id: link.id, description: link.description, title: link.title };
  }
  Object.assign(payload, {
    aud: registration.clientId,
    azp: registration.clientId,
    [CLAIM.deploymentId]: launch.deploymentId,
    exp: now + 3600,
    iat: now,
    iss: issuer,
    nonce,
    sub: user.sub,
    [CLAIM.targetLinkUri]: launch.targetLinkUri,
  });
  if (shares(registration, 'picture') && user.picture) payload.picture = user.picture;
  if (shares(registration, 'email')) payload.email = user.email;
  if (shares(registration, 'name') && launch.shareName !== false) {
    payload.name = user.name;
    payload.given_name = user.givenName;
    payload.family_name = user.familyName;
  }
  payload[CLAIM.lis] = {
    person_sourcedid: user.sourcedId ?? '$Person.sourcedId',
    course_offering_sourcedid: '$CourseSection.sourcedId',
  };
  if (!launch.omitContext) {
    payload[CLAIM.context] = account
      ? { id: account.id, title: account.name, type: ['Account'] }
      : { id: course.id, label: course.label, title: course.title, type: [COURSE_OFFERING] };
  }
  payload[CLAIM.toolPlatform] = {
    guid: core.config.guid,
    name: core.config.siteName,
    version: 'cloud',
    product_family_code: 'canvas',
  };
  payload[CLAIM.launchPresentation] = {
    document_target: launch.documentTarget,
    return_url: account ? core.urls.accountReturnUrl(account.numericId) : urls.returnUrl(launch.resourceLink?.id ?? ''),
    locale: launch.locale,
    height: 500,
    width: 500,
  };
  payload.locale = launch.locale;
  payload[CLAIM.roles] = [...user.roles];
  payload[CLAIM.custom] = substitute(mergedCustom(launch, registration), variables(input), 'literal');
  if (services && hasAgs(registration)) {
    const endpoint: Record<string, unknown> = { scope: agsScopesOf(registration, CANVAS_AGS_ORDER), lineitems: urls.lineItems };
    if (lineItem) endpoint.lineitem = urls.lineItem(lineItem.id);
    payload[CLAIM.agsEndpoint] = endpoint;
  }
  if (services && hasNrps(registration)) {
    payload[CLAIM.nrps] = { context_memberships_url: urls.nrps, service_versions: ['2.0'] };
  }
  if (user.legacyUserId) {
    payload[CLAIM.lti11LegacyUserId] = user.legacyUserId;
    payload[CLAIM.lti1p1] = { user_id: user.legacyUserId };
  }
  if (deepLinking) {
    const settings: Record<string, unknown> = {
      deep_link_return_url: core.urls.deepLinkReturn,
      accept_types: ['ltiResourceLink'],
      accept_presentation_document_targets: ['iframe', 'window'],
      accept_media_types: 'application/vnd.ims.lti.v1.ltilink',
      accept_multiple: launch.acceptMultiple,
      auto_create: false,
    };
    if (launch.deepLinkingData !== undefined) settings.data = launch.deepLinkingData;
    payload[CLAIM.deepLinkingSettings] = settings;
  }
  payload[CLAIM.canvasPlacement] = launch.placement;
  return payload;
}
