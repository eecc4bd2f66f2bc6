/** The feed settings of config.ts in the units the fetch and the worker use. */
import type { FeedsConfig } from '../../config';
import type { FeedFetchLimits } from './feed-fetch';

export const MAX_REDIRECTS = 3;

export interface FeedSettings {
  readonly fetch: FeedFetchLimits;
  readonly intervalMs: number;
  readonly tickMs: number;
  /** How long a claimed source stays leased: the whole fetch's time limit plus a margin to store it. */
  readonly leaseMs: number;
}

export function feedSettings(config: FeedsConfig): FeedSettings {
  const timeoutMs = config.timeoutSeconds * 1000;
  return {
    fetch: {
      timeoutMs,
      maxBytes: config.maxBytes,
      maxRedirects: MAX_REDIRECTS,
      policy: { allowHttp: config.allowHttp, allowPrivateAddresses: config.allowPrivateAddresses },
    },
    intervalMs: config.intervalMinutes * 60_000,
    tickMs: config.tickSeconds * 1000,
    leaseMs: timeoutMs + 60_000,
  };
}
