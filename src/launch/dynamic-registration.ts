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
import { allowFramingOfThisResponse, type FrameAncestors } from '../http/frame-ancestors';
import type { Logger } from '../http/logger';
import { readPlatformConfiguration, type PlatformConfiguration } from './platform-configuration';
import { PlatformRegistry, RegistryError, type PlatformChange, type PlatformView } from './platform-registry';
import { approvalCommand, presentRegistrationDone } from './registration-page';
import { fetchJsonObject, PlatformFetchError, type FetchLimits } from './registration-fetch';
import { loggableUrl, readRegistrationRequest } from './registration-input';
import { dynamicRegistrationExtras, registrationDeploymentId, TOOL_CONFIGURATION_CLAIM } from './registration-request';

const LIMITS: FetchLimits = { timeoutMs: 10_000, maxBytes: 256 * 1024 };
/**
 * Ids the platform hands back go to ltijs, our store, logs and a shell command shown to the admin:
 * no control, format (U+202E reorders what the admin reads), surrogate, private-use, unassigned or
 * line/paragraph separator characters.
 */
const PRINTABLE_ID = /^[^\p{C}\p{Zl}\p{Zp}]{1,255}$/u;

export interface RegistrationDeps {
  readonly config: Config;
  readonly registry: PlatformRegistry;
  readonly frames: FrameAncestors;
  readonly logger: Logger;
}

export function dynamicRegistrationHandler(deps: RegistrationDeps): RequestHandler {
  return asyncHandler(async (req, res) => {
    const { config } = deps;
    const httpAllowed = config.env !== 'production';
    res.locals.locale = localeFromAcceptLanguage(req.headers['accept-language']);
    if (!config.dynamicRegistration.enabled) throw new AppError('REGISTRATION_DISABLED');
    const { configurationUrl, registrationToken } = readRegistrationRequest(req.query, { httpAllowed });
    // The LMS shows this page in its own dialog before it is registered: let it (and only this response) frame it.
    allowFramingOfThisResponse(res, [configurationUrl.origin]);

    const bearer: Record<string, string> = registrationToken ? { Authorization: `Bearer ${registrationToken}` } : {};
    const openidConfiguration = await fetchConfiguration(configurationUrl, bearer);
    const platform = readPlatformConfiguration(openidConfiguration, configurationUrl, { httpAllowed });
    allowFramingOfThisResponse(res, [new URL(platform.issuer).origin]);

    const answer = await postRegistration(platform, bearer, buildRegistration(config, openidConfiguration));
    const { clientId, deploymentId } = idsFrom(answer, platform);

    await refuseForeignUpdate(deps.registry, platform, clientId, configurationUrl);
    const outcome = await registerLocally(deps, platform, clientId, deploymentId, configurationUrl);
    deps.frames.invalidate();
    const changes = outcome.kind === 'updated' ? outcome.changes : [];
    logRegistration(deps.logger, outcome.platform, outcome.kind, changes);
    presentRegistrationDone(res, outcome.platform, outcome.kind, changes, platform);
  });
}

/** §3.4. A configuration URL that does not answer with one is the caller's problem: 4xx, not 502. */
async function fetchConfiguration(configurationUrl: URL, bearer: Record<string, string>): Promise<Record<string, unknown>> {
  try {
    return await fetchJsonObject(configurationUrl.href, { headers: { Accept: 'application/json', ...bearer } }, LIMITS);
  } catch (err) {
    if (!(err instanceof PlatformFetchError)) throw err;
    const { failure } = err;
    if (failure.kind === 'status' && (failure.status === 401 || failure.status === 403))
      throw new AppError('REGISTRATION_TOKEN_REFUSED', { step: 'openid configuration', url: loggableUrl(err.url), ...failure });
    const code = failure.kind === 'unreachable' ? 'REGISTRATION_CONFIGURATION_UNREACHABLE' : 'REGISTRATION_CONFIGURATION_UNUSABLE';
    throw new AppError(code, { step: 'openid configuration', url: loggableUrl(err.url), ...failure }, { host: configurationUrl.host });
  }
}

/** §3.5. Past a valid configuration this is a real platform: its failures are 502, its refusal of the token a 403. */
async function postRegistration(platform: PlatformConfiguration, bearer: Record<string, string>, registration: Record<string, unknown>): Promise<Record<string, unknown>> {
  try {
    return await fetchJsonObject(
      platform.registrationEndpoint,
      { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...bearer }, body: JSON.stringify(registration) },
      LIMITS,
    );
  } catch (err) {
    if (!(err instanceof PlatformFetchError)) throw err;
    const { failure } = err;
    if (failure.kind === 'status' && (failure.status === 401 || failure.status === 403))
      throw new AppError('REGISTRATION_TOKEN_REFUSED', { step: 'registration', url: loggableUrl(err.url), ...failure });
    throw new AppError('REGISTRATION_PLATFORM_ERROR', { step: 'registration', url: loggableUrl(err.url), ...failure });
  }
}

/** The client id and deployment id of the platform's answer (§3.6.2), refused when unusable: its failure. */
function idsFrom(answer: Record<string, unknown>, platform: PlatformConfiguration): { clientId: string; deploymentId?: string } {
  const clientId = typeof answer.client_id === 'string' ? answer.client_id : typeof answer.client_id === 'number' ? String(answer.client_id) : '';
  if (!PRINTABLE_ID.test(clientId)) throw new AppError('REGISTRATION_PLATFORM_ERROR', { reason: 'no usable client_id in registration response', registrationEndpoint: loggableUrl(platform.registrationEndpoint) });
  const deploymentId = registrationDeploymentId(answer);
  if (deploymentId !== undefined && !PRINTABLE_ID.test(deploymentId)) throw new AppError('REGISTRATION_PLATFORM_ERROR', { reason: 'unusable deployment_id in registration response' });
  return { clientId, deploymentId };
}

/** The tool admin's record of each registration: what changed, and the command that approves a pending one. */
function logRegistration(logger: Logger, platform: PlatformView, outcome: 'created' | 'updated', changes: readonly PlatformChange[]): void {
  logger.info(
    { issuer: platform.issuer, clientId: platform.clientId, deploymentIds: platform.deploymentIds, outcome, changes, active: platform.active, approve: platform.active ? undefined : approvalCommand(platform) },
    outcome === 'created' ? 'platform registered dynamically' : 'platform re-registered dynamically (updated in place)',
  );
}

/**
 * Anyone can call /lti/register with a configuration of their own naming a known issuer and client
 * id; updating in place would then hand them that platform's keyset URL. An update is accepted only
 * from an origin the platform already uses (its issuer, endpoints or frame origins).
 */
async function refuseForeignUpdate(registry: PlatformRegistry, platform: PlatformConfiguration, clientId: string, configurationUrl: URL): Promise<void> {
  let known: PlatformView;
  try {
    known = await registry.show({ issuer: platform.issuer, clientId });
  } catch (err) {
    if (err instanceof RegistryError && err.kind === 'missing') return;
    throw err;
  }
  const origins = new Set([platform.issuer, known.authEndpoint, known.tokenEndpoint, known.keysetUrl, ...known.frameOrigins].flatMap(originOf));
  if (!origins.has(configurationUrl.origin))
    throw new AppError('REGISTRATION_FOREIGN_UPDATE', { issuer: platform.issuer, clientId, configurationUrl: loggableUrl(configurationUrl), knownOrigins: [...origins] }, { issuer: platform.issuer, clientId });
}

async function registerLocally(deps: RegistrationDeps, platform: PlatformConfiguration, clientId: string, deploymentId: string | undefined, configurationUrl: URL) {
  try {
    return await deps.registry.register({
      issuer: platform.issuer,
      clientId,
      name: platform.productFamily ? `${platform.productFamily} ${new URL(platform.issuer).host}` : undefined,
      authEndpoint: platform.authorizationEndpoint,
      tokenEndpoint: platform.tokenEndpoint,
      keysetUrl: platform.jwksUri,
      authorizationServer: platform.authorizationServer,
      deploymentIds: deploymentId ? [deploymentId] : [],
      frameOrigins: [configurationUrl.origin],
      source: 'dynamic',
      productFamily: platform.productFamily,
      active: deps.config.dynamicRegistration.autoActivate,
    });
  } catch (err) {
    // The platform accepted us but sent ids we cannot keep (empty, too long): its failure.
    if (err instanceof RegistryError) throw new AppError('REGISTRATION_PLATFORM_ERROR', { step: 'local registration', reason: err.message });
    throw err;
  }
}

function originOf(url: string): string[] {
  try {
    return [new URL(url).origin];
  } catch {
    return [];
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

