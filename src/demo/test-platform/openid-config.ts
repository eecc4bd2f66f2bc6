/**
 * The platform's OpenID configuration (Dynamic Registration 1.0 §3.4 and §3.5, platform configuration
 * claim). The Moodle flavour has the shape of fixtures/moodle-5.1/openid-configuration.json; the
 * Canvas flavour follows Canvas's registration guide: iss is canvas.instructure.com while the
 * endpoints live on the institution's host, an `authorization_server` (the token audience), Canvas
 * placements as URIs, and the account name and LTI guid under Canvas's extension names.
 */
import { MOODLE_RELEASE, MOODLE_VARIABLES } from './claims-moodle';
import { CANVAS_VARIABLES } from './claims-canvas';
import { AGS_SCOPES, PLATFORM_CONFIGURATION, SCOPE } from './constants';
import type { PlatformCore } from './core';

export const MOODLE_SCOPES: readonly string[] = [
  SCOPE.basicOutcome,
  SCOPE.lineItemReadOnly,
  SCOPE.resultReadOnly,
  SCOPE.score,
  SCOPE.lineItem,
  SCOPE.nrps,
  SCOPE.toolSetting,
];

export const CANVAS_SCOPES: readonly string[] = [
  ...AGS_SCOPES,
  SCOPE.nrps,
  SCOPE.noticeHandlers,
  SCOPE.canvasPublicJwkUpdate,
  SCOPE.canvasAccountLookup,
  SCOPE.canvasProgress,
];

const CANVAS_PLACEMENT = 'https://canvas.instructure.com/lti/';

function moodleConfiguration(core: PlatformCore): Record<string, unknown> {
  const { urls } = core;
  return {
    issuer: core.config.issuer,
    token_endpoint: urls.token,
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256'],
    jwks_uri: urls.jwks,
    authorization_endpoint: urls.auth,
    registration_endpoint: urls.register,
    scopes_supported: [...MOODLE_SCOPES, 'openid'],
    response_types_supported: ['id_token'],
    subject_types_supported: ['public', 'pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    claims_supported: ['sub', 'iss', 'name', 'given_name', 'family_name', 'email'],
    [PLATFORM_CONFIGURATION]: {
      product_family_code: 'moodle',
      version: MOODLE_RELEASE,
      messages_supported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest', placements: ['ContentArea'] }],
      variables: MOODLE_VARIABLES,
    },
  };
}

function canvasConfiguration(core: PlatformCore): Record<string, unknown> {
  const { urls } = core;
  const host = new URL(urls.base).host;
  return {
    issuer: core.config.issuer,
    authorization_endpoint: urls.auth,
    registration_endpoint: urls.register,
    jwks_uri: urls.jwks,
    token_endpoint: urls.token,
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', ...CANVAS_SCOPES],
    response_types_supported: ['id_token'],
    id_token_signing_alg_values_supported: ['RS256'],
    claims_supported: ['sub', 'picture', 'email', 'name', 'given_name', 'family_name', 'locale'],
    subject_types_supported: ['public'],
    authorization_server: host,
    [PLATFORM_CONFIGURATION]: {
      product_family_code: 'canvas',
      version: 'cloud',
      messages_supported: [
        {
          type: 'LtiResourceLinkRequest',
          placements: ['course_navigation', 'assignment_view', 'link_selection', 'module_menu'].map((p) => CANVAS_PLACEMENT + p),
        },
        {
          type: 'LtiDeepLinkingRequest',
          placements: ['assignment_selection', 'editor_button', 'link_selection', 'module_index_menu_modal'].map(
            (p) => CANVAS_PLACEMENT + p,
          ),
        },
      ],
      variables: CANVAS_VARIABLES,
      'https://canvas.instructure.com/lti/account_name': core.config.siteName,
      'https://canvas.instructure.com/lti/account_lti_guid': core.config.guid,
      'https://canvas.instructure.com/lti/account_domain': host,
    },
  };
}

export function openidConfiguration(core: PlatformCore): Record<string, unknown> {
  return core.flavour === 'moodle' ? moodleConfiguration(core) : canvasConfiguration(core);
}
