/**
 * The OIDC authorization endpoint (Security Framework §5.1.1.2 authentication request, §5.1.1.3
 * response). Checks what Moodle's auth.php and Canvas's authorize action check, answers 400 with a
 * plain explanation on the first failure, and on success posts the id_token and state back to the
 * redirect_uri (response_mode=form_post) from an auto-submitting page.
 *
 * Moodle requires redirect_uri to equal a registered redirect URI exactly; Canvas compares it without
 * its query string (and requires the query parameters a registered URI carries). Canvas posts back
 * lti_storage_target too. Real Canvas reports some of these failures as an OIDC error posted to the
 * tool; here every failure is a 400 so tests can assert on it.
 */
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { JWTPayload } from 'jose';
import { canvasClaims } from './claims-canvas';
import type { ClaimBuilder } from './claims-common';
import { moodleClaims } from './claims-moodle';
import type { PendingLaunch, PlatformCore } from './core';
import { signForged } from './forgery';
import { autoSubmitPage, refuse, sendHtml } from './html';
import { CANVAS_STORAGE_TARGET, launchFromHint } from './launches';
import type { AuthResponse, Flavour, ToolRegistration } from './types';

const BUILDERS: Record<Flavour, ClaimBuilder> = { moodle: moodleClaims, canvas: canvasClaims };
/** exp - iat: Moodle 60 s (fixtures), Canvas one hour. */
export const TOKEN_LIFETIME: Record<Flavour, number> = { moodle: 60, canvas: 3600 };

type Params = Record<string, string | undefined>;

function readParams(req: Request): Params {
  const out: Params = {};
  const sources = [req.query, (req.body ?? {}) as Record<string, unknown>];
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) {
      if (typeof value === 'string') out[key] = value;
    }
  }
  return out;
}

/** Moodle: exact match. Canvas: same URL without the query, and any query a registered URI requires. */
export function redirectUriAllowed(flavour: Flavour, registered: readonly string[], requested: string): boolean {
  if (flavour === 'moodle') return registered.includes(requested);
  const [requestedBase, requestedQuery = ''] = requested.split('?');
  const requestedParams = new URLSearchParams(requestedQuery);
  return registered.some((uri) => {
    const [base, query] = uri.split('?');
    if (base !== requestedBase) return false;
    if (!query) return true;
    return [...new URLSearchParams(query)].every(([k, v]) => requestedParams.getAll(k).includes(v));
  });
}

interface Checked {
  launch: PendingLaunch;
  registration: ToolRegistration;
  params: Params & { redirect_uri: string; nonce: string; state: string };
}

async function check(core: PlatformCore, params: Params): Promise<Checked | string> {
  const expect = (name: string, wanted: string): string | undefined =>
    params[name] === wanted ? undefined : `invalid_request: ${name} must be '${wanted}' (got ${JSON.stringify(params[name] ?? null)})`;
  const fixed =
    expect('scope', 'openid') ??
    expect('response_type', 'id_token') ??
    expect('response_mode', 'form_post') ??
    expect('prompt', 'none');
  if (fixed) return fixed;

  const clientId = params.client_id;
  if (!clientId) return 'invalid_request: client_id is missing';
  const registration = core.registrations.get(clientId);
  if (!registration) return `unauthorized_client: client_id ${JSON.stringify(clientId)} is not a tool registered on this platform`;

  const redirectUri = params.redirect_uri;
  if (!redirectUri) return 'invalid_request: redirect_uri is missing';
  if (!redirectUriAllowed(core.flavour, registration.redirectUris, redirectUri)) {
    return `invalid_request: redirect_uri ${JSON.stringify(redirectUri)} is not a redirect URI registered for client ${clientId} (registered: ${registration.redirectUris.join(', ')})`;
  }

  const hint = params.lti_message_hint;
  if (!hint) return 'invalid_request: lti_message_hint is missing';
  const launch = await launchFromHint(core, hint);
  if (!launch) return 'invalid_request: lti_message_hint does not name a pending launch (unknown, expired or already used)';
  if (launch.clientId !== clientId) return `unauthorized_client: this launch is for client ${launch.clientId}, not ${clientId}`;

  if (!params.login_hint) return 'login_required: login_hint is missing';
  if (params.login_hint !== launch.user.loginHint) {
    return `login_required: login_hint ${JSON.stringify(params.login_hint)} is not the user who started this launch`;
  }
  if (!params.state) return 'invalid_request: state is missing';
  if (!params.nonce) return 'invalid_request: nonce is missing';
  return { launch, registration, params: { ...params, redirect_uri: redirectUri, nonce: params.nonce, state: params.state } };
}

/** Builds, forges if asked, and signs the id_token of a checked launch. */
export function issueIdToken(core: PlatformCore, launch: PendingLaunch, registration: ToolRegistration, nonce: string): string {
  const now = Math.floor(Date.now() / 1000);
  const payload: JWTPayload = BUILDERS[core.flavour]({ core, launch, registration, nonce, now });
  return signForged(core.keys, payload, launch.forge, TOKEN_LIFETIME[core.flavour], now);
}

export async function handleAuthorize(core: PlatformCore, req: Request, res: Response): Promise<void> {
  const result = await check(core, readParams(req));
  if (typeof result === 'string') {
    refuse(res, 400, result);
    return;
  }
  const { launch, registration, params } = result;
  // A launch is used once (Canvas: "The launch has either expired or already been consumed").
  core.pending.delete(launch.id);
  const idToken = issueIdToken(core, launch, registration, params.nonce);
  if (launch.messageType === 'LtiDeepLinkingRequest') {
    core.issuedDeepLinkRequests.push({ data: launch.deepLinkingData, acceptMultiple: launch.acceptMultiple, contextId: launch.course.id });
  }

  const fields: Record<string, string> =
    core.flavour === 'canvas'
      ? { utf8: '✓', authenticity_token: randomBytes(48).toString('base64'), id_token: idToken, state: params.state, lti_storage_target: CANVAS_STORAGE_TARGET }
      : { id_token: idToken, state: params.state };
  const response: AuthResponse = { id_token: idToken, state: params.state, redirectUri: params.redirect_uri, fields };
  core.lastAuth = response;
  sendHtml(res, autoSubmitPage({ title: 'Opening the tool', action: params.redirect_uri, fields, assetsUrl: core.urls.assets }), {
    framing: 'any',
  });
}
