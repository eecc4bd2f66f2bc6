/**
 * The Canvas "LTI 1.3 JSON configuration" for Learner Voice, served at BASE_URL/lti/canvas.json.
 *
 * A Canvas admin creates an LTI developer key (Admin › Developer Keys › + Developer Key › + LTI Key),
 * picks the method "Enter URL" and gives Canvas this document's URL. The shape follows Canvas's
 * "Anatomy of a JSON configuration" (canvas-lms doc/api/lti_dev_key_config.md, published at
 * https://developerdocs.instructure.com/services/canvas/external-tools/lti/file.lti_dev_key_config)
 * and the schema Canvas validates it against (canvas-lms lib/schemas/lti_configuration.rb):
 * required top-level keys are title, description, target_link_uri and oidc_initiation_url; every
 * Canvas-specific setting lives in the one `extensions` entry whose platform is
 * "canvas.instructure.com".
 *
 * Redirect URIs are not part of this document: Canvas keeps them on the developer key itself
 * (lti_configuration.rb drops `redirect_uris` when it exports a configuration), so the admin types
 * BASE_URL/lti/launch into the key's "Redirect URIs" box (see docs/registering.md).
 */
import { toolUrls } from '../config';

/**
 * The LTI Advantage service scopes the tool uses, and no more:
 * AGS line items (create the gradebook column), scores (post them), results read-only (read them
 * back), NRPS memberships read-only (course roster). `lineitem` already includes reading line items,
 * so `lineitem.readonly` is not asked for (AGS 2.0 §3.1; Moodle grants it anyway, see the fixture's
 * dynamic-registration.json).
 */
export const TOOL_SERVICE_SCOPES = [
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
] as const;

/** Stable identifier Canvas stores as `tool_id` (lti_dev_key_config.md: "a unique identifier for the tool"). */
export const CANVAS_TOOL_ID = 'learner-voice';

/**
 * Canvas privacy level. `name_only` puts the user's name claims (name, given_name, family_name) and
 * the Person.name.* substitutions in the launch (Lti::PrivacyLevelExpander: name_only =
 * Person.name.given/full/family), which is all the panels need to show who wrote a review.
 * `public` would also send the e-mail address, the avatar picture and SIS ids, none of which the
 * tool uses, so by data minimisation we do not ask for them. `anonymous` and `email_only` would
 * leave the tool without a name, and the tool refuses nameless launches.
 */
export const CANVAS_PRIVACY_LEVEL = 'name_only';

/**
 * Tool-level custom fields, with Canvas variable substitutions (canvas-lms
 * doc/api/tools_variable_substitutions.md):
 * - canvas_api_domain ($Canvas.api.domain, "always" available): every Instructure-hosted Canvas
 *   shares the issuer https://canvas.instructure.com, so the institution's own host (e.g.
 *   school.instructure.com) is the only way to know which site framed us (logs, CSP frame-ancestors).
 * - canvas_course_id ($Canvas.course.id, available when launched in a course): the numeric course id
 *   an admin sees in Canvas URLs, handy in support requests; the LTI context id is an opaque hash.
 *   With canvas_api_base_url it gives the course's address, <base>/courses/<id>, which the catalogue
 *   links to (Canvas has no LTI claim carrying a course URL).
 * - canvas_api_base_url ($Canvas.api.baseUrl, "always" available): scheme and host of the Canvas the
 *   launch came from, e.g. https://school.instructure.com (VariableExpander: "#{scheme}://#{host}").
 * Canvas sends every expanded value to an LTI 1.3 tool as a string (VariableExpander#expand_variables!
 * turns numeric expansions into strings for 1.3 tools), so canvas_course_id arrives as "1234".
 * The user's language is not requested: Canvas already sends launch_presentation.locale (and a
 * top-level `locale` claim) in every launch.
 * Canvas sends a variable it cannot expand as the literal text (e.g. "$Canvas.course.id"), so the
 * launch code must treat values that still start with "$" as absent.
 */
export const CANVAS_CUSTOM_FIELDS: Readonly<Record<string, string>> = {
  canvas_api_domain: '$Canvas.api.domain',
  canvas_course_id: '$Canvas.course.id',
  canvas_api_base_url: '$Canvas.api.baseUrl',
};

/** The custom parameter that makes a launch open the catalogue (context/launch-context.ts reads `panel`). */
export const CATALOGUE_CUSTOM_FIELDS: Readonly<Record<string, string>> = { panel: 'catalogue' };

/**
 * Where Canvas offers the catalogue, outside any course (canvas-lms doc/api/navigation_tools.md and
 * registration.md):
 * - global_navigation is THE catalogue entry: a link in the far-left global menu that every user of
 *   the root account sees (learners included), launched with the root account as context;
 * - account_navigation shows only to account and sub-account administrators ("administrators in that
 *   account and any of its sub-accounts will see the link"), so learners never see it; it gives admins
 *   the same catalogue from the account menu where they manage the account.
 * Both launch with an Account context (context.type ["Account"], no course id), which the launch code
 * accepts for the catalogue only.
 */
export const CATALOGUE_PLACEMENTS = ['global_navigation', 'account_navigation'] as const;

const DEFAULT_TITLE = 'Learner Voice';
const DEFAULT_DESCRIPTION =
  'Reviews and ratings, and consumer-group (co-design) panels that let learners shape their course.';

/** Size of the Canvas modal the deep-linking picker opens in (lti_dev_key_config.md: selection_width/height). */
const PICKER_WIDTH = 800;
const PICKER_HEIGHT = 600;

export function canvasJsonConfiguration(
  baseUrl: string,
  options: { title?: string; description?: string } = {},
): Record<string, unknown> {
  const endpoints = toolUrls(baseUrl);
  const title = options.title?.trim() || DEFAULT_TITLE;
  const description = options.description?.trim() || DEFAULT_DESCRIPTION;
  const pickerLabels = { en: `Add a ${title} panel`, fr: `Ajouter un panneau ${title}` };
  const catalogueLabels = { en: 'Training catalogue', fr: 'Catalogue des formations' };

  return {
    title,
    description,
    oidc_initiation_url: endpoints.login,
    // One launch URL for every placement: the message type and the custom `panel` parameter of a
    // deep-linked resource link tell the tool what to show, so no per-placement URLs are needed.
    target_link_uri: endpoints.launch,
    public_jwk_url: endpoints.keyset,
    scopes: [...TOOL_SERVICE_SCOPES],
    extensions: [
      {
        platform: 'canvas.instructure.com',
        // Canvas matches clicked LTI links against this domain; recommended with deep linking
        // (lti_dev_key_config.md, "domain").
        domain: new URL(baseUrl).host,
        tool_id: CANVAS_TOOL_ID,
        privacy_level: CANVAS_PRIVACY_LEVEL,
        settings: {
          text: title,
          placements: [
            {
              // Course panel in the course's left-hand menu (navigation_tools.md, "Course navigation links").
              placement: 'course_navigation',
              message_type: 'LtiResourceLinkRequest',
              target_link_uri: endpoints.launch,
              text: title,
              enabled: true,
              // Off by default so that installing the app on an account does not add a menu item to
              // every course at once; a teacher switches it on under Settings › Navigation.
              default: 'disabled',
              // Only people enrolled in the course (and admins) see it: the panels need a course
              // role, which an anonymous visitor of a public course does not have.
              visibility: 'members',
            },
            ...CATALOGUE_PLACEMENTS.map((placement) => ({
              placement,
              message_type: 'LtiResourceLinkRequest',
              target_link_uri: endpoints.launch,
              text: catalogueLabels.en,
              labels: catalogueLabels,
              enabled: true,
              // Placement-level custom fields are added to the tool's own for launches from here only.
              custom_fields: { ...CATALOGUE_CUSTOM_FIELDS },
            })),
            {
              // "External tool" item of modules and the assignment "External Tool" submission type
              // (link_selection_placement.md): the teacher picks a panel, we answer with a resource link.
              placement: 'link_selection',
              message_type: 'LtiDeepLinkingRequest',
              target_link_uri: endpoints.launch,
              text: pickerLabels.en,
              labels: pickerLabels,
              enabled: true,
              selection_width: PICKER_WIDTH,
              selection_height: PICKER_HEIGHT,
            },
            {
              // Rich content editor toolbar (editor_button_placement.md): embeds a panel in a page.
              // icon_url is optional there and the tool serves no icon yet, so none is given.
              placement: 'editor_button',
              message_type: 'LtiDeepLinkingRequest',
              target_link_uri: endpoints.launch,
              text: pickerLabels.en,
              labels: pickerLabels,
              enabled: true,
              // Students also get the editor (discussion replies); only teachers, TAs, designers and
              // admins may add a panel, so only they see the button (editor_button_placement.md, visibility).
              visibility: 'admins',
              selection_width: PICKER_WIDTH,
              selection_height: PICKER_HEIGHT,
            },
          ],
        },
      },
    ],
    custom_fields: { ...CANVAS_CUSTOM_FIELDS },
  };
}
