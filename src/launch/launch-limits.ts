/**
 * Launch limits on who is launching, known only once ltijs verified the id_token: one user
 * (issuer, client id, sub) and one platform registration (issuer, client id). A class behind one
 * school address is many users, so it is never refused as a whole; one account or one platform
 * that launches far more than people do is. Counted in the store's windows, so the limits hold once
 * across every process of the deployment.
 */
import type { LaunchLimitsConfig } from '../config';
import type { LaunchContext } from '../context/launch-context';
import { AppError } from '../http/errors';
import type { Logger } from '../http/logger';
import type { SharedWindows } from '../http/rate-limits';
import { secondsUntil } from '../http/retry-after';
import type { RateLimitWindow } from '../storage/ports/rate-limits';

export class LaunchLimits {
  private readonly windowMs: number;
  private readonly windows: SharedWindows['windows'];
  private readonly logger: Logger;

  constructor(
    private readonly limits: LaunchLimitsConfig,
    shared: SharedWindows,
  ) {
    this.windowMs = limits.windowSeconds * 1000;
    this.windows = shared.windows;
    this.logger = shared.logger.child({ limiter: 'launch' });
  }

  /**
   * Counts this launch, or throws RATE_LIMITED saying when to retry. The user is checked first, so
   * one user's refused launches do not use up their platform's allowance.
   */
  async admit(context: Pick<LaunchContext, 'link' | 'userId'>, now = new Date()): Promise<void> {
    const { issuer, clientId } = context.link;
    const user = await this.hit(`launch-user:${JSON.stringify([issuer, clientId, context.userId])}`, now);
    if (user && user.hits > this.limits.perUser) throw refused('user', user.resetAt, now, { issuer, clientId, limit: this.limits.perUser });
    const platform = await this.hit(`launch-platform:${JSON.stringify([issuer, clientId])}`, now);
    if (platform && platform.hits > this.limits.perPlatform) throw refused('platform', platform.resetAt, now, { issuer, clientId, limit: this.limits.perPlatform });
  }

  /** The window after this hit, or null when the store could not count it: the launch then goes on (logged). */
  private async hit(key: string, now: Date): Promise<RateLimitWindow | null> {
    try {
      return await this.windows.hit(key, this.windowMs, now);
    } catch (err) {
      this.logger.error({ err }, 'rate limit store failed: launch admitted without counting it');
      return null;
    }
  }
}

function refused(scope: 'user' | 'platform', resetAt: Date, now: Date, detail: Record<string, unknown>): AppError {
  return new AppError('RATE_LIMITED', { scope, ...detail }, { retryAfter: secondsUntil(resetAt.getTime(), now.getTime()) });
}
