/**
 * Launch limits on who is launching, known only once ltijs verified the id_token: one user
 * (issuer, client id, sub) and one platform registration (issuer, client id). A class behind one
 * school address is many users, so it is never refused as a whole; one account or one platform
 * that launches far more than people do is.
 */
import type { LaunchLimitsConfig } from '../config';
import type { LaunchContext } from '../context/launch-context';
import { AppError } from '../http/errors';
import { secondsUntil, WindowCounter } from '../http/rate-limits';

export class LaunchLimits {
  private readonly users: WindowCounter;
  private readonly platforms: WindowCounter;

  constructor(private readonly limits: LaunchLimitsConfig) {
    this.users = new WindowCounter(limits.windowSeconds * 1000);
    this.platforms = new WindowCounter(limits.windowSeconds * 1000);
  }

  /**
   * Counts this launch, or throws RATE_LIMITED saying when to retry. The user is checked first, so
   * one user's refused launches do not use up their platform's allowance.
   */
  admit(context: Pick<LaunchContext, 'link' | 'userId'>, now = Date.now()): void {
    const { issuer, clientId } = context.link;
    const user = this.users.hit(JSON.stringify([issuer, clientId, context.userId]), now);
    if (user.hits > this.limits.perUser) throw refused('user', user.resetAt, now, { issuer, clientId, limit: this.limits.perUser });
    const platform = this.platforms.hit(JSON.stringify([issuer, clientId]), now);
    if (platform.hits > this.limits.perPlatform) throw refused('platform', platform.resetAt, now, { issuer, clientId, limit: this.limits.perPlatform });
  }
}

function refused(scope: 'user' | 'platform', resetAt: number, now: number, detail: Record<string, unknown>): AppError {
  return new AppError('RATE_LIMITED', { scope, ...detail }, { retryAfter: secondsUntil(resetAt, now) });
}
