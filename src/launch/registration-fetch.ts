/**
 * The two requests dynamic registration makes to a URL that a caller handed us (LTI DR 1.0 §3.4
 * configuration GET, §3.5 registration POST). Whoever can reach /lti/register chooses the first URL,
 * so each request follows no redirect, gives up after a time limit, and stops reading the body as
 * soon as it passes a size cap: the stream is aborted there, never read whole and measured after
 * (http/capped-body.ts, shared with the catalogue's feed fetch).
 *
 * An error answer is logged, and a server may echo our Authorization header (the registration token)
 * or secrets of its own in it: a failure keeps its status, type, size and a redacted excerpt only.
 */
import { CappedBodyError, decodeUtf8, describeFetchError, readCappedBody } from '../http/capped-body';
import { loggableUrl } from './registration-input';

export interface FetchLimits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

/** Why a fetch gave no JSON object; the handler decides whose fault that is. */
export type FetchFailure =
  | { readonly kind: 'unreachable'; readonly reason: string }
  | { readonly kind: 'status'; readonly status: number; readonly contentType?: string; readonly bodyBytes: number; readonly excerpt: string }
  | { readonly kind: 'too-large'; readonly bytesRead: number }
  | { readonly kind: 'not-json'; readonly reason: string };

export class PlatformFetchError extends Error {
  constructor(
    readonly url: string,
    readonly failure: FetchFailure,
  ) {
    super(`${failure.kind} ${loggableUrl(url)}`);
    this.name = 'PlatformFetchError';
  }
}

export async function fetchJsonObject(url: string, init: RequestInit, limits: FetchLimits): Promise<Record<string, unknown>> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error(`no complete answer within ${limits.timeoutMs} ms`)), limits.timeoutMs);
  try {
    let response: Response;
    try {
      response = await fetch(url, { ...init, redirect: 'error', signal: abort.signal });
    } catch (err) {
      throw new PlatformFetchError(url, { kind: 'unreachable', reason: describeFetchError(err) });
    }
    const body = await readCapped(url, response, limits.maxBytes, abort);
    if (!response.ok) throw new PlatformFetchError(url, statusFailure(response, body, credentialsSent(init)));
    return parseObject(url, body);
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(url: string, response: Response, maxBytes: number, abort: AbortController): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readCappedBody(response, maxBytes, abort);
  } catch (err) {
    if (!(err instanceof CappedBodyError)) throw err;
    throw new PlatformFetchError(url, err.kind === 'too-large' ? { kind: 'too-large', bytesRead: err.bytesRead } : { kind: 'unreachable', reason: err.reason });
  }
  const text = decodeUtf8(bytes);
  if (text === null) throw new PlatformFetchError(url, { kind: 'not-json', reason: 'body is not UTF-8' });
  return text;
}

function parseObject(url: string, text: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PlatformFetchError(url, { kind: 'not-json', reason: 'body is not JSON' });
  }
  if (json && typeof json === 'object' && !Array.isArray(json)) return json as Record<string, unknown>;
  throw new PlatformFetchError(url, { kind: 'not-json', reason: 'body is not a JSON object' });
}

const EXCERPT_CHARS = 200;
/** Room for a whole echoed registration token (up to 4096 characters) that starts inside the excerpt. */
const SCAN_CHARS = 8192;
const REDACTED = '[redacted]';
/**
 * Applied in order: control, format and separator runs become one space (nothing reorders or breaks
 * a log line); long base64/hex runs go, JWTs with them ('.' is in the class), which leaves every run
 * under 20 characters and so bounds backtracking in the key=value pattern on a hostile body; then
 * Bearer/Basic values and values of token/secret/password/key fields.
 */
const CREDENTIAL_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/[\p{C}\p{Z}\s]+/gu, ' '],
  [/[A-Za-z0-9+/=_.~-]{20,}/g, REDACTED],
  [/\b(Bearer|Basic)\s+[^\s"'<>,;]+/gi, `$1 ${REDACTED}`],
  [/\b([\w-]*(?:token|secret|password|passwd|key|credential)[\w-]*["']?\s*[:=]\s*["']?)[^\s"'<>,;&}]+/gi, `$1${REDACTED}`],
];

function statusFailure(response: Response, body: string, credentials: readonly string[]): FetchFailure {
  return {
    kind: 'status',
    status: response.status,
    contentType: /^[\w.+-]+\/[\w.+-]+/.exec(response.headers.get('content-type') ?? '')?.[0].toLowerCase(),
    bodyBytes: Buffer.byteLength(body),
    excerpt: redactedExcerpt(body, credentials),
  };
}

/** The credential of the Authorization header we sent, without its scheme: the exact string an echo would hold. */
function credentialsSent(init: RequestInit): string[] {
  const credential = new Headers(init.headers).get('authorization')?.replace(/^\S+\s+/, '');
  return credential ? [credential] : [];
}

/** The start of an error body with the credentials we sent and anything shaped like a credential replaced. */
export function redactedExcerpt(body: string, credentials: readonly string[]): string {
  let text = body.slice(0, SCAN_CHARS);
  for (const credential of credentials) text = text.replaceAll(credential, REDACTED);
  for (const [pattern, replacement] of CREDENTIAL_PATTERNS) text = text.replace(pattern, replacement);
  const characters = Array.from(text.trim());
  return characters.length > EXCERPT_CHARS ? characters.slice(0, EXCERPT_CHARS).join('') + '…' : characters.join('');
}
