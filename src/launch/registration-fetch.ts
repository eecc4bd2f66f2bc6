/**
 * The two requests dynamic registration makes to a URL that a caller handed us (LTI DR 1.0 §3.4
 * configuration GET, §3.5 registration POST). Whoever can reach /lti/register chooses the first URL,
 * so each request follows no redirect, gives up after a time limit, and stops reading the body as
 * soon as it passes a size cap: the stream is aborted there, never read whole and measured after.
 */

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
      throw new PlatformFetchError(url, { kind: 'unreachable', reason: describe(err) });
    }
    const body = await readCapped(url, response, limits.maxBytes, abort);
    if (!response.ok) throw new PlatformFetchError(url, { kind: 'status', status: response.status, body: body.slice(0, 500) });
    return parseObject(url, body);
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(url: string, response: Response, maxBytes: number, abort: AbortController): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    abort.abort();
    throw new PlatformFetchError(url, { kind: 'too-large', bytesRead: 0 });
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytesRead = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytesRead += value.byteLength;
      if (bytesRead > maxBytes) {
        abort.abort();
        await reader.cancel().catch(() => undefined);
        throw new PlatformFetchError(url, { kind: 'too-large', bytesRead });
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof PlatformFetchError) throw err;
    throw new PlatformFetchError(url, { kind: 'unreachable', reason: describe(err) });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new PlatformFetchError(url, { kind: 'not-json', reason: 'body is not UTF-8' });
  }
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

function describe(err: unknown): string {
  const error = err as { message?: string; cause?: { code?: string; message?: string } };
  return [error?.message, error?.cause?.code ?? error?.cause?.message].filter(Boolean).join(': ') || String(err);
}
