/**
 * The platforms' public keysets (JWKS), kept between launches. ltijs alone fetches the keyset on
 * every launch over a new connection; this keeps each keyset's parsed keys for a while instead:
 *
 * - for the time the platform's Cache-Control max-age says, within [MIN_TTL, MAX_TTL] (a platform
 *   cannot make us fetch on every launch, nor keep a key we would never look at again for days);
 * - an id_token naming a key id we do not hold refetches at once (the platform rotated its key),
 *   but at most once per REFETCH_COOLDOWN per keyset, so tokens with made-up key ids cannot make
 *   us hammer the LMS; the launch is then refused as a bad signature, as before.
 *
 * Only the choice of key is cached: the id_token's signature is still verified on every launch.
 */
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { readCappedBody } from '../http/capped-body';

export const KEYSET_TIMINGS = {
  defaultTtlMs: 5 * 60_000,
  minTtlMs: 30_000,
  maxTtlMs: 60 * 60_000,
  refetchCooldownMs: 10_000,
  fetchTimeoutMs: 10_000,
} as const;

/** A keyset larger than this is not a keyset. */
const MAX_KEYSET_BYTES = 256 * 1024;

interface Keyset {
  readonly keys: ReadonlyMap<string, KeyObject>;
  readonly fetchedAt: number;
  readonly expiresAt: number;
}

export interface PlatformKeysetsOptions {
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  readonly timings?: Partial<typeof KEYSET_TIMINGS>;
}

export class PlatformKeysets {
  private readonly keysets = new Map<string, Keyset>();
  /** One fetch at a time per keyset: a burst of launches after expiry waits for the same answer. */
  private readonly fetching = new Map<string, Promise<Keyset>>();
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly timings: typeof KEYSET_TIMINGS;
  /** Keyset fetches made, for tests and the bench. */
  fetches = 0;

  constructor(options: PlatformKeysetsOptions = {}) {
    // Looked up at each call, not captured, so that tests can watch the global fetch and clock.
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.now = options.now ?? (() => Date.now());
    this.timings = { ...KEYSET_TIMINGS, ...options.timings };
  }

  /** The platform's public key with this key id, or undefined when the platform has none. Throws KEYSET_NOT_FOUND when the keyset cannot be had. */
  async keyFor(keysetUrl: string, kid: string): Promise<KeyObject | undefined> {
    let keyset = this.keysets.get(keysetUrl);
    if (!keyset || keyset.expiresAt <= this.now()) keyset = await this.load(keysetUrl);
    const key = keyset.keys.get(kid);
    if (key || this.now() - keyset.fetchedAt < this.timings.refetchCooldownMs) return key;
    return (await this.load(keysetUrl)).keys.get(kid);
  }

  private load(keysetUrl: string): Promise<Keyset> {
    const pending = this.fetching.get(keysetUrl);
    if (pending) return pending;
    const loading = this.download(keysetUrl).finally(() => this.fetching.delete(keysetUrl));
    this.fetching.set(keysetUrl, loading);
    return loading;
  }

  private async download(keysetUrl: string): Promise<Keyset> {
    this.fetches++;
    let body: unknown;
    let maxAge: number | undefined;
    try {
      // Node's fetch keeps connections to the platform alive between fetches.
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), this.timings.fetchTimeoutMs);
      try {
        const response = await this.fetch(keysetUrl, { headers: { accept: 'application/json' }, signal: abort.signal });
        if (!response.ok) throw new Error(`Response code ${response.status}`);
        // The stream is cut at the cap (http/capped-body.ts), never read whole and measured after.
        body = JSON.parse((await readCappedBody(response, MAX_KEYSET_BYTES, abort)).toString('utf8'));
        maxAge = maxAgeSeconds(response.headers.get('cache-control'));
      } finally {
        clearTimeout(timer);
      }
    } catch {
      // A stale keyset is not reused: a platform that cannot show its keys cannot launch.
      this.keysets.delete(keysetUrl);
      throw new Error('KEYSET_NOT_FOUND');
    }
    const fetchedAt = this.now();
    const ttl = maxAge === undefined ? this.timings.defaultTtlMs : Math.min(this.timings.maxTtlMs, Math.max(this.timings.minTtlMs, maxAge * 1000));
    const keyset: Keyset = { keys: parseKeys(body), fetchedAt, expiresAt: fetchedAt + ttl };
    this.keysets.set(keysetUrl, keyset);
    return keyset;
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
  if (!Array.isArray(list)) throw new Error('KEYSET_NOT_FOUND');
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
  return keys;
}
