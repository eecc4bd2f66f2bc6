/** Public types of the test platform (a fake LMS that behaves like Moodle 5.1 or Canvas). */

export type Flavour = 'moodle' | 'canvas';

export type MessageType = 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';

/** Where the tool lives. The platform registers redirect_uris = [launchUrl]. */
export interface ToolEndpoints {
  loginUrl: string;
  launchUrl: string;
  keysetUrl: string;
}

export type UserKey = 'learner' | 'instructor' | 'admin' | 'teachingAssistant' | 'frenchLearner';

/** A person as the platform knows them, already in the shape of the platform's flavour. */
export interface UserSpec {
  /** The id_token `sub`. Moodle: the user id ('4'); Canvas: the user's LTI id (a UUID). */
  sub: string;
  /** The login_hint sent at login initiation. Moodle: the user id; Canvas: an opaque 40-hex id. */
  loginHint: string;
  /** The platform's own numeric user id (Moodle user id, Canvas API user id). */
  platformUserId: string;
  name: string;
  givenName: string;
  familyName: string;
  email: string;
  username: string;
  /** SIS id; Canvas leaves the `$Person.sourcedId` variable unexpanded when there is none. */
  sourcedId?: string;
  /** Role URIs of the roles claim, exactly as this flavour sends them. */
  roles: string[];
  /** Roles in the names-and-roles answer (Moodle: short names; Canvas: URIs); empty: not enrolled. */
  membershipRoles: string[];
  /** Locale the platform shows this person (launch_presentation.locale). */
  locale: string;
  /** Canvas: the LTI 1.1 user id carried in lti11_legacy_user_id. */
  legacyUserId?: string;
  /** Canvas sends an avatar URL. */
  picture?: string;
}

/** A custom user for prepareLaunch: anything not given is filled in like a learner. */
export type UserInput = Partial<UserSpec> & Pick<UserSpec, 'sub'>;

export interface CourseInfo {
  /** The LTI context id. Moodle: the course id ('2'); Canvas: an opaque 40-hex id. */
  id: string;
  label: string;
  title: string;
  /** The platform's own course id used in its URLs (Moodle course id, Canvas API course id). */
  numericId: string;
  /** The course summary shown on its page and on the site's front page. */
  summary?: string;
  /** The language the course is taught in (the demo's courses are in English or French). */
  language?: 'en' | 'fr';
  /**
   * Moodle's site course (SITEID, id 1): the front page. Moodle launches from it with the site's full
   * and short names as context title and label and context type Group, not CourseSection.
   */
  site?: boolean;
}

/** The Canvas account launches outside any course come from (account and global navigation). */
export interface AccountInfo {
  /** The LTI context id of the account: an opaque 40-hex id, like a course's. */
  id: string;
  name: string;
  /** Canvas API account id (1 for the root account). */
  numericId: string;
}

/**
 * Canvas placements that launch with the account as context, not a course (canvas-lms
 * doc/api/navigation_tools.md: these placements "do not provide any course or resource level context").
 */
export const ACCOUNT_PLACEMENTS: readonly string[] = ['account_navigation', 'global_navigation', 'user_navigation'];

/**
 * Everything a tool must refuse, produced on purpose (Security Framework §5.1.3, core §5.1.2):
 * applied to the id_token built by the next successful authorization for this launch.
 */
export interface Forgery {
  /** Sign with another RSA key but keep the platform's kid: the signature does not verify. */
  signWithUnknownKey?: boolean;
  /** Replace `aud` (a foreign client id, or an array). */
  audience?: string | string[];
  /** Set `azp`, or null to remove it. */
  azp?: string | null;
  /** `exp` a minute in the past. */
  expired?: boolean;
  /** Shift `iat` (and `exp` with it): +600 is a token from the future, -30 a platform clock behind. */
  iatOffsetSeconds?: number;
  omitNonce?: boolean;
  /** Put this nonce instead of the one the tool sent (to replay a nonce). */
  nonce?: string;
  /** Claims to delete: short LTI names ('message_type', 'deployment_id'…), full URIs or top-level names. */
  omitClaims?: string[];
  /** Merged last, shallowly; a value of undefined deletes the claim. */
  claims?: Record<string, unknown>;
  /** A deployment id the tool does not know (in the token only; the login initiation keeps the real one). */
  deploymentId?: string;
  /** A foreign target_link_uri in the token (the login initiation keeps the real one). */
  targetLinkUri?: string;
  /** A kid that is not in the platform's JWKS (signed with the real key). */
  kid?: string;
  /** An unsigned token (`alg: none`). */
  algNone?: boolean;
  /** HS256 keyed with the platform's public key PEM: the classic algorithm-confusion attack. */
  hmacWithPublicKey?: boolean;
}

export interface LaunchOptions {
  user: UserKey | UserInput;
  messageType?: MessageType;
  /** The resource link; the id of an activity added by deep linking launches that activity. */
  resourceLink?: { id: string; title?: string; description?: string };
  /** Extra custom parameters merged last into the custom claim (`$` variables are substituted). */
  custom?: Record<string, unknown>;
  locale?: string;
  targetLinkUri?: string;
  forge?: Forgery;
  /** How the login initiation is sent (both are allowed by Security Framework §5.1.1). */
  method?: 'POST' | 'GET';
  /** launch_presentation.document_target (default iframe). */
  documentTarget?: 'iframe' | 'window';
  /** Deep Linking 2.0 §4.4.1 `data`: an opaque value the tool must echo. */
  deepLinkingData?: string;
  /** deep_linking_settings.accept_multiple (default true). */
  acceptMultiple?: boolean;
  /**
   * false: this launch carries no name claims (name, given_name, family_name), as with Moodle's
   * "Share launcher's name with tool: Never" or Canvas's anonymous privacy level. Default: what the
   * registration shares.
   */
  shareName?: boolean;
  /**
   * Canvas: the placement claim (default course_navigation, link_selection for deep linking). An
   * account placement (ACCOUNT_PLACEMENTS) launches from the account, outside any course.
   */
  placement?: string | null;
  /**
   * The course launched from: its context id or numeric id (default: the platform's first course).
   * Moodle flavour: '1' is the site's front page.
   */
  course?: string;
  /**
   * true: the id_token carries no context claim at all (LTI 1.3 core §5.4.1 makes it optional). In the
   * Canvas flavour this is an account launch (placement account_navigation unless another account
   * placement is given) with the context claim left out; real Canvas sends an Account context there.
   */
  contextless?: boolean;
}

/** The third-party initiated login the platform sends to the tool (Security Framework §5.1.1). */
export interface LoginInitiation {
  url: string;
  method: 'POST' | 'GET';
  params: Record<string, string>;
  /** The platform's id of the pending launch (what lti_message_hint refers to). */
  launchId: string;
}

/** What the authorization endpoint posted back to the tool (form_post). */
export interface AuthResponse {
  id_token: string;
  state: string;
  redirectUri: string;
  /** All the form fields posted (Canvas adds lti_storage_target and Rails's own fields). */
  fields: Record<string, string>;
}

/** A tool as the platform has it registered (manual configuration or dynamic registration). */
export interface ToolRegistration {
  clientId: string;
  deploymentId: string;
  source: 'manual' | 'dynamic';
  name: string;
  loginUrl: string;
  redirectUris: string[];
  jwksUri: string;
  targetLinkUri: string;
  /** Per-message target_link_uri from the tool configuration's messages (Dynamic Registration §3.3). */
  messageTargets: Partial<Record<MessageType, string>>;
  customParameters: Record<string, string>;
  /**
   * Canvas: custom parameters of one placement, added to the tool's for launches from it (a JSON
   * configuration's placement `custom_fields`, a dynamic registration message's `custom_parameters`).
   */
  placementCustom?: Record<string, Record<string, string>>;
  /** Claims the tool asked for; undefined means "send everything" (manual configuration). */
  claims?: string[];
  /** Scopes the platform granted. */
  scopes: string[];
  /** Canvas: https://canvas.instructure.com/lti/privacy_level. */
  privacyLevel?: 'public' | 'name_only' | 'email_only' | 'anonymous';
  domain?: string;
}

/** One call to the registration endpoint, kept for tests. */
export interface RegistrationRecord {
  request: Record<string, unknown>;
  status: number;
  response?: Record<string, unknown>;
  clientId?: string;
  deploymentId?: string;
  receivedAt: Date;
}

/** A course activity added by deep linking (an ltiResourceLink content item, Deep Linking §3.1). */
export interface Activity {
  resourceLinkId: string;
  title: string;
  text?: string;
  url?: string;
  custom: Record<string, string>;
  lineItemId?: string;
  clientId: string;
  /** The course it was added to (the context of the deep-linking request). */
  contextId?: string;
  /** The content item exactly as the tool sent it. */
  contentItem: Record<string, unknown>;
}

/**
 * Moodle's "Accept grades from the tool" (tool settings › Privacy), as it treats deep-linked activities:
 * 'always' gives every activity a grade item (the content item's lineItem, or 100 points when it has
 * none); 'delegate' ("As specified in Deep Linking definition or Delegate to teacher") creates one only
 * when the content item declares a lineItem; 'never' creates none. Canvas behaves like 'delegate'.
 */
export type AcceptGrades = 'always' | 'delegate' | 'never';

export interface LineItem {
  id: string;
  label: string;
  scoreMaximum: number;
  resourceId?: string;
  tag?: string;
  resourceLinkId?: string;
  startDateTime?: string;
  endDateTime?: string;
}

/** A score the tool posted (AGS §3.4). */
export interface ScoreRecord {
  lineItemId: string;
  lineItemUrl: string;
  userId: string;
  scoreGiven?: number;
  scoreMaximum?: number;
  comment?: string;
  activityProgress: string;
  gradingProgress: string;
  timestamp: string;
  clientId: string;
  receivedAt: Date;
  body: Record<string, unknown>;
}
