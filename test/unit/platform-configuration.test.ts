/**
 * Reading a platform's OpenID configuration (DR 1.0 §3.4): what makes one unusable, and the https
 * rule of production for every URL in it, not only the configuration URL.
 */
import { readPlatformConfiguration } from '../../src/launch/platform-configuration';
import { loggableUrl, readRegistrationRequest } from '../../src/launch/registration-input';
import { AppError } from '../../src/http/errors';
import { approvalCommand } from '../../src/launch/registration-page';

const configurationUrl = new URL('https://moodle.example.edu/mod/lti/openid-configuration.php');
function moodleConfiguration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    issuer: 'https://moodle.example.edu',
    authorization_endpoint: 'https://moodle.example.edu/mod/lti/auth.php',
    token_endpoint: 'https://moodle.example.edu/mod/lti/token.php',
    jwks_uri: 'https://moodle.example.edu/mod/lti/certs.php',
    registration_endpoint: 'https://moodle.example.edu/mod/lti/openid-registration.php',
    'https://purl.imsglobal.org/spec/lti-platform-configuration': { product_family_code: 'moodle' },
    ...overrides,
  };
}

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('readPlatformConfiguration', () => {
  it('when every URL is https, then the platform is read as it wrote its issuer', () => {
    expect(readPlatformConfiguration(moodleConfiguration(), configurationUrl, { httpAllowed: false })).toMatchObject({
      issuer: 'https://moodle.example.edu',
      registrationEndpoint: 'https://moodle.example.edu/mod/lti/openid-registration.php',
      productFamily: 'moodle',
    });
  });

  it.each(['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri'])('when %s is http in production, then the configuration is unusable (422)', (field) => {
    const config = moodleConfiguration({ [field]: 'http://moodle.example.edu/x' });
    const error = refusal(() => readPlatformConfiguration(config, configurationUrl, { httpAllowed: false }));
    expect(error).toMatchObject({ code: 'REGISTRATION_CONFIGURATION_UNUSABLE', status: 422 });
    expect(() => readPlatformConfiguration(config, configurationUrl, { httpAllowed: true })).not.toThrow();
  });

  it('when an http authorization server is advertised in production, then it is dropped (the token endpoint is the audience)', () => {
    const read = readPlatformConfiguration(moodleConfiguration({ authorization_server: 'http://moodle.example.edu/token' }), configurationUrl, { httpAllowed: false });
    expect(read.authorizationServer).toBeUndefined();
  });

  it.each([
    ['a field missing', { jwks_uri: undefined }],
    ['a number for a URL', { token_endpoint: 42 }],
    ['a registration endpoint on another host', { registration_endpoint: 'https://elsewhere.example/register' }],
    ['an issuer with a query string', { issuer: 'https://moodle.example.edu/?x=1' }],
    ['a javascript: URL', { authorization_endpoint: 'javascript:alert(1)' }],
  ])('when the configuration has %s, then it is unusable', (_label, overrides) => {
    expect(refusal(() => readPlatformConfiguration(moodleConfiguration(overrides), configurationUrl, { httpAllowed: true })).code).toBe('REGISTRATION_CONFIGURATION_UNUSABLE');
  });
});

describe('readRegistrationRequest', () => {
  it('when Moodle opens the page as in the 5.1 capture, then both parameters are accepted', () => {
    const token = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiI1WWtZQVd0Y0ZBVllkc0IiLCJzY29wZSI6InJlZyJ9.VGbol8_VVHv6VtCnyy-GfG95iD8XLF8p';
    const read = readRegistrationRequest({ openid_configuration: 'http://127.0.0.1:8081/mod/lti/openid-configuration.php', registration_token: token }, { httpAllowed: true });
    expect(read.configurationUrl.href).toBe('http://127.0.0.1:8081/mod/lti/openid-configuration.php');
    expect(read.registrationToken).toBe(token);
  });

  it('when the tool runs in production, then an http configuration URL is refused before anything is fetched', () => {
    const error = refusal(() => readRegistrationRequest({ openid_configuration: 'http://127.0.0.1:8081/x' }, { httpAllowed: false }));
    expect(error).toMatchObject({ code: 'REGISTRATION_BAD_REQUEST', status: 400, params: { parameter: 'openid_configuration' } });
  });

  it.each([
    ['an array', { openid_configuration: ['https://a.example', 'https://b.example'] }, 'openid_configuration'],
    ['an object', { openid_configuration: { a: '1' } }, 'openid_configuration'],
    ['a NUL', { openid_configuration: 'https://a.example/\u0000' }, 'openid_configuration'],
    ['a non-ASCII letter', { openid_configuration: 'https://é.example/' }, 'openid_configuration'],
    ['a token with a space', { openid_configuration: 'https://a.example/', registration_token: 'a b' }, 'registration_token'],
    ['a token with a quote', { openid_configuration: 'https://a.example/', registration_token: 'abc"' }, 'registration_token'],
  ])('when a parameter holds %s, then 400 naming it', (_label, query, parameter) => {
    expect(refusal(() => readRegistrationRequest(query, { httpAllowed: true })).params).toEqual({ parameter });
  });
});

describe('loggableUrl', () => {
  it('when Canvas carries the registration token in the configuration URL, then the logged URL does not', () => {
    const url = 'https://school.instructure.com/api/lti/security/openid-configuration?registration_token=eyJhbGciOiJIUzI1NiJ9.e30.sig';
    expect(loggableUrl(url)).toBe('https://school.instructure.com/api/lti/security/openid-configuration?…');
    expect(loggableUrl('not a url?registration_token=secret')).toBe('not a url?…');
  });
});

describe('approvalCommand', () => {
  it('prints Moodle and Canvas ids as they are, and quotes anything a shell would split or expand', () => {
    expect(approvalCommand({ issuer: 'https://moodle.example.edu', clientId: '5YkYAWtcFAVYdsB' })).toBe('learner-voice platform activate https://moodle.example.edu 5YkYAWtcFAVYdsB');
    expect(approvalCommand({ issuer: 'https://lms.example', clientId: "it's $HOME" })).toBe(`learner-voice platform activate https://lms.example 'it'\\''s $HOME'`);
  });
});
