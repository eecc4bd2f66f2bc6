/**
 * LTI Dynamic Registration 1.0. The platform opens the tool's registration URL with
 * `openid_configuration` and a `registration_token` (§3.3), serves its OpenID configuration (§3.4)
 * and accepts the tool's client registration at the registration endpoint with that token as a
 * bearer (§3.5, §3.6).
 *
 * Moodle (fixtures/moodle-5.1/dynamic-registration.json): the token is an RS256 JWT
 * {sub: <client id to assign>, scope: 'reg'} valid one hour. The "Update" of a dynamically registered
 * tool sends {sub: <tool type id>, scope: 'reg-update'} instead, and Moodle updates that tool in place:
 * same client id, same type id, hence the same deployment id (mod/lti startltiadvregistration.php
 * and registration_helper::validate_registration_token). The answer echoes the registration with
 * the new client_id, deployment_id and version in the tool-configuration claim, and Moodle grants
 * lineitem.readonly whenever AGS scopes are requested. Moodle leaves the tool "pending" until an admin
 * activates it; this platform activates it at once and, unless launchesFollowNewRegistrations is
 * false (the demo), makes it the tool launches go to.
 *
 * Canvas (Canvas registration guide and its DynamicRegistrationController): the token is an HS256
 * JWT {uuid, initiated_at, user_id, root_account_global_id, …} also carried in the
 * openid_configuration URL; invalid requests get 422 {errors: [{field, message}]}; the answer echoes
 * the registration with client_id (a developer key id), registration_config_url in the
 * tool-configuration claim and deployment_id at the top level.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { JWTPayload } from 'jose';
import { AGS_SCOPES, LTI_VERSION, SCOPE, TOOL_CONFIGURATION } from './constants';
import type { PlatformCore } from './core';
import { CANVAS_SCOPES, MOODLE_SCOPES, openidConfiguration } from './openid-config';
import type { MessageType, RegistrationRecord, ToolRegistration } from './types';

const REGISTRATION_TOKEN_LIFETIME_S = 3600;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Moodle's client ids are 15 random letters and digits. */
function moodleClientId(): string {
  return [...randomBytes(15)].map((b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
}

/** `update`: the client id of a tool this platform registered, to start Moodle's "Update" of it. */
export function registrationStartUrl(core: PlatformCore, toolRegisterUrl: string, options: { update?: string } = {}): string {
  const now = Math.floor(Date.now() / 1000);
  let token: string;
  let configurationUrl = core.urls.openidConfiguration;
  if (core.flavour === 'moodle') {
    const updated = options.update === undefined ? undefined : core.registrations.get(options.update);
    if (options.update !== undefined && !updated) throw new Error(`No tool registered with client id ${options.update}`);
    const claims = updated ? { sub: updated.deploymentId, scope: 'reg-update' } : { sub: moodleClientId(), scope: 'reg' };
    token = core.keys.sign({ ...claims, iat: now, exp: now + REGISTRATION_TOKEN_LIFETIME_S });
  } else {
    // Canvas has no update through this flow: every run creates a new developer key (a new client id).
    if (options.update !== undefined) throw new Error('The Canvas flavour registers anew each time; it has no update');
    token = core.keys.signSecret(
      {
        uuid: randomUUID(),
        initiated_at: new Date().toISOString(),
        user_id: Number(core.config.users.admin.platformUserId),
        root_account_global_id: 10000000000001,
        root_account_domain: new URL(core.urls.base).host,
        registration_url: toolRegisterUrl,
      },
      REGISTRATION_TOKEN_LIFETIME_S,
    );
    const url = new URL(configurationUrl);
    url.searchParams.set('registration_token', token);
    configurationUrl = url.toString();
  }
  const start = new URL(toolRegisterUrl);
  start.searchParams.set('openid_configuration', configurationUrl);
  start.searchParams.set('registration_token', token);
  return start.toString();
}

function bearer(req: Request): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
}

/** Checks a registration token; returns its claims, or why it is refused. */
async function checkToken(core: PlatformCore, token: string | undefined): Promise<JWTPayload | string> {
  if (!token) return 'a registration token is required (Authorization: Bearer <registration_token>)';
  let claims: JWTPayload;
  try {
    claims = core.flavour === 'moodle' ? await core.keys.verifyOwn(token) : await core.keys.verifySecret(token);
  } catch (err) {
    return `the registration token is not valid: ${(err as Error).message}`;
  }
  if (core.flavour === 'moodle' && ((claims.scope !== 'reg' && claims.scope !== 'reg-update') || typeof claims.sub !== 'string')) {
    return 'the registration token is not a registration token';
  }
  if (core.usedRegistrationTokens.has(token)) return 'the registration token was already used';
  return claims;
}

/** The Canvas OpenID configuration needs the registration token (in the URL or as a bearer). */
export async function handleOpenidConfiguration(core: PlatformCore, req: Request, res: Response): Promise<void> {
  if (core.flavour === 'canvas') {
    const token = typeof req.query.registration_token === 'string' ? req.query.registration_token : bearer(req);
    try {
      if (!token) throw new Error('registration_token is missing');
      await core.keys.verifySecret(token);
    } catch (err) {
      res.status(401).json({ errorMessage: `Unauthorized: ${(err as Error).message}` });
      return;
    }
  }
  res.status(200).json(openidConfiguration(core));
}

interface FieldError {
  field: string;
  message: string;
}

function isUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function hostname(domainOrHost: string): string {
  return domainOrHost.replace(/:\d+$/, '').toLowerCase();
}

/** Dynamic Registration §3.5.1 (client metadata) and §3.5.2 (LTI tool configuration). */
function validate(body: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  if (body.application_type !== 'web') errors.push({ field: 'application_type', message: "Must be 'web'" });
  if (!list(body.response_types).includes('id_token')) errors.push({ field: 'response_types', message: 'Must include id_token' });
  const grants = list(body.grant_types);
  if (!grants.includes('implicit') || !grants.includes('client_credentials')) {
    errors.push({ field: 'grant_types', message: 'Must include implicit, client_credentials' });
  }
  if (!isUrl(body.initiate_login_uri)) errors.push({ field: 'initiate_login_uri', message: 'Must be an http(s) URL' });
  const redirects = list(body.redirect_uris);
  if (redirects.length === 0 || !redirects.every(isUrl)) errors.push({ field: 'redirect_uris', message: 'Must be a non-empty list of http(s) URLs' });
  if (!isUrl(body.jwks_uri)) errors.push({ field: 'jwks_uri', message: 'Must be an http(s) URL' });
  if (body.token_endpoint_auth_method !== 'private_key_jwt') {
    errors.push({ field: 'token_endpoint_auth_method', message: "Must be 'private_key_jwt'" });
  }
  const config = asRecord(body[TOOL_CONFIGURATION]);
  if (!config) {
    errors.push({ field: TOOL_CONFIGURATION, message: 'The LTI tool configuration claim is required' });
    return errors;
  }
  if (typeof config.domain !== 'string' || config.domain.trim() === '') {
    errors.push({ field: 'domain', message: 'The tool configuration needs a domain' });
  }
  if (!isUrl(config.target_link_uri)) {
    errors.push({ field: 'target_link_uri', message: 'The tool configuration needs a target_link_uri (http(s) URL)' });
  } else if (typeof config.domain === 'string') {
    const target = hostname(new URL(config.target_link_uri).host);
    const domain = hostname(config.domain);
    if (target !== domain && !target.endsWith(`.${domain}`)) {
      errors.push({ field: 'target_link_uri', message: `target_link_uri is not on the tool's domain ${config.domain}` });
    }
  }
  return errors;
}

function grantedScopes(core: PlatformCore, requested: string[]): string[] {
  if (core.flavour === 'canvas') return requested.filter((s) => CANVAS_SCOPES.includes(s));
  const granted = new Set(requested.filter((s) => MOODLE_SCOPES.includes(s)));
  if (AGS_SCOPES.some((s) => granted.has(s))) granted.add(SCOPE.lineItemReadOnly);
  // Moodle's answer lists them in this order.
  const order = [SCOPE.score, SCOPE.resultReadOnly, SCOPE.lineItemReadOnly, SCOPE.lineItem, SCOPE.nrps, SCOPE.basicOutcome, SCOPE.toolSetting];
  return order.filter((s) => granted.has(s));
}

function canvasPrivacy(config: Record<string, unknown>, claims: string[] | undefined): ToolRegistration['privacyLevel'] {
  const explicit = config['https://canvas.instructure.com/lti/privacy_level'];
  if (explicit === 'public' || explicit === 'name_only' || explicit === 'email_only' || explicit === 'anonymous') return explicit;
  const names = (claims ?? []).some((c) => ['name', 'given_name', 'family_name'].includes(c));
  const email = (claims ?? []).includes('email');
  return names && email ? 'public' : names ? 'name_only' : email ? 'email_only' : 'anonymous';
}

function stringValues(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(asRecord(value) ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * Canvas keeps a message's custom_parameters for launches from that message's placements (canvas-lms
 * registration.md, LTI Message schema); placement names may carry Canvas's URI prefix.
 */
function placementCustom(config: Record<string, unknown>): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const message of Array.isArray(config.messages) ? config.messages : []) {
    const m = asRecord(message);
    const custom = stringValues(m?.custom_parameters);
    if (!m || !Array.isArray(m.placements) || Object.keys(custom).length === 0) continue;
    for (const placement of m.placements) {
      if (typeof placement === 'string') out[placement.replace('https://canvas.instructure.com/lti/', '')] = custom;
    }
  }
  return out;
}

function toRegistration(core: PlatformCore, body: Record<string, unknown>, clientId: string, deploymentId: string, scopes: string[]): ToolRegistration {
  const config = asRecord(body[TOOL_CONFIGURATION]) ?? {};
  const messageTargets: ToolRegistration['messageTargets'] = {};
  for (const message of Array.isArray(config.messages) ? config.messages : []) {
    const m = asRecord(message);
    if (m && (m.type === 'LtiResourceLinkRequest' || m.type === 'LtiDeepLinkingRequest') && isUrl(m.target_link_uri)) {
      messageTargets[m.type as MessageType] = m.target_link_uri;
    }
  }
  const custom = stringValues(config.custom_parameters);
  const claims = Array.isArray(config.claims) ? config.claims.filter((c): c is string => typeof c === 'string') : undefined;
  return {
    clientId,
    deploymentId,
    source: 'dynamic',
    name: typeof body.client_name === 'string' ? body.client_name : 'Registered tool',
    loginUrl: String(body.initiate_login_uri),
    redirectUris: (body.redirect_uris as unknown[]).map(String),
    jwksUri: String(body.jwks_uri),
    targetLinkUri: String(config.target_link_uri),
    messageTargets,
    customParameters: custom,
    placementCustom: placementCustom(config),
    claims,
    scopes,
    privacyLevel: core.flavour === 'canvas' ? canvasPrivacy(config, claims) : undefined,
    domain: String(config.domain),
  };
}

function moodleResponse(body: Record<string, unknown>, reg: ToolRegistration): Record<string, unknown> {
  const config = asRecord(body[TOOL_CONFIGURATION]) ?? {};
  return {
    client_id: reg.clientId,
    response_types: ['id_token'],
    jwks_uri: reg.jwksUri,
    initiate_login_uri: reg.loginUrl,
    grant_types: ['client_credentials', 'implicit'],
    redirect_uris: reg.redirectUris,
    application_type: 'web',
    token_endpoint_auth_method: 'private_key_jwt',
    client_name: reg.name,
    logo_uri: typeof body.logo_uri === 'string' ? body.logo_uri : '',
    scope: reg.scopes.join(' '),
    [TOOL_CONFIGURATION]: {
      version: LTI_VERSION,
      deployment_id: reg.deploymentId,
      target_link_uri: reg.targetLinkUri,
      domain: reg.domain,
      description: typeof config.description === 'string' ? config.description : '',
      messages: Array.isArray(config.messages) ? config.messages : [],
      custom_parameters: reg.customParameters,
      claims: reg.claims ?? [],
    },
  };
}

function canvasResponse(core: PlatformCore, body: Record<string, unknown>, reg: ToolRegistration): Record<string, unknown> {
  const config = asRecord(body[TOOL_CONFIGURATION]) ?? {};
  return {
    client_id: reg.clientId,
    application_type: 'web',
    grant_types: ['client_credentials', 'implicit'],
    initiate_login_uri: reg.loginUrl,
    redirect_uris: reg.redirectUris,
    response_types: ['id_token'],
    client_name: reg.name,
    jwks_uri: reg.jwksUri,
    logo_uri: typeof body.logo_uri === 'string' ? body.logo_uri : null,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: reg.scopes.join(' '),
    [TOOL_CONFIGURATION]: { ...config, 'https://canvas.instructure.com/lti/registration_config_url': core.urls.registrationView(reg.clientId) },
    deployment_id: reg.deploymentId,
  };
}

function refuseRegistration(core: PlatformCore, res: Response, record: RegistrationRecord, status: number, errors: FieldError[] | string): void {
  record.status = status;
  if (core.flavour === 'canvas') {
    if (typeof errors === 'string') res.status(status).json({ errorMessage: errors });
    else res.status(status).json({ errors });
    return;
  }
  const text = typeof errors === 'string' ? errors : errors.map((e) => `${e.field}: ${e.message}`).join('\n');
  res.status(status).type('text/plain').send(status === 401 ? `Unauthorized: ${text}` : text);
}

export async function handleRegister(core: PlatformCore, req: Request, res: Response): Promise<void> {
  const body = asRecord(req.body) ?? {};
  const record: RegistrationRecord = { request: body, status: 0, receivedAt: new Date() };
  core.registrationLog.push(record);
  const token = bearer(req);
  const claims = await checkToken(core, token);
  if (typeof claims === 'string') return refuseRegistration(core, res, record, 401, claims);
  const errors = validate(body);
  if (errors.length > 0) return refuseRegistration(core, res, record, core.flavour === 'canvas' ? 422 : 400, errors);

  const requested = typeof body.scope === 'string' ? body.scope.split(/\s+/).filter(Boolean) : [];
  const scopes = grantedScopes(core, requested);
  let clientId: string;
  let deploymentId: string;
  if (core.flavour === 'moodle' && claims.scope === 'reg-update') {
    const updated = [...core.registrations.values()].find((r) => r.deploymentId === claims.sub);
    if (!updated) return refuseRegistration(core, res, record, 400, 'Unknown client');
    ({ clientId, deploymentId } = updated);
  } else if (core.flavour === 'moodle') {
    clientId = String(claims.sub);
    if (core.registrations.has(clientId)) return refuseRegistration(core, res, record, 401, 'token_already_used');
    deploymentId = String(core.next('deployment', 2));
  } else {
    clientId = String(10000000000000 + core.next('developerKey', 17));
    deploymentId = `${core.next('externalTool', 12)}:${createHash('sha1').update(`${clientId}:${core.config.course.id}`).digest('hex')}`;
  }
  const registration = toRegistration(core, body, clientId, deploymentId, scopes);
  core.registrations.set(clientId, registration);
  if (core.config.launchesFollowNewRegistrations) core.activeClientId = clientId;
  if (token) core.usedRegistrationTokens.add(token);

  const response = core.flavour === 'moodle' ? moodleResponse(body, registration) : canvasResponse(core, body, registration);
  Object.assign(record, { status: 200, response, clientId, deploymentId });
  res.status(200).json(response);
}
