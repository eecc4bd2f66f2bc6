/**
 * Who may frame the tool. LMS pages embed it in iframes, so X-Frame-Options: DENY would break it;
 * instead the CSP frame-ancestors lists the origins of registered platforms: the platform of the
 * session when there is one, all registered platforms otherwise (launch errors, registration pages).
 */
import type { PlatformKey } from '../context/tenant';
import type { Storage } from '../storage/port';

const CACHE_MS = 10_000;

export class FrameAncestors {
  private cached?: { at: number; value: string[] };

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

  async forPlatform(key: PlatformKey): Promise<string[]> {
    const platform = await this.storage.platforms.findPlatform(key);
    return unique(["'self'", ...(platform?.frameOrigins ?? [])]);
  }

  /** Call after a platform's origins change, so the next response sees them. */
  invalidate(): void {
    this.cached = undefined;
  }

  get self(): string {
    return this.selfOrigin;
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v === "'self'" || /^https?:\/\/[^\s;,]+$/.test(v)))];
}
