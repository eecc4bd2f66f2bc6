/**
 * One webhook call, with the limits a URL typed by an admin calls for: the address checked by the
 * catalogue feeds' rule (http(s) only, https only in production, no private address unless allowed;
 * catalogue/external/feed-address.ts), one time limit for the whole exchange, redirects followed only
 * when they keep the method and body (307, 308) and stay on the same origin (at most two), and the
 * answer read through http/capped-body.ts up to a few kilobytes (its content is not used: draining
 * it lets the connection be reused, capping it keeps a hostile receiver from filling memory).
 */
import { checkFeedAddress, type FeedAddressPolicy } from '../../catalogue/external/feed-address';
import { FeedError } from '../../catalogue/external/feed-error';
import { describeFetchError, readCappedBody } from '../../http/capped-body';
import { signWebhook } from './webhook-signature';

export interface WebhookLimits {
  readonly timeoutMs: number;
  readonly policy: FeedAddressPolicy;
}

export type WebhookOutcome = { readonly ok: true; readonly status: number } | { readonly ok: false; readonly status?: number; readonly error: string };

const MAX_ANSWER_BYTES = 16 * 1024;
const MAX_REDIRECTS = 2;

export async function sendWebhook(url: string, secret: string, body: string, now: Date, limits: WebhookLimits): Promise<WebhookOutcome> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), limits.timeoutMs);
  try {
    let target = new URL(url);
    const origin = target.origin;
    for (let redirects = 0; ; redirects++) {
      await checkFeedAddress(target, limits.policy);
      const response = await fetch(target, {
        method: 'POST',
        redirect: 'manual',
        signal: abort.signal,
        headers: { 'Content-Type': 'application/json; charset=utf-8', 'User-Agent': 'LearnerVoice-Alerts/1', ...signWebhook(secret, body, now) },
        body,
      });
      await readCappedBody(response, MAX_ANSWER_BYTES, abort).catch(() => undefined);
      if (response.status === 307 || response.status === 308) {
        const next = nextHop(response.headers.get('location'), target, origin);
        if (!next || redirects >= MAX_REDIRECTS) return { ok: false, status: response.status, error: 'redirect not followed' };
        target = next;
        continue;
      }
      if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
      return { ok: false, status: response.status, error: `HTTP ${response.status}` };
    }
  } catch (err) {
    if (abort.signal.aborted) return { ok: false, error: `no answer within ${limits.timeoutMs} ms` };
    if (err instanceof FeedError) return { ok: false, error: err.message };
    return { ok: false, error: describeFetchError(err).slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}

function nextHop(location: string | null, from: URL, origin: string): URL | null {
  if (!location) return null;
  try {
    const next = new URL(location, from);
    return next.origin === origin ? next : null;
  } catch {
    return null;
  }
}
