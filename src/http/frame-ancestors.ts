/**
 * Who may frame the tool. LMS pages embed it in iframes, so X-Frame-Options: DENY would break it;
 * instead the CSP frame-ancestors lists the origins of registered platforms: the platform of the
 * session when there is one, all registered platforms otherwise (launch errors, registration pages).
 */
import type { Response } from 'express';
import type { PlatformKey } from '../context/tenant';
import type { Storage } from '../storage/port';

/**
 * Origins change only when a platform is registered, edited or learns a return-URL origin; this
 * process invalidates on its own changes, and another process's (the CLI's) show within 10 s.
 * Without the cache every page view paid three platform queries (about 5% of a panel view).
 */
const CACHE_MS = 10_000;
const MAX_PLATFORMS_CACHED = 1_000;

export class FrameAncestors {
  private cached?: { at: number; value: string[] };
  private readonly byPlatform = new Map<string, { at: number; value: string[] }>();

  constructor(
    private readonly storage: Storage,
    private readonly selfOrigin: string,
  ) {}

  async forAll(now = Date.now()): Promise<string[]> {
    if (this.cached && now - this.cached.at < CACHE_MS) return this.cached.value;
    const platforms = await this.storage.platforms.listPlatforms();
    const value = unique(["'self'", ...platforms.flatMap((p) => p.frameOrigins)]);
    this.cached = { at: now, value };
    return value;
  }

  async forPlatform(key: PlatformKey, now = Date.now()): Promise<string[]> {
    const id = `${key.issuer}\n${key.clientId}`;
    const hit = this.byPlatform.get(id);
    if (hit && now - hit.at < CACHE_MS) return hit.value;
    const platform = await this.storage.platforms.findPlatform(key);
    const value = unique(["'self'", ...(platform?.frameOrigins ?? [])]);
    if (this.byPlatform.size >= MAX_PLATFORMS_CACHED) this.byPlatform.clear();
    this.byPlatform.set(id, { at: now, value });
    return value;
  }

  /** Call after a platform's origins change, so the next response sees them. */
  invalidate(): void {
    this.cached = undefined;
    this.byPlatform.clear();
  }

  get self(): string {
    return this.selfOrigin;
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v === "'self'" || /^https?:\/\/[^\s;,]+$/.test(v)))];
}

/**
 * Lets more origins frame this one response, on top of the registered platforms' (which
 * session-loader.ts put in res.locals.frameAncestors and helmet already wrote into the CSP). Used by
 * dynamic registration: the LMS that opens it in its dialog is not registered yet.
 */
export function allowFramingOfThisResponse(res: Response, origins: readonly string[]): void {
  const value = unique([...((res.locals.frameAncestors as string[] | undefined) ?? ["'self'"]), ...origins]);
  res.locals.frameAncestors = value;
  const csp = res.getHeader('Content-Security-Policy');
  if (typeof csp === 'string') res.setHeader('Content-Security-Policy', csp.replace(/frame-ancestors [^;]*/, `frame-ancestors ${value.join(' ')}`));
}
