/**
 * The two query parameters an LMS opens /lti/register with (LTI DR 1.0 §3.3), checked before they
 * are used: `openid_configuration` is a URL we are about to fetch, `registration_token` a bearer
 * credential we put in an Authorization header. Anything else is refused with a 400 that names the
 * parameter; nothing here logs the token.
 */
import { AppError } from '../http/errors';

const MAX_URL_LENGTH = 2048;
/** Moodle's token is a ~700-character JWT; Canvas's is shorter. RFC 6750 b64token characters only. */
const MAX_TOKEN_LENGTH = 4096;
const TOKEN_SHAPE = /^[A-Za-z0-9\-._~+/]+=*$/;
/** Printable ASCII without spaces: what a URL looks like once the LMS has encoded it. */
const URL_CHARACTERS = /^[\x21-\x7e]+$/;

export interface RegistrationRequest {
  readonly configurationUrl: URL;
  readonly registrationToken?: string;
}

export function readRegistrationRequest(query: Record<string, unknown>, options: { readonly httpAllowed: boolean }): RegistrationRequest {
  const rawUrl = single(query.openid_configuration, 'openid_configuration');
  if (rawUrl === undefined || rawUrl === '') throw refused('openid_configuration', 'missing');
  const rawToken = single(query.registration_token, 'registration_token');
  if (rawToken !== undefined && (rawToken.length > MAX_TOKEN_LENGTH || !TOKEN_SHAPE.test(rawToken)))
    throw refused('registration_token', 'not a token (length or characters)', { length: rawToken.length });
  return {
    configurationUrl: checkedUrl(rawUrl, 'openid_configuration', options.httpAllowed),
    registrationToken: rawToken || undefined,
  };
}

/** An absolute http(s) URL (https only when http is not allowed), without credentials or fragment. */
export function checkedUrl(raw: string, name: string, httpAllowed: boolean): URL {
  if (raw.length > MAX_URL_LENGTH) throw refused(name, `longer than ${MAX_URL_LENGTH} characters`, { length: raw.length });
  if (!URL_CHARACTERS.test(raw)) throw refused(name, 'characters not allowed in a URL');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refused(name, 'not a URL', { raw: loggableUrl(raw) });
  }
  if (url.protocol !== 'https:' && !(httpAllowed && url.protocol === 'http:')) throw refused(name, httpAllowed ? 'not an http(s) URL' : 'not an https URL', { raw: loggableUrl(url) });
  if (url.username || url.password) throw refused(name, 'URL with credentials', { host: url.host });
  if (url.hash) throw refused(name, 'URL with a fragment', { raw: loggableUrl(url) });
  return url;
}

/**
 * A URL as it may be logged: Canvas puts the registration token (a bearer credential) in the
 * configuration URL's query, so logs get the origin and path only.
 */
export function loggableUrl(url: string | URL): string {
  try {
    const parsed = new URL(url);
    return parsed.origin + parsed.pathname + (parsed.search ? '?…' : '');
  } catch {
    return String(url).slice(0, 100).replace(/[?#].*$/, '?…');
  }
}

function single(value: unknown, name: string): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  throw refused(name, 'given more than once or malformed');
}

function refused(name: string, problem: string, detail: Record<string, unknown> = {}): AppError {
  return new AppError('REGISTRATION_BAD_REQUEST', { parameter: name, problem, ...detail }, { parameter: name });
}
