/**
 * ltijs calls the platform (access token, names and roles, line items, scores, results) through one
 * got client with no time limit and no size limit: a platform that answers slowly held an
 * instructor's page for as long as it liked, and one that sent an endless body grew the tool's
 * memory by gigabytes (the grade worker's own time limit gave up waiting but could not stop the
 * download). Its methods are pointed at the same client extended with both limits:
 * - the whole exchange, headers and body, within `totalMs` (a body trickled a byte at a time ends too);
 * - a body past `maxBodyBytes` cancelled while it streams; bodies are not decompressed (none is
 *   asked for), so a small compressed answer cannot unfold into a large one;
 * - no retries of got's own: the grade outbox retries with its back-off, the roster falls back to
 *   plain counts, and a retry would multiply the time limit.
 * The callers see a rejected call, as for any platform that failed.
 */
import ltijsHttp from 'ltijs/dist/Utils/Http';

export interface PlatformCallLimits {
  readonly totalMs: number;
  readonly maxBodyBytes: number;
}

/** A names-and-roles page of a 5,000-learner course is about 1.5 MB; 8 MiB leaves room for any real answer. */
export const PLATFORM_CALL_LIMITS: PlatformCallLimits = { totalMs: 10_000, maxBodyBytes: 8 * 1024 * 1024 };

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head'] as const;
const LIMITED = Symbol.for('learner-voice.ltijs-http-limited');

interface CancelableCall {
  on(event: 'downloadProgress', listener: (progress: { transferred: number }) => void): unknown;
  cancel(reason?: string): void;
}

export function limitLtijsPlatformCalls(limits: PlatformCallLimits = PLATFORM_CALL_LIMITS): void {
  const client = ltijsHttp as typeof ltijsHttp & { [LIMITED]?: PlatformCallLimits };
  // Once per process (every app of a test run shares ltijs's module): the first limits stay.
  if (client[LIMITED]) return;
  const limited = client.extend({
    timeout: { request: limits.totalMs },
    retry: { limit: 0 },
    decompress: false,
    handlers: [
      (options: unknown, next: (options: unknown) => unknown) => {
        const call = next(options) as Partial<CancelableCall>;
        if (typeof call.on === 'function' && typeof call.cancel === 'function') {
          const cancel = call.cancel.bind(call);
          call.on('downloadProgress', ({ transferred }) => {
            if (transferred > limits.maxBodyBytes) cancel();
          });
        }
        return call;
      },
    ],
  });
  for (const method of METHODS) client[method] = (url, options) => limited[method](url, options);
  client[LIMITED] = limits;
}
