import { canvasJsonConfiguration, TOOL_SERVICE_SCOPES } from '../../src/launch/canvas-config';

type Json = Record<string, unknown>;

const BASE = 'https://voice.example.edu';

function canvasExtension(config: Json): Json {
  const extensions = config.extensions as Json[];
  expect(Array.isArray(extensions)).toBe(true);
  const canvas = extensions.filter((e) => e.platform === 'canvas.instructure.com');
  expect(canvas).toHaveLength(1);
  return canvas[0];
}

function placements(config: Json): Json[] {
  return (canvasExtension(config).settings as Json).placements as Json[];
}

function placement(config: Json, name: string): Json {
  const found = placements(config).find((p) => p.placement === name);
  if (!found) throw new Error(`no ${name} placement`);
  return found;
}

describe('canvasJsonConfiguration', () => {
  const config = canvasJsonConfiguration(BASE);

  it('has the top-level keys Canvas requires, pointing at the tool routes', () => {
    // Required by canvas-lms lib/schemas/lti_configuration.rb.
    expect(config.title).toBe('Learner Voice');
    expect(typeof config.description).toBe('string');
    expect((config.description as string).length).toBeGreaterThan(0);
    expect(config.oidc_initiation_url).toBe(BASE + '/lti/login');
    expect(config.target_link_uri).toBe(BASE + '/lti/launch');
    expect(config.public_jwk_url).toBe(BASE + '/lti/keys');
    // Only one of public_jwk / public_jwk_url: the keyset URL lets keys rotate without editing the key.
    expect(config).not.toHaveProperty('public_jwk');
    // Redirect URIs live on the developer key, not in the JSON (the guide tells the admin to type them).
    expect(config).not.toHaveProperty('redirect_uris');
  });

  it('asks for exactly the AGS and NRPS scopes the tool uses', () => {
    expect(config.scopes).toEqual([
      'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
      'https://purl.imsglobal.org/spec/lti-ags/scope/score',
      'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
      'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
    ]);
    expect(config.scopes).toEqual([...TOOL_SERVICE_SCOPES]);
  });

  it('shares names but not e-mail addresses (privacy_level name_only)', () => {
    const ext = canvasExtension(config);
    expect(ext.privacy_level).toBe('name_only');
    expect(ext.domain).toBe('voice.example.edu');
    expect(ext.tool_id).toBe('learner-voice');
  });

  it('offers the course panel in course navigation as a resource-link launch', () => {
    const nav = placement(config, 'course_navigation');
    expect(nav).toMatchObject({
      message_type: 'LtiResourceLinkRequest',
      target_link_uri: BASE + '/lti/launch',
      enabled: true,
      default: 'disabled',
      visibility: 'members',
    });
  });

  it.each(['link_selection', 'editor_button'])('offers %s as a deep-linking request to the launch URL', (name) => {
    const p = placement(config, name);
    expect(p.message_type).toBe('LtiDeepLinkingRequest');
    expect(p.target_link_uri).toBe(BASE + '/lti/launch');
    expect(p.enabled).toBe(true);
    expect(p.labels).toEqual(expect.objectContaining({ en: expect.any(String), fr: expect.any(String) }));
  });

  it.each(['global_navigation', 'account_navigation'])('offers the catalogue in %s, outside any course, with the custom field panel=catalogue', (name) => {
    const p = placement(config, name);
    expect(p).toMatchObject({
      message_type: 'LtiResourceLinkRequest',
      target_link_uri: BASE + '/lti/launch',
      enabled: true,
      custom_fields: { panel: 'catalogue' },
    });
    expect(p.labels).toEqual({ en: 'Training catalogue', fr: 'Catalogue des formations' });
    // Every user of the account sees the global navigation link: no visibility restriction.
    expect(p).not.toHaveProperty('visibility');
  });

  it('has only the five placements, each named once', () => {
    expect(placements(config).map((p) => p.placement).sort()).toEqual([
      'account_navigation', 'course_navigation', 'editor_button', 'global_navigation', 'link_selection',
    ]);
  });

  it('gives the catalogue custom field to the catalogue placements only', () => {
    for (const p of placements(config)) {
      const catalogue = p.placement === 'global_navigation' || p.placement === 'account_navigation';
      expect(p.custom_fields !== undefined).toBe(catalogue);
    }
    expect(config.custom_fields).not.toHaveProperty('panel');
  });

  it('uses only placement settings Canvas documents', () => {
    const allowed = new Set([
      'placement', 'message_type', 'target_link_uri', 'text', 'labels', 'enabled', 'default', 'visibility',
      'selection_width', 'selection_height', 'icon_url', 'custom_fields',
    ]);
    for (const p of placements(config)) for (const key of Object.keys(p)) expect(allowed.has(key)).toBe(true);
  });

  it('requests Canvas variable substitutions as string custom fields, enough to build a course URL', () => {
    expect(config.custom_fields).toEqual({
      canvas_api_domain: '$Canvas.api.domain',
      canvas_course_id: '$Canvas.course.id',
      canvas_api_base_url: '$Canvas.api.baseUrl',
    });
  });

  it('takes a title and description from the options', () => {
    const custom = canvasJsonConfiguration(BASE + '/', { title: 'Voix', description: 'Avis et ateliers' });
    expect(custom.title).toBe('Voix');
    expect(custom.description).toBe('Avis et ateliers');
    expect((canvasExtension(custom).settings as Json).text).toBe('Voix');
    expect(custom.oidc_initiation_url).toBe(BASE + '/lti/login');
  });

  it('is plain JSON (survives a round trip unchanged)', () => {
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
  });

  it('rejects a BASE_URL that is not a URL', () => {
    expect(() => canvasJsonConfiguration('voice.example.edu')).toThrow();
  });
});
