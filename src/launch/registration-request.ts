/**
 * What Learner Voice adds to the LTI Dynamic Registration request that ltijs sends.
 *
 * ltijs 5.9 (node_modules/ltijs/dist/Provider/Services/DynamicRegistration.js) builds a base
 * registration and deep-merges our extras into it with Utils/Objects.deepMergeObjects: nested objects
 * are merged key by key, but arrays and strings are *replaced*. So:
 * - `scope` (a space-separated string) replaces ltijs's default, which asks for every AGS scope;
 * - `claims` replaces ltijs's default, which is the platform's whole claims_supported list (with
 *   Canvas that includes email and picture, and Canvas then infers the "public" privacy level);
 * - `messages` replaces ltijs's bare [{type}] list;
 * - `custom_parameters` is merged into the one ltijs builds from its own options.
 *
 * Message and claim names follow LTI Dynamic Registration 1.0 (https://www.imsglobal.org/spec/lti-dr/v1p0,
 * §3.3 platform configuration, §3.6 tool configuration); Canvas extensions follow canvas-lms
 * doc/api/registration.md and app/models/lti/ims/registration.rb.
 */
import {
  CATALOGUE_CUSTOM_FIELDS,
  CATALOGUE_PLACEMENTS,
  CANVAS_CUSTOM_FIELDS,
  CANVAS_PRIVACY_LEVEL,
  CANVAS_TOOL_ID,
  TOOL_SERVICE_SCOPES,
} from './canvas-config';
import { toolUrls } from '../config';

export const TOOL_CONFIGURATION_CLAIM = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
export const PLATFORM_CONFIGURATION_CLAIM = 'https://purl.imsglobal.org/spec/lti-platform-configuration';
/** Prefix of Canvas's own registration fields and placement names (canvas-lms registration.rb). */
export const CANVAS_LTI_PREFIX = 'https://canvas.instructure.com/lti/';

/**
 * Identity claims the tool asks for. The panels show who wrote what, so the name claims are
 * needed; e-mail is not, and is left out on purpose (Moodle then sets "Share launcher's email" to
 * Never, and Canvas infers name_only). `sub` and `iss` are sent in every launch regardless; listing
 * them follows the DR spec's example and Moodle's own response.
 */
export const WANTED_CLAIMS = ['sub', 'iss', 'name', 'given_name', 'family_name'] as const;

const RESOURCE_LINK = 'LtiResourceLinkRequest';
const DEEP_LINKING = 'LtiDeepLinkingRequest';

/**
 * Placements for platforms other than Canvas, from the IMS vocabulary (LTI DR 1.0 §3.3.1:
 * "ContentArea", "RichTextEditor"): the deep-linking picker may appear where teachers add content and
 * in the editor. Resource links are created through deep linking, so the resource-link message
 * asks for no placement of its own.
 */
const IMS_DEEP_LINKING_PLACEMENTS = ['ContentArea', 'RichTextEditor'] as const;

/** Canvas placements (bare names), per message type, as in our JSON configuration (canvas-config.ts). */
const CANVAS_PLACEMENTS: Readonly<Record<string, readonly string[]>> = {
  [RESOURCE_LINK]: ['course_navigation'],
  [DEEP_LINKING]: ['link_selection', 'editor_button'],
};

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is string => typeof item === 'string');
}

interface PlatformFacts {
  readonly productFamily?: string;
  readonly claimsSupported?: readonly string[];
  readonly scopesSupported?: readonly string[];
  /** Placements listed per message type; a message type with no list maps to undefined. */
  readonly placements: ReadonlyMap<string, readonly string[] | undefined>;
}

function readPlatform(openid: Json): PlatformFacts {
  const platform = isRecord(openid[PLATFORM_CONFIGURATION_CLAIM]) ? (openid[PLATFORM_CONFIGURATION_CLAIM] as Json) : {};
  const placements = new Map<string, readonly string[] | undefined>();
  const messages = Array.isArray(platform.messages_supported) ? platform.messages_supported : [];
  for (const message of messages) {
    if (!isRecord(message) || typeof message.type !== 'string') continue;
    const listed = stringList(message.placements);
    placements.set(message.type, listed && listed.length > 0 ? listed : undefined);
  }
  return {
    productFamily: typeof platform.product_family_code === 'string' ? platform.product_family_code.toLowerCase() : undefined,
    claimsSupported: stringList(openid.claims_supported),
    scopesSupported: stringList(openid.scopes_supported),
    placements,
  };
}

/** Keeps the wanted values the platform supports, in our order; all of them when it lists none. */
function intersect(wanted: readonly string[], supported: readonly string[] | undefined): string[] {
  if (!supported) return [...wanted];
  return wanted.filter((value) => supported.includes(value));
}

/**
 * Canvas accepts a placement either bare ("course_navigation", the form in its registration.md
 * example) or prefixed ("https://canvas.instructure.com/lti/course_navigation", the form newer
 * Canvas lists in messages_supported); Lti::IMS::Registration#canvas_placement_name strips the
 * prefix. We echo whichever form this Canvas advertises, use the documented bare form when it
 * lists nothing, and drop a placement it lists neither way.
 */
function canvasPlacements(wanted: readonly string[], advertised: readonly string[] | undefined): string[] {
  const chosen: string[] = [];
  for (const name of wanted) {
    const prefixed = CANVAS_LTI_PREFIX + name;
    if (!advertised) chosen.push(name);
    else if (advertised.includes(prefixed)) chosen.push(prefixed);
    else if (advertised.includes(name)) chosen.push(name);
  }
  return chosen;
}

function withPlacements(message: Json, placements: readonly string[]): Json {
  return placements.length > 0 ? { ...message, placements: [...placements] } : message;
}

export function dynamicRegistrationExtras(openidConfiguration: Record<string, unknown>, baseUrl: string): Record<string, unknown> {
  const endpoints = toolUrls(baseUrl);
  const platform = readPlatform(openidConfiguration);
  const canvas = platform.productFamily === 'canvas';

  const resourceLink: Json = {
    type: RESOURCE_LINK,
    target_link_uri: endpoints.launch,
    label: 'Learner Voice',
  };
  const deepLinking: Json = {
    type: DEEP_LINKING,
    target_link_uri: endpoints.launch,
    label: 'Add a Learner Voice panel',
  };
  // DR 1.0's example localises labels with "label#<lang>" keys (as OIDC client metadata does), but
  // Canvas does not support them (its registration specs comment "label#ja" out as "not supported"),
  // so the French label goes to other platforms only.
  const deepLinkingLocalised: Json = { ...deepLinking, 'label#fr': 'Ajouter un panneau Learner Voice' };

  let messages: Json[];
  if (canvas) {
    messages = [
      withPlacements(
        {
          ...resourceLink,
          // Same choices as the JSON configuration: hidden from course menus until a teacher
          // enables it, and shown to course members only (canvas-lms registration.md, LTI Message schema).
          [CANVAS_LTI_PREFIX + 'course_navigation/default_enabled']: false,
          [CANVAS_LTI_PREFIX + 'visibility']: 'members',
        },
        canvasPlacements(CANVAS_PLACEMENTS[RESOURCE_LINK], platform.placements.get(RESOURCE_LINK)),
      ),
      withPlacements(
        // Only people who may add content (teachers, TAs, designers, admins) see the picker buttons.
        { ...deepLinking, [CANVAS_LTI_PREFIX + 'visibility']: 'admins' },
        canvasPlacements(CANVAS_PLACEMENTS[DEEP_LINKING], platform.placements.get(DEEP_LINKING)),
      ),
    ];
    // The catalogue, outside any course (see CATALOGUE_PLACEMENTS): a resource-link message of its
    // own, so that its custom parameter reaches launches from these placements only (registration.md,
    // LTI Message schema: custom_parameters and placements per message). Left out when this Canvas
    // lists neither placement: a message without placements would land in Canvas's defaults.
    const catalogue = canvasPlacements(CATALOGUE_PLACEMENTS, platform.placements.get(RESOURCE_LINK));
    if (catalogue.length > 0) {
      messages.push({
        type: RESOURCE_LINK,
        target_link_uri: endpoints.launch,
        label: 'Training catalogue',
        custom_parameters: { ...CATALOGUE_CUSTOM_FIELDS },
        placements: catalogue,
      });
    }
  } else {
    // Only name IMS placements a platform says it has for that message (Moodle 5.1 lists
    // ContentArea for deep linking and nothing for resource links).
    const listed = platform.placements.get(DEEP_LINKING);
    messages = [resourceLink, withPlacements(deepLinkingLocalised, listed ? intersect(IMS_DEEP_LINKING_PLACEMENTS, listed) : [])];
  }

  const toolConfiguration: Json = {
    claims: intersect(WANTED_CLAIMS, platform.claimsSupported),
    messages,
  };
  if (canvas) {
    toolConfiguration[CANVAS_LTI_PREFIX + 'privacy_level'] = CANVAS_PRIVACY_LEVEL;
    toolConfiguration[CANVAS_LTI_PREFIX + 'tool_id'] = CANVAS_TOOL_ID;
    // Values must be strings (canvas-lms Schemas::Lti::IMS::LtiToolConfiguration CUSTOM_PARAMS_SCHEMA).
    toolConfiguration.custom_parameters = { ...CANVAS_CUSTOM_FIELDS };
  }

  return {
    scope: intersect(TOOL_SERVICE_SCOPES, platform.scopesSupported).join(' '),
    [TOOL_CONFIGURATION_CLAIM]: toolConfiguration,
  };
}

function nonEmptyId(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * The deployment id a platform hands back in its registration response, when it creates one then:
 * - Moodle puts it in the tool-configuration claim (DR 1.0 §3.6.2; mod/lti registration_helper
 *   config_to_registration: deployment_id = the tool type id, e.g. "2" in the 5.1 fixture);
 * - newer Canvas puts it at the top level (`deployment_id`, e.g. "1:8865aa05…", on the root-account
 *   deployment it creates disabled; Lti::IMS::DynamicRegistrationController#render_registration),
 *   while older Canvas creates only a developer key and returns no deployment id at all: the id then
 *   first reaches the tool in the login initiation (`lti_deployment_id`) and the id_token's
 *   deployment_id claim after an admin installs the app.
 */
export function registrationDeploymentId(registrationResponse: Record<string, unknown>): string | undefined {
  const toolConfiguration = registrationResponse[TOOL_CONFIGURATION_CLAIM];
  const fromClaim = isRecord(toolConfiguration) ? nonEmptyId(toolConfiguration.deployment_id) : undefined;
  return fromClaim ?? nonEmptyId(registrationResponse.deployment_id);
}
