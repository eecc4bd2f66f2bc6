/**
 * Edge validation of every request parameter that reaches ltijs, before ltijs sees it.
 *
 * ltijs trusts its input: it builds cookie names from `state` (res.clearCookie('state' + state)
 * throws on a space, `;` or a non-ASCII letter, inside an async handler, which used to end the
 * process), queries its store with `iss` and `client_id`, and treats `ltik` or an Authorization
 * header as its own session token. So each parameter is checked here for shape, length and allowed
 * characters, and refused with a 4xx page from the catalogue naming the parameter.
 *
 * Limits follow the specs where they give one (LTI 1.3 core §5.3.3: deployment_id is at most 255
 * ASCII characters) and are generous elsewhere: Canvas's lti_message_hint is a JWT of ~1 KB, an
 * id_token with names, roles and custom claims a few KB.
 */
import type { Request } from 'express';
import { z } from 'zod';
import { AppError } from '../http/errors';

/** Printable ASCII without spaces: ids, hints and tokens as LMSs send them. */
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
/** What ltijs can turn into a cookie name (`state<state>`): RFC 6265 token characters we issue or accept. */
const STATE = /^[A-Za-z0-9._~-]+$/;
const COMPACT_JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

const visible = (max: number) => z.string().min(1).max(max).regex(VISIBLE_ASCII);
const httpUrl = (max: number) =>
  visible(max).refine((value) => {
    try {
      return /^https?:$/.test(new URL(value).protocol);
    } catch {
      return false;
    }
  });

/** OIDC third-party login initiation (LTI Security Framework §5.1.1.1), GET query or POST form. */
const LOGIN_PARAMS = {
  iss: httpUrl(2048),
  login_hint: visible(4096),
  target_link_uri: httpUrl(2048),
  lti_message_hint: visible(8192).optional(),
  client_id: visible(255).optional(),
  lti_deployment_id: visible(255).optional(),
  // LTI client-side postMessages (OIDC login with platform storage): a frame name.
  lti_storage_target: visible(255).optional(),
};

/** Authentication response (OIDC core §3.2.2.5, form_post): the id_token and our state. */
const LAUNCH_PARAMS = {
  id_token: z.string().min(1).max(65_536).regex(COMPACT_JWT),
  state: z.string().min(1).max(512).regex(STATE),
  lti_storage_target: visible(255).optional(),
};

/** Parameters ltijs reads on any /lti path besides those above: each must be absent or well formed. */
const ANY_LTI_PATH = {
  state: LAUNCH_PARAMS.state.optional(),
};

type Shape = Record<string, z.ZodType>;

/**
 * Checks the named parameters of a request (query and body merged, as ltijs merges them); other
 * parameters are left alone (Canvas adds utf8 and authenticity_token to its form post). A value
 * that is not a single string (`a[]=1`, `a[b]=1`, a JSON object) is refused like a malformed one.
 */
function check(req: Request, shape: Shape, code: 'LOGIN_BAD_PARAMETER' | 'LAUNCH_BAD_PARAMETER'): void {
  const body = bodyParams(req);
  for (const [name, schema] of Object.entries(shape)) {
    const values = [ownValue(req.query, name), ownValue(body, name)].filter((value) => value !== undefined);
    const candidates = values.length ? values : [undefined];
    for (const value of candidates) {
      const result = schema.safeParse(value);
      if (!result.success) {
        const reason = value === undefined ? 'missing' : typeof value !== 'string' ? `not a string (${Array.isArray(value) ? 'array' : typeof value})` : `length ${value.length} or characters not allowed`;
        throw new AppError(code, { parameter: name, reason }, { parameter: name });
      }
    }
  }
}

function bodyParams(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return body && typeof body === 'object' && !Buffer.isBuffer(body) && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function ownValue(source: unknown, name: string): unknown {
  return source && typeof source === 'object' && Object.hasOwn(source, name) ? (source as Record<string, unknown>)[name] : undefined;
}

/**
 * Only login (and its cookie probe, oidc-login-flow.ts), launch, keyset and registration exist under
 * /lti. ltijs would run its session validator on any other path, so anything else is a 404 here.
 */
const LTI_PATHS = new Set(['/login', '/login/check', '/launch', '/keys', '/register']);

/** Runs on every /lti request before ltijs: refuses what ltijs would choke on, removes what we never use. */
export function checkLtiRequest(req: Request): void {
  const path = req.path.replace(/\/+$/, '') || '/';
  if (!LTI_PATHS.has(path)) throw new AppError('NOT_FOUND', { path });
  // ltijs reads a session token ("ltik") from the query, the body or an Authorization header; the
  // tool never issues one (sessions live in /s/<id>/), so none may reach it.
  if (ownValue(req.query, 'ltik') !== undefined || ownValue(bodyParams(req), 'ltik') !== undefined)
    throw new AppError('LAUNCH_BAD_PARAMETER', { parameter: 'ltik', reason: 'never issued' }, { parameter: 'ltik' });
  delete req.headers.authorization;
  check(req, ANY_LTI_PATH, 'LAUNCH_BAD_PARAMETER');
}

export function checkLoginParams(req: Request): void {
  check(req, LOGIN_PARAMS, 'LOGIN_BAD_PARAMETER');
}

/** Called after the checks that explain a missing token or state in their own words. */
export function checkLaunchParams(req: Request): void {
  check(req, LAUNCH_PARAMS, 'LAUNCH_BAD_PARAMETER');
}
