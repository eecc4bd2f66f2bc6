/**
 * The platforms' public keysets (JWKS), kept between launches. ltijs alone fetches the keyset on
 * every launch over a new connection; this keeps each keyset's parsed keys for a while instead:
 *
 * - for the time the platform's Cache-Control max-age says, within [MIN_TTL, MAX_TTL] (a platform
 *   cannot make us fetch on every launch, nor keep a key we would never look at again for days);
 * - an id_token naming a key id we do not hold refetches at once (the platform rotated its key),
 *   but at most once per REFETCH_COOLDOWN per keyset, so tokens with made-up key ids cannot make
 *   us hammer the LMS; the launch is then refused as a bad signature, as before.
 * - a failed fetch (down, slow, too large, not a keyset) never drops the keys fetched before: keys
 *   we hold keep verifying for up to MAX_STALE past their expiry, so a token with a made-up key id
 *   sent while the keyset URL fails cannot stop the platform's other launches. After a failure the
 *   keyset is not fetched again for FAILURE_BACKOFF; meanwhile a key we do not hold fails the launch
 *   as KEYSET_NOT_FOUND, as the failed fetch itself does.
 *
 * Only the choice of key is cached: the id_token's signature is still verified on every launch.
 */
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { CappedBodyError, describeFetchError, readCappedBody } from '../http/capped-body';
import type { Logger } from '../http/logger';

export const KEYSET_TIMINGS = {
  defaultTtlMs: 5 * 60_000,
  minTtlMs: 30_000,
  maxTtlMs: 60 * 60_000,
  refetchCooldownMs: 10_000,
  fetchTimeoutMs: 10_000,
  failureBackoffMs: 10_000,
  maxStaleMs: 6 * 60 * 60_000,
} as const;

/** The timings as numbers, not as the literal defaults (tests pass their own). */
export type KeysetTimings = { readonly [K in keyof typeof KEYSET_TIMINGS]: number };

/** A keyset larger than this is not a keyset. */
const MAX_KEYSET_BYTES = 256 * 1024;

interface Keyset {
  readonly keys: ReadonlyMap<string, KeyObject>;
  readonly fetchedAt: number;
  readonly expiresAt: number;
}

interface Entry {
  /** The last keyset fetched successfully, kept through failed fetches. */
  readonly keyset?: Keyset;
  /** Set by a failed fetch, cleared by a successful one: no fetch before then. */
  readonly retryAt?: number;
}

/** ltijs's code for a keyset it cannot have (launch/ltijs-errors.ts); `reason` says why, for the log. */
export class KeysetUnavailableError extends Error {
  constructor(readonly reason: string) {
    super('KEYSET_NOT_FOUND');
  }
}

export interface PlatformKeysetsOptions {
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  readonly timings?: Partial<KeysetTimings>;
  /** Where a failed fetch is reported; at most one line per keyset per FAILURE_BACKOFF. */
  readonly logger?: Pick<Logger, 'warn'>;
}

export class PlatformKeysets {
  private readonly entries = new Map<string, Entry>();
  /** One fetch at a time per keyset: a burst of launches after expiry waits for the same answer. */
  private readonly fetching = new Map<string, Promise<Keyset>>();
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly timings: KeysetTimings;
  private readonly logger: Pick<Logger, 'warn'> | undefined;
  /** Keyset fetches made, for tests and the bench. */
  fetches = 0;

  constructor(options: PlatformKeysetsOptions = {}) {
    // Looked up at each call, not captured, so that tests can watch the global fetch and clock.
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.now = options.now ?? (() => Date.now());
    this.timings = { ...KEYSET_TIMINGS, ...options.timings };
    this.logger = options.logger;
  }

  /** The platform's public key with this key id, or undefined when the platform has none. Throws KEYSET_NOT_FOUND when the keyset cannot be had. */
  async keyFor(keysetUrl: string, kid: string): Promise<KeyObject | undefined> {
    let keyset = this.entries.get(keysetUrl)?.keyset;
    if (!keyset || keyset.expiresAt <= this.now()) keyset = await this.freshOrStale(keysetUrl, keyset);
    const key = keyset.keys.get(kid);
    if (key || this.now() - keyset.fetchedAt < this.timings.refetchCooldownMs) return key;
    return (await this.load(keysetUrl)).keys.get(kid);
  }

  /** The keyset fetched again; while fetches fail, the expired one as long as it is within MAX_STALE. */
  private async freshOrStale(keysetUrl: string, expired: Keyset | undefined): Promise<Keyset> {
    const usable = () => expired !== undefined && this.now() - expired.expiresAt < this.timings.maxStaleMs;
    if (expired && usable() && this.entries.get(keysetUrl)?.retryAt !== undefined) {
      // Already failing: known keys do not wait on a slow platform, the retry runs on its own.
      if (this.mayFetch(keysetUrl)) this.load(keysetUrl).catch(() => undefined);
      return expired;
    }
    try {
      return await this.load(keysetUrl);
    } catch (err) {
      if (expired && usable()) return expired;
      throw err;
    }
  }

  private mayFetch(keysetUrl: string): boolean {
    const retryAt = this.entries.get(keysetUrl)?.retryAt;
    return this.fetching.has(keysetUrl) || retryAt === undefined || this.now() >= retryAt;
  }

  private load(keysetUrl: string): Promise<Keyset> {
    const pending = this.fetching.get(keysetUrl);
    if (pending) return pending;
    if (!this.mayFetch(keysetUrl)) return Promise.reject(new KeysetUnavailableError('backing off after a failed fetch'));
    const loading = this.download(keysetUrl).finally(() => this.fetching.delete(keysetUrl));
    this.fetching.set(keysetUrl, loading);
    return loading;
  }

  private async download(keysetUrl: string): Promise<Keyset> {
    this.fetches++;
    let keys: ReadonlyMap<string, KeyObject>;
    let maxAge: number | undefined;
    try {
      ({ keys, maxAge } = await this.fetchKeys(keysetUrl));
    } catch (err) {
      // An error's text may quote the URL, whose query is not for the log.
      const reason = err instanceof KeysetUnavailableError ? err.reason : `unreachable: ${describeFetchError(err).split(keysetUrl).join(logged(keysetUrl))}`;
      this.failed(keysetUrl, reason);
      throw err instanceof KeysetUnavailableError ? err : new KeysetUnavailableError(reason);
    }
    const fetchedAt = this.now();
    const ttl = maxAge === undefined ? this.timings.defaultTtlMs : Math.min(this.timings.maxTtlMs, Math.max(this.timings.minTtlMs, maxAge * 1000));
    const keyset: Keyset = { keys, fetchedAt, expiresAt: fetchedAt + ttl };
    this.entries.set(keysetUrl, { keyset });
    return keyset;
  }

  /** Throws KeysetUnavailableError saying why, never with the body's text (a JSON error would quote it). */
  private async fetchKeys(keysetUrl: string): Promise<{ keys: ReadonlyMap<string, KeyObject>; maxAge: number | undefined }> {
    // Node's fetch keeps connections to the platform alive between fetches.
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, this.timings.fetchTimeoutMs);
    try {
      const response = await this.fetch(keysetUrl, { headers: { accept: 'application/json' }, signal: abort.signal });
      if (!response.ok) {
        // Not read, but released, so that the connection can be reused.
        response.body?.cancel().catch(() => undefined);
        throw new KeysetUnavailableError(`HTTP status ${response.status}`);
      }
      // The stream is cut at the cap (http/capped-body.ts), never read whole and measured after.
      const bytes = await readCappedBody(response, MAX_KEYSET_BYTES, abort);
      let body: unknown;
      try {
        body = JSON.parse(bytes.toString('utf8'));
      } catch {
        throw new KeysetUnavailableError('invalid JSON');
      }
      return { keys: parseKeys(body), maxAge: maxAgeSeconds(response.headers.get('cache-control')) };
    } catch (err) {
      if (timedOut) throw new KeysetUnavailableError(`timeout after ${this.timings.fetchTimeoutMs} ms`);
      if (err instanceof CappedBodyError) throw new KeysetUnavailableError(err.kind === 'too-large' ? `too large: ${err.reason}` : `body unreadable: ${err.reason}`);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private failed(keysetUrl: string, reason: string): void {
    const previous = this.entries.get(keysetUrl)?.keyset;
    const now = this.now();
    this.entries.set(keysetUrl, { keyset: previous, retryAt: now + this.timings.failureBackoffMs });
    const staleUntil = previous ? previous.expiresAt + this.timings.maxStaleMs : undefined;
    this.logger?.warn(
      { keyset: logged(keysetUrl), reason, retryInMs: this.timings.failureBackoffMs, lastGoodKeysUntil: staleUntil !== undefined && staleUntil > now ? new Date(staleUntil).toISOString() : null },
      `platform keyset fetch failed: ${reason}`,
    );
  }
}

/** The keyset URL without its query or credentials, which may carry a secret. */
function logged(keysetUrl: string): string {
  try {
    const url = new URL(keysetUrl);
    return url.origin + url.pathname;
  } catch {
    return '[not a URL]';
  }
}

function maxAgeSeconds(cacheControl: string | null): number | undefined {
  if (!cacheControl) return undefined;
  if (/\b(no-store|no-cache)\b/i.test(cacheControl)) return 0;
  const match = /\bmax-age\s*=\s*"?(\d{1,10})"?/i.exec(cacheControl);
  return match ? Number(match[1]) : undefined;
}

/** The keyset's RSA signing keys by key id; keys that are not usable for RS256 signatures are left out. */
function parseKeys(body: unknown): ReadonlyMap<string, KeyObject> {
  const list = (body as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) throw new KeysetUnavailableError('no usable key: no "keys" array');
  const keys = new Map<string, KeyObject>();
  for (const jwk of list as Array<JsonWebKey & { kid?: unknown; use?: unknown }>) {
    if (!jwk || typeof jwk.kid !== 'string' || jwk.kty !== 'RSA' || (jwk.use !== undefined && jwk.use !== 'sig')) continue;
    try {
      const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' });
      keys.set(jwk.kid, key);
    } catch {
      // A malformed key is as good as absent: a token naming it is refused.
    }
  }
  // A keyset no token can verify with is a failed fetch: it must not replace the keys we hold.
  if (keys.size === 0) throw new KeysetUnavailableError(`no usable key among ${list.length}`);
  return keys;
}
