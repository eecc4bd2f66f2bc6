/**
 * One conditional GET of a feed, with the limits a URL typed by someone else calls for: one time
 * limit for the whole exchange (redirects and body included), a byte cap enforced while streaming
 * (http/capped-body.ts), at most three redirects followed by hand (each hop checked like the first:
 * http(s) only, allowed address), and a content type that says feed, XML or JSON. A stored ETag or
 * Last-Modified goes out as If-None-Match / If-Modified-Since; a 304 means "keep what you have".
 */
import { CappedBodyError, describeFetchError, readCappedBody } from '../../http/capped-body';
import { checkFeedAddress, type FeedAddressPolicy } from './feed-address';
import { FeedError } from './feed-error';

export interface FeedFetchLimits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxRedirects: number;
  readonly policy: FeedAddressPolicy;
  /** Ends the fetch early (the worker stopping); reported as a timeout. */
  readonly signal?: AbortSignal;
}

export interface FeedValidators {
  readonly etag?: string;
  readonly lastModified?: string;
}

export type FeedResponse =
  | { readonly kind: 'not-modified'; readonly validators: FeedValidators }
  | { readonly kind: 'body'; readonly body: string; readonly finalUrl: string; readonly validators: FeedValidators };

const ACCEPT = 'application/feed+json, application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function fetchFeed(url: string, validators: FeedValidators, limits: FeedFetchLimits): Promise<FeedResponse> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), limits.timeoutMs);
  const stop = () => abort.abort();
  limits.signal?.addEventListener('abort', stop, { once: true });
  if (limits.signal?.aborted) abort.abort();
  const timedOut = () => new FeedError('timeout', `no complete answer within ${limits.timeoutMs} ms`);
  try {
    let current = parseUrl(url);
    for (let redirects = 0; ; redirects++) {
      await checkFeedAddress(current, limits.policy);
      if (abort.signal.aborted) throw timedOut();
      let response: Response;
      try {
        response = await fetch(current, { method: 'GET', redirect: 'manual', signal: abort.signal, headers: requestHeaders(validators) });
      } catch (err) {
        throw abort.signal.aborted ? timedOut() : new FeedError('unreachable', describeFetchError(err));
      }
      if (REDIRECTS.has(response.status)) {
        await response.body?.cancel().catch(() => undefined);
        if (redirects >= limits.maxRedirects) throw new FeedError('too-many-redirects', `more than ${limits.maxRedirects} redirects`);
        current = redirectTarget(response.headers.get('location'), current);
        continue;
      }
      if (response.status === 304) {
        await response.body?.cancel().catch(() => undefined);
        return { kind: 'not-modified', validators: validatorsOf(response, validators) };
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw new FeedError('http-status', `HTTP ${response.status}`);
      }
      const contentType = response.headers.get('content-type');
      if (!isFeedContentType(contentType)) {
        await response.body?.cancel().catch(() => undefined);
        throw new FeedError('wrong-content-type', `content type ${String(contentType).slice(0, 80)} is not a feed`);
      }
      const bytes = await readBody(response, limits.maxBytes, abort, timedOut);
      return { kind: 'body', body: decode(bytes, contentType), finalUrl: current.href, validators: validatorsOf(response, {}) };
    }
  } finally {
    clearTimeout(timer);
    limits.signal?.removeEventListener('abort', stop);
  }
}

function parseUrl(raw: string): URL {
  try {
    return new URL(raw);
  } catch {
    throw new FeedError('address-refused', 'not a URL');
  }
}

function redirectTarget(location: string | null, from: URL): URL {
  if (!location) throw new FeedError('bad-redirect', 'redirect without a Location');
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    throw new FeedError('bad-redirect', 'redirect to an invalid URL');
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new FeedError('bad-redirect', `redirect to a ${target.protocol} URL`);
  return target;
}

function requestHeaders(validators: FeedValidators): Record<string, string> {
  return {
    Accept: ACCEPT,
    'User-Agent': 'LearnerVoice-FeedFetcher/1 (+catalogue)',
    ...(validators.etag ? { 'If-None-Match': validators.etag } : {}),
    ...(validators.lastModified ? { 'If-Modified-Since': validators.lastModified } : {}),
  };
}

/** Validators are echoed back to the server later: kept only when short and printable. */
function validatorsOf(response: Response, fallback: FeedValidators): FeedValidators {
  const fit = (value: string | null) => (value && value.length <= 256 && /^[\x20-\x7e]+$/.test(value) ? value : undefined);
  const etag = fit(response.headers.get('etag')) ?? fallback.etag;
  const lastModified = fit(response.headers.get('last-modified')) ?? fallback.lastModified;
  return { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

/**
 * application/rss+xml, application/atom+xml, application/feed+json, application/xml, text/xml,
 * application/json and other +xml / +json types; a response without a type is left to the parser.
 * text/html (a login page, a 'not found' page served with 200) is refused.
 */
export function isFeedContentType(header: string | null): boolean {
  if (!header || !header.trim()) return true;
  const match = /^\s*(application|text)\/([a-z0-9.+-]+)\s*(;|$)/i.exec(header);
  if (!match) return false;
  const subtype = match[2].toLowerCase();
  return subtype === 'xml' || subtype === 'json' || subtype.endsWith('+xml') || subtype.endsWith('+json');
}

async function readBody(response: Response, maxBytes: number, abort: AbortController, timedOut: () => FeedError): Promise<Buffer> {
  try {
    return await readCappedBody(response, maxBytes, abort);
  } catch (err) {
    if (err instanceof CappedBodyError && err.kind === 'too-large') throw new FeedError('too-large', err.reason);
    if (abort.signal.aborted) throw timedOut();
    throw new FeedError('unreachable', err instanceof Error ? err.message : 'body not read');
  }
}

/** The charset the header names, else the XML declaration's encoding, else UTF-8; strictly decoded. */
function decode(bytes: Buffer, contentType: string | null): string {
  const declared = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1] ?? /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(bytes.subarray(0, 200).toString('latin1'))?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(declared, { fatal: true }).decode(bytes);
  } catch {
    throw new FeedError('malformed', `body is not valid ${declared.slice(0, 30)}`);
  }
}
