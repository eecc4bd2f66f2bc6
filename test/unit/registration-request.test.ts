import fs from 'node:fs';
import path from 'node:path';
import {
  CANVAS_LTI_PREFIX,
  dynamicRegistrationExtras,
  PLATFORM_CONFIGURATION_CLAIM,
  registrationDeploymentId,
  TOOL_CONFIGURATION_CLAIM,
} from '../../src/launch/registration-request';

type Json = Record<string, unknown>;

/** Real captures from Moodle 5.1.3, copied from the team fixtures (see README.md in that folder). */
const MOODLE_FIXTURES = path.resolve(__dirname, '../fixtures/moodle-5.1');
function moodleFixture(name: string): Json {
  return JSON.parse(fs.readFileSync(path.join(MOODLE_FIXTURES, name), 'utf8')) as Json;
}

const BASE = 'https://voice.example.edu';
const LAUNCH = BASE + '/lti/launch';

const AGS_LINEITEM = 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem';
const AGS_LINEITEM_RO = 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly';
const AGS_SCORE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';
const AGS_RESULT = 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly';
const NRPS = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';

/**
 * A Canvas OpenID configuration shaped like the one Canvas documents (canvas-lms doc/api/registration.md)
 * and serves (SecurityController#openid_configuration): claims_supported without "iss", and, in
 * current Canvas, placements listed with the https://canvas.instructure.com/lti/ prefix plus the
 * IMS names ContentArea and RichTextEditor.
 */
function canvasOpenidConfiguration(placementStyle: 'prefixed' | 'bare' | 'none' = 'prefixed'): Json {
  const name = (p: string) => (placementStyle === 'prefixed' ? CANVAS_LTI_PREFIX + p : p);
  const rl = ['account_navigation', 'course_navigation', 'global_navigation', 'link_selection', 'user_navigation'].map(name);
  const dl = ['assignment_selection', 'editor_button', 'link_selection', 'homework_submission'].map(name);
  return {
    issuer: 'https://canvas.instructure.com',
    authorization_endpoint: 'https://sso.canvaslms.com/api/lti/authorize_redirect',
    registration_endpoint: 'https://school.instructure.com/api/lti/registrations',
    jwks_uri: 'https://sso.canvaslms.com/api/lti/security/jwks',
    token_endpoint: 'https://sso.canvaslms.com/login/oauth2/token',
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256'],
    scopes_supported: [
      'openid',
      AGS_LINEITEM,
      AGS_LINEITEM_RO,
      AGS_RESULT,
      AGS_SCORE,
      NRPS,
      'https://canvas.instructure.com/lti/public_jwk/scope/update',
      'https://canvas.instructure.com/lti/account_lookup/scope/show',
      'https://canvas.instructure.com/lti-ags/progress/scope/show',
    ],
    response_types_supported: ['id_token'],
    id_token_signing_alg_values_supported: ['RS256'],
    claims_supported: ['sub', 'picture', 'email', 'name', 'given_name', 'family_name', 'locale'],
    subject_types_supported: ['public'],
    authorization_server: 'sso.canvaslms.com',
    [PLATFORM_CONFIGURATION_CLAIM]: {
      product_family_code: 'canvas',
      version: 'vCloud',
      messages_supported:
        placementStyle === 'none'
          ? [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }]
          : [
              { type: 'LtiResourceLinkRequest', placements: [...rl, 'ContentArea'] },
              { type: 'LtiDeepLinkingRequest', placements: [...dl, 'ContentArea', 'RichTextEditor'] },
            ],
      variables: ['Canvas.course.id', 'Canvas.api.domain', 'Context.id'],
      'https://canvas.instructure.com/lti/account_name': 'Test University',
      'https://canvas.instructure.com/lti/account_lti_guid': 'abc123:canvas-lms',
    },
  };
}

function toolConfiguration(extras: Json): Json {
  const tc = extras[TOOL_CONFIGURATION_CLAIM];
  expect(tc).toBeDefined();
  return tc as Json;
}

function message(extras: Json, type: string): Json {
  const found = (toolConfiguration(extras).messages as Json[]).find((m) => m.type === type);
  if (!found) throw new Error(`no ${type} message`);
  return found;
}

/**
 * ltijs's own deep merge (Utils/Objects.deepMergeObjects), the one DynamicRegistration.register applies
 * to our extras: objects merge key by key, arrays and strings replace. Loaded with require because
 * ltijs ships no types for its internal modules; the cast states the one function we call.
 */
const ltijsObjects = require('ltijs/dist/Utils/Objects') as { deepMergeObjects(target: Json, ...sources: Json[]): Json };
const ltijsMerge = (target: Json, source: Json): Json => ltijsObjects.deepMergeObjects(target, source);

describe('dynamicRegistrationExtras with Moodle 5.1', () => {
  const openid = moodleFixture('openid-configuration.json');
  const extras = dynamicRegistrationExtras(openid, BASE);

  it('asks for our service scopes, all of which Moodle supports', () => {
    expect((extras.scope as string).split(' ')).toEqual([AGS_LINEITEM, AGS_SCORE, AGS_RESULT, NRPS]);
  });

  it('asks for the name claims and not e-mail', () => {
    expect(toolConfiguration(extras).claims).toEqual(['sub', 'iss', 'name', 'given_name', 'family_name']);
  });

  it('sends both messages to the launch URL, deep linking at the only placement Moodle lists', () => {
    const rl = message(extras, 'LtiResourceLinkRequest');
    expect(rl.target_link_uri).toBe(LAUNCH);
    expect(typeof rl.label).toBe('string');
    // Moodle lists no placements for resource links, so none are named.
    expect(rl).not.toHaveProperty('placements');

    const dl = message(extras, 'LtiDeepLinkingRequest');
    expect(dl.target_link_uri).toBe(LAUNCH);
    expect(typeof dl.label).toBe('string');
    expect(dl['label#fr']).toEqual(expect.any(String));
    expect(dl.placements).toEqual(['ContentArea']);
  });

  it('adds no Canvas extensions', () => {
    const tc = toolConfiguration(extras);
    for (const key of Object.keys(tc)) expect(key.startsWith(CANVAS_LTI_PREFIX)).toBe(false);
    expect(tc).not.toHaveProperty('custom_parameters');
  });

  it('replaces the claims, scope and messages of the request ltijs builds, keeping the rest', () => {
    // The base object of node_modules/ltijs/dist/Provider/Services/DynamicRegistration.js.
    const base: Json = {
      application_type: 'web',
      response_types: ['id_token'],
      grant_types: ['implicit', 'client_credentials'],
      initiate_login_uri: BASE + '/lti/login',
      redirect_uris: [LAUNCH],
      client_name: 'Learner Voice',
      jwks_uri: BASE + '/lti/keys',
      token_endpoint_auth_method: 'private_key_jwt',
      scope: [AGS_LINEITEM_RO, AGS_LINEITEM, AGS_SCORE, AGS_RESULT, NRPS].join(' '),
      [TOOL_CONFIGURATION_CLAIM]: {
        domain: 'voice.example.edu',
        description: 'Reviews and co-design',
        target_link_uri: LAUNCH,
        custom_parameters: { from_options: 'kept' },
        claims: openid.claims_supported,
        messages: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }],
      },
    };
    const merged = ltijsMerge(base, extras);
    const tc = merged[TOOL_CONFIGURATION_CLAIM] as Json;
    expect(tc.claims).not.toContain('email');
    expect(tc.domain).toBe('voice.example.edu');
    expect(tc.target_link_uri).toBe(LAUNCH);
    expect(tc.custom_parameters).toEqual({ from_options: 'kept' });
    expect((tc.messages as Json[]).every((m) => m.target_link_uri === LAUNCH)).toBe(true);
    expect(merged.scope).not.toContain('lineitem.readonly');
    expect(merged.redirect_uris).toEqual([LAUNCH]);
  });
});

describe('dynamicRegistrationExtras with Canvas', () => {
  const extras = dynamicRegistrationExtras(canvasOpenidConfiguration(), BASE + '/');

  it('asks for our service scopes and no Canvas-only or openid scope', () => {
    expect((extras.scope as string).split(' ')).toEqual([AGS_LINEITEM, AGS_SCORE, AGS_RESULT, NRPS]);
  });

  it('keeps only the claims Canvas lists (it does not list iss) and never e-mail or picture', () => {
    expect(toolConfiguration(extras).claims).toEqual(['sub', 'name', 'given_name', 'family_name']);
  });

  it('sets the Canvas privacy level, tool id and variable substitutions', () => {
    const tc = toolConfiguration(extras);
    expect(tc['https://canvas.instructure.com/lti/privacy_level']).toBe('name_only');
    expect(tc['https://canvas.instructure.com/lti/tool_id']).toBe('learner-voice');
    expect(tc.custom_parameters).toEqual({
      canvas_api_domain: '$Canvas.api.domain',
      canvas_course_id: '$Canvas.course.id',
      canvas_api_base_url: '$Canvas.api.baseUrl',
    });
    for (const value of Object.values(tc.custom_parameters as Json)) expect(typeof value).toBe('string');
  });

  it('places the resource link in course navigation, in the form this Canvas advertises', () => {
    const rl = message(extras, 'LtiResourceLinkRequest');
    expect(rl.placements).toEqual(['https://canvas.instructure.com/lti/course_navigation']);
    expect(rl.target_link_uri).toBe(LAUNCH);
    expect(rl['https://canvas.instructure.com/lti/course_navigation/default_enabled']).toBe(false);
    expect(rl['https://canvas.instructure.com/lti/visibility']).toBe('members');
  });

  it('places deep linking in link selection and the editor button', () => {
    const dl = message(extras, 'LtiDeepLinkingRequest');
    expect(dl.placements).toEqual([
      'https://canvas.instructure.com/lti/link_selection',
      'https://canvas.instructure.com/lti/editor_button',
    ]);
    expect(dl.target_link_uri).toBe(LAUNCH);
    expect(dl['https://canvas.instructure.com/lti/visibility']).toBe('admins');
    // Canvas does not take localised "label#xx" keys.
    expect(Object.keys(dl).some((k) => k.startsWith('label#'))).toBe(false);
  });

  it('asks for the catalogue in global and account navigation, with panel=catalogue for those launches only', () => {
    const resourceLinks = (toolConfiguration(extras).messages as Json[]).filter((m) => m.type === 'LtiResourceLinkRequest');
    expect(resourceLinks).toHaveLength(2);
    const catalogue = resourceLinks[1];
    expect(catalogue).toEqual({
      type: 'LtiResourceLinkRequest',
      target_link_uri: LAUNCH,
      label: 'Training catalogue',
      custom_parameters: { panel: 'catalogue' },
      placements: ['https://canvas.instructure.com/lti/global_navigation', 'https://canvas.instructure.com/lti/account_navigation'],
    });
    expect(resourceLinks[0]).not.toHaveProperty('custom_parameters');
    expect(toolConfiguration(extras).custom_parameters).not.toHaveProperty('panel');
  });

  it('leaves the catalogue message out when this Canvas lists neither navigation placement', () => {
    const openid = canvasOpenidConfiguration();
    const platform = openid[PLATFORM_CONFIGURATION_CLAIM] as Json;
    platform.messages_supported = [
      { type: 'LtiResourceLinkRequest', placements: [CANVAS_LTI_PREFIX + 'course_navigation'] },
      { type: 'LtiDeepLinkingRequest', placements: [CANVAS_LTI_PREFIX + 'link_selection'] },
    ];
    const messages = toolConfiguration(dynamicRegistrationExtras(openid, BASE)).messages as Json[];
    expect(messages.filter((m) => m.type === 'LtiResourceLinkRequest')).toHaveLength(1);
  });

  it('uses bare placement names when Canvas advertises them that way', () => {
    const bare = dynamicRegistrationExtras(canvasOpenidConfiguration('bare'), BASE);
    expect(message(bare, 'LtiResourceLinkRequest').placements).toEqual(['course_navigation']);
    expect(message(bare, 'LtiDeepLinkingRequest').placements).toEqual(['link_selection', 'editor_button']);
    const catalogue = (toolConfiguration(bare).messages as Json[]).find((m) => m.label === 'Training catalogue');
    expect(catalogue?.placements).toEqual(['global_navigation', 'account_navigation']);
  });

  it('uses the documented bare names when Canvas lists no placements', () => {
    const none = dynamicRegistrationExtras(canvasOpenidConfiguration('none'), BASE);
    expect(message(none, 'LtiResourceLinkRequest').placements).toEqual(['course_navigation']);
    expect(message(none, 'LtiDeepLinkingRequest').placements).toEqual(['link_selection', 'editor_button']);
  });

  it('recognises Canvas by product_family_code whatever its case', () => {
    const openid = canvasOpenidConfiguration();
    (openid[PLATFORM_CONFIGURATION_CLAIM] as Json).product_family_code = 'Canvas';
    const tc = toolConfiguration(dynamicRegistrationExtras(openid, BASE));
    expect(tc['https://canvas.instructure.com/lti/privacy_level']).toBe('name_only');
  });
});

describe('dynamicRegistrationExtras with a sparse platform', () => {
  it('falls back to everything we want when the platform lists no claims, scopes or placements', () => {
    const extras = dynamicRegistrationExtras({ issuer: 'https://lms.example.org' }, BASE);
    expect((extras.scope as string).split(' ')).toEqual([AGS_LINEITEM, AGS_SCORE, AGS_RESULT, NRPS]);
    expect(toolConfiguration(extras).claims).toEqual(['sub', 'iss', 'name', 'given_name', 'family_name']);
    expect(message(extras, 'LtiDeepLinkingRequest')).not.toHaveProperty('placements');
    expect(message(extras, 'LtiResourceLinkRequest')).not.toHaveProperty('placements');
  });

  it('drops scopes the platform does not support', () => {
    const extras = dynamicRegistrationExtras({ scopes_supported: [NRPS, 'openid'] }, BASE);
    expect(extras.scope).toBe(NRPS);
  });

  it('names both IMS deep-linking placements when the platform lists both', () => {
    const extras = dynamicRegistrationExtras(
      {
        [PLATFORM_CONFIGURATION_CLAIM]: {
          product_family_code: 'desire2learn',
          messages_supported: [{ type: 'LtiDeepLinkingRequest', placements: ['RichTextEditor', 'ContentArea', 'Other'] }],
        },
      },
      BASE,
    );
    expect(message(extras, 'LtiDeepLinkingRequest').placements).toEqual(['ContentArea', 'RichTextEditor']);
  });

  it('ignores malformed platform configuration values', () => {
    const extras = dynamicRegistrationExtras(
      { claims_supported: 'name', scopes_supported: null, [PLATFORM_CONFIGURATION_CLAIM]: { messages_supported: [null, 3, { type: 7 }] } },
      BASE,
    );
    expect(toolConfiguration(extras).claims).toEqual(['sub', 'iss', 'name', 'given_name', 'family_name']);
  });
});

describe('registrationDeploymentId', () => {
  it('reads the deployment id Moodle 5.1 returns in the tool-configuration claim', () => {
    const capture = moodleFixture('dynamic-registration.json');
    expect(registrationDeploymentId(capture.registration_response as Json)).toBe('2');
  });

  it('reads the top-level deployment_id newer Canvas returns', () => {
    const response: Json = {
      client_id: '10000000000001',
      scope: `${NRPS} openid`,
      [TOOL_CONFIGURATION_CLAIM]: {
        domain: 'voice.example.edu',
        'https://canvas.instructure.com/lti/registration_config_url': 'https://school.instructure.com/api/lti/registrations/1/view',
      },
      registration_client_uri: 'https://school.instructure.com/api/lti/registrations/1',
      deployment_id: '1:8865aa05b4b79b64a91a86042e43af5ea8ae79eb',
    };
    expect(registrationDeploymentId(response)).toBe('1:8865aa05b4b79b64a91a86042e43af5ea8ae79eb');
  });

  it('returns undefined when the platform creates no deployment (older Canvas)', () => {
    expect(registrationDeploymentId({ client_id: '10000000000001', [TOOL_CONFIGURATION_CLAIM]: { domain: 'x' } })).toBeUndefined();
    expect(registrationDeploymentId({})).toBeUndefined();
  });

  it('prefers the claim, ignores blanks and accepts numbers', () => {
    expect(registrationDeploymentId({ [TOOL_CONFIGURATION_CLAIM]: { deployment_id: ' 7 ' }, deployment_id: '8' })).toBe('7');
    expect(registrationDeploymentId({ [TOOL_CONFIGURATION_CLAIM]: { deployment_id: '' }, deployment_id: '8' })).toBe('8');
    expect(registrationDeploymentId({ [TOOL_CONFIGURATION_CLAIM]: { deployment_id: 12 } })).toBe('12');
    expect(registrationDeploymentId({ deployment_id: null })).toBeUndefined();
  });
});
