/**
 * Claim names, role URIs, scopes and media types the test platform speaks. Everything here is named
 * by a specification: LTI 1.3 core (§5), Deep Linking 2.0, Assignment and Grade Services 2.0 (AGS),
 * Names and Role Provisioning Services 2.0 (NRPS) and Dynamic Registration 1.0.
 */

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

/** LTI 1.3 core message claims (core §5.3, §5.4). */
export const CLAIM = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  toolPlatform: `${LTI}tool_platform`,
  launchPresentation: `${LTI}launch_presentation`,
  lis: `${LTI}lis`,
  custom: `${LTI}custom`,
  ext: `${LTI}ext`,
  lti11LegacyUserId: `${LTI}lti11_legacy_user_id`,
  lti1p1: `${LTI}lti1p1`,
  platformNotificationService: `${LTI}platformnotificationservice`,
  /** Deep Linking 2.0 §4.4 (request) and §4.5 (response). */
  deepLinkingSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  contentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
  deepLinkingData: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
  deepLinkingMsg: 'https://purl.imsglobal.org/spec/lti-dl/claim/msg',
  deepLinkingErrorMsg: 'https://purl.imsglobal.org/spec/lti-dl/claim/errormsg',
  /** AGS §3.1 endpoint claim. */
  agsEndpoint: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  /** NRPS §3.6.1 service claim. */
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  /** Moodle still sends the LTI 1.1 Basic Outcomes claim next to AGS. */
  basicOutcome: 'https://purl.imsglobal.org/spec/lti-bo/claim/basicoutcome',
  /** Canvas's vendor claim naming where in Canvas the launch came from. */
  canvasPlacement: 'https://www.instructure.com/placement',
} as const;

/** Short names accepted by Forgery.omitClaims, mapped to the claim they stand for. */
export const CLAIM_SHORT_NAMES: Readonly<Record<string, string>> = {
  message_type: CLAIM.messageType,
  version: CLAIM.version,
  deployment_id: CLAIM.deploymentId,
  target_link_uri: CLAIM.targetLinkUri,
  resource_link: CLAIM.resourceLink,
  roles: CLAIM.roles,
  context: CLAIM.context,
  tool_platform: CLAIM.toolPlatform,
  launch_presentation: CLAIM.launchPresentation,
  lis: CLAIM.lis,
  custom: CLAIM.custom,
  ext: CLAIM.ext,
  deep_linking_settings: CLAIM.deepLinkingSettings,
  endpoint: CLAIM.agsEndpoint,
  ags: CLAIM.agsEndpoint,
  namesroleservice: CLAIM.nrps,
  nrps: CLAIM.nrps,
  basicoutcome: CLAIM.basicOutcome,
  placement: CLAIM.canvasPlacement,
};

export const LTI_VERSION = '1.3.0';

/** LIS v2 role vocabularies (core Appendix A.2). */
const MEMBERSHIP = 'http://purl.imsglobal.org/vocab/lis/v2/membership';
const INSTITUTION = 'http://purl.imsglobal.org/vocab/lis/v2/institution/person';
const SYSTEM = 'http://purl.imsglobal.org/vocab/lis/v2/system/person';

export const ROLE = {
  learner: `${MEMBERSHIP}#Learner`,
  instructor: `${MEMBERSHIP}#Instructor`,
  teachingAssistant: `${MEMBERSHIP}/Instructor#TeachingAssistant`,
  institutionAdministrator: `${INSTITUTION}#Administrator`,
  institutionInstructor: `${INSTITUTION}#Instructor`,
  institutionStudent: `${INSTITUTION}#Student`,
  systemAdministrator: `${SYSTEM}#Administrator`,
  systemSysAdmin: `${SYSTEM}#SysAdmin`,
  systemUser: `${SYSTEM}#User`,
} as const;

export const SCOPE = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadOnly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  resultReadOnly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
  basicOutcome: 'https://purl.imsglobal.org/spec/lti-bo/scope/basicoutcome',
  toolSetting: 'https://purl.imsglobal.org/spec/lti-ts/scope/toolsetting',
  noticeHandlers: 'https://purl.imsglobal.org/spec/lti/scope/noticehandlers',
  canvasProgress: 'https://canvas.instructure.com/lti-ags/progress/scope/show',
  canvasPublicJwkUpdate: 'https://canvas.instructure.com/lti/public_jwk/scope/update',
  canvasAccountLookup: 'https://canvas.instructure.com/lti/account_lookup/scope/show',
} as const;

export const AGS_SCOPES: readonly string[] = [SCOPE.lineItem, SCOPE.lineItemReadOnly, SCOPE.resultReadOnly, SCOPE.score];

export const MEDIA_TYPE = {
  membershipContainer: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
  lineItem: 'application/vnd.ims.lis.v2.lineitem+json',
  lineItemContainer: 'application/vnd.ims.lis.v2.lineitemcontainer+json',
  score: 'application/vnd.ims.lis.v1.score+json',
  resultContainer: 'application/vnd.ims.lis.v2.resultcontainer+json',
} as const;

/** Security Framework §4.1.1: the client assertion type of private_key_jwt. */
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Dynamic Registration 1.0 §3.1 / §3.5 extension claims. */
export const TOOL_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
export const PLATFORM_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-platform-configuration';
