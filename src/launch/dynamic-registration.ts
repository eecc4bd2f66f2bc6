/**
 * LTI Dynamic Registration 1.0: the LMS admin pastes BASE_URL/lti/register into the LMS, which opens
 * it with ?openid_configuration=…&registration_token=…. We read the platform's configuration (§3.4),
 * post our registration (§3.5) and register the platform locally.
 *
 * Written here rather than with ltijs's DynamicRegistration service because ltijs drops the
 * registration response, and with it the deployment id Moodle returns, and sends no Canvas extras.
 */
import type { RequestHandler } from 'express';
import type { Config } from '../config';
import { toolUrls } from '../config';
import { localeFromAcceptLanguage } from '../context/locale';
import { asyncHandler } from '../http/async-handler';
import { AppError } from '../http/errors';
import type { FrameAncestors } from '../http/frame-ancestors';
import type { Logger } from '../http/logger';
import { renderPage } from '../http/render';
import { PlatformRegistry, RegistryError } from './platform-registry';
import { dynamicRegistrationExtras, PLATFORM_CONFIGURATION_CLAIM, registrationDeploymentId, TOOL_CONFIGURATION_CLAIM } from './registration-request';

const FETCH_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 256 * 1024;

export interface RegistrationDeps {
  readonly config: Config;
  readonly registry: PlatformRegistry;
  readonly frames: FrameAncestors;
  readonly logger: Logger;
}

export function dynamicRegistrationHandler(deps: RegistrationDeps): RequestHandler {
  return asyncHandler(async (req, res) => {
    const { config } = deps;
    res.locals.locale = localeFromAcceptLanguage(req.headers['accept-language']);
    if (!config.dynamicRegistration.enabled) throw new AppError('REGISTRATION_DISABLED');
    const configurationUrl = typeof req.query.openid_configuration === 'string' ? req.query.openid_configuration : '';
    const registrationToken = typeof req.query.registration_token === 'string' ? req.query.registration_token : undefined;
    if (!configurationUrl) throw new AppError('REGISTRATION_BAD_REQUEST', {}, { missing: 'openid_configuration' });
    const configUrl = checkedUrl(configurationUrl, config);

    const platformConfig = await fetchJson(configUrl.href, { headers: registrationToken ? { Authorization: `Bearer ${registrationToken}` } : {} });
    const platform = readPlatformConfiguration(platformConfig, configUrl);
    const registration = buildRegistration(config, platformConfig);
    const response = await fetchJson(platform.registrationEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(registrationToken ? { Authorization: `Bearer ${registrationToken}` } : {}) },
      body: JSON.stringify(registration),
    });
    const clientId = typeof response.client_id === 'string' ? response.client_id : '';
    if (!clientId) throw new AppError('REGISTRATION_PLATFORM_ERROR', { reason: 'no client_id in registration response', response });
    const deploymentId = registrationDeploymentId(response);

    try {
      await deps.registry.add({
        issuer: platform.issuer,
        clientId,
        name: platform.productFamily ? `${platform.productFamily} ${new URL(platform.issuer).host}` : undefined,
        authEndpoint: platform.authorizationEndpoint,
        tokenEndpoint: platform.tokenEndpoint,
        keysetUrl: platform.jwksUri,
        authorizationServer: platform.authorizationServer,
        deploymentIds: deploymentId ? [deploymentId] : [],
        frameOrigins: [configUrl.origin],
        source: 'dynamic',
        productFamily: platform.productFamily,
        active: config.dynamicRegistration.autoActivate,
      });
    } catch (err) {
      if (err instanceof RegistryError && err.kind === 'exists') throw new AppError('REGISTRATION_ALREADY_DONE', { issuer: platform.issuer, clientId });
      if (err instanceof RegistryError) throw new AppError('REGISTRATION_PLATFORM_ERROR', { reason: err.message });
      throw err;
    }
    deps.frames.invalidate();
    deps.logger.info({ issuer: platform.issuer, clientId, deploymentId, active: config.dynamicRegistration.autoActivate }, 'platform registered dynamically');
    renderPage(res, 'register/done', res.locals.locale, {
      platformName: platform.productFamily ? `${platform.productFamily} (${platform.issuer})` : platform.issuer,
      deploymentId,
      isMoodle: platform.productFamily === 'moodle',
      active: config.dynamicRegistration.autoActivate,
    });
  });
}

function checkedUrl(raw: string, config: Config): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('REGISTRATION_BAD_REQUEST', { raw }, { missing: 'openid_configuration (valid URL)' });
  }
  const httpAllowed = config.env !== 'production';
  if (url.protocol !== 'https:' && !(httpAllowed && url.protocol === 'http:'))
    throw new AppError('REGISTRATION_BAD_REQUEST', { raw }, { missing: 'openid_configuration (https URL)' });
  return url;
}

interface PlatformConfiguration {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
  registrationEndpoint: string;
  authorizationServer?: string;
  productFamily?: string;
}

function readPlatformConfiguration(json: Record<string, unknown>, configUrl: URL): PlatformConfiguration {
  const field = (name: string) => (typeof json[name] === 'string' && json[name] !== '' ? (json[name] as string) : undefined);
  const required = ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri', 'registration_endpoint'];
  const missing = required.filter((name) => !field(name));
  if (missing.length) throw new AppError('REGISTRATION_PLATFORM_ERROR', { reason: 'openid configuration lacks fields', missing });
  const registrationEndpoint = field('registration_endpoint')!;
  // We post the registration token only to the host that gave us the configuration (§3.5.1 note on trust).
  if (new URL(registrationEndpoint).origin !== configUrl.origin)
    throw new AppError('REGISTRATION_PLATFORM_ERROR', { reason: 'registration endpoint on another origin', registrationEndpoint, configUrl: configUrl.href });
  const platformConfig = json[PLATFORM_CONFIGURATION_CLAIM] as Record<string, unknown> | undefined;
  return {
    issuer: field('issuer')!,
    authorizationEndpoint: field('authorization_endpoint')!,
    tokenEndpoint: field('token_endpoint')!,
    jwksUri: field('jwks_uri')!,
    registrationEndpoint,
    authorizationServer: absoluteUrlOrUndefined(field('authorization_server')),
    productFamily: typeof platformConfig?.product_family_code === 'string' ? platformConfig.product_family_code : undefined,
  };
}

/**
 * The audience of our client assertions. Canvas advertises a bare host ("sso.canvaslms.com") here
 * but checks assertions against its token URL, so a value that is not a URL is dropped and ltijs
 * falls back to the token endpoint (Security Framework §4.1.1 allows either).
 */
function absoluteUrlOrUndefined(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return /^https?:$/.test(new URL(value).protocol) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Our registration request (§3.5.2), with per-platform messages, claims, scopes and Canvas extras merged in. */
function buildRegistration(config: Config, platformConfig: Record<string, unknown>): Record<string, unknown> {
  const urls = toolUrls(config.baseUrl);
  const extras = dynamicRegistrationExtras(platformConfig, config.baseUrl);
  const extraToolConfig = (extras[TOOL_CONFIGURATION_CLAIM] ?? {}) as Record<string, unknown>;
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: urls.login,
    redirect_uris: [urls.launch],
    client_name: 'Learner Voice',
    'client_name#fr': 'Learner Voice',
    jwks_uri: urls.keyset,
    token_endpoint_auth_method: 'private_key_jwt',
    ...extras,
    [TOOL_CONFIGURATION_CLAIM]: {
      domain: new URL(config.baseUrl).host,
      target_link_uri: urls.launch,
      description: 'Reviews, ratings and co-design panels: learners say what they think of a training, instructors answer.',
      ...extraToolConfig,
    },
  };
}

async function fetchJson(url: string, init: RequestInit): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch (err) {
    throw new AppError('REGISTRATION_PLATFORM_ERROR', { url, reason: (err as Error).message });
  }
  const text = await response.text();
  if (text.length > MAX_RESPONSE_BYTES) throw new AppError('REGISTRATION_PLATFORM_ERROR', { url, reason: 'response too large' });
  if (!response.ok) throw new AppError('REGISTRATION_PLATFORM_ERROR', { url, status: response.status, body: text.slice(0, 500) });
  try {
    const json: unknown = JSON.parse(text);
    if (json && typeof json === 'object' && !Array.isArray(json)) return json as Record<string, unknown>;
  } catch {
    /* fall through */
  }
  throw new AppError('REGISTRATION_PLATFORM_ERROR', { url, reason: 'response is not a JSON object' });
}
