/**
 * The two requests dynamic registration makes to a URL that a caller handed us (LTI DR 1.0 §3.4
 * configuration GET, §3.5 registration POST). Whoever can reach /lti/register chooses the first URL,
 * so each request follows no redirect, gives up after a time limit, and stops reading the body as
 * soon as it passes a size cap: the stream is aborted there, never read whole and measured after
 * (http/capped-body.ts, shared with the catalogue's feed fetch).
 */
import { CappedBodyError, decodeUtf8, describeFetchError, readCappedBody } from '../http/capped-body';

export interface FetchLimits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

/** Why a fetch gave no JSON object; the handler decides whose fault that is. */
export type FetchFailure =
  | { readonly kind: 'unreachable'; readonly reason: string }
  | { readonly kind: 'status'; readonly status: number; readonly body: string }
  | { readonly kind: 'too-large'; readonly bytesRead: number }
  | { readonly kind: 'not-json'; readonly reason: string };

export class PlatformFetchError extends Error {
  constructor(
    readonly url: string,
    readonly failure: FetchFailure,
  ) {
    super(`${failure.kind} ${url}`);
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
    if (!response.ok) throw new PlatformFetchError(url, { kind: 'status', status: response.status, body: body.slice(0, 500) });
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
