/** Whole seconds until `time`, at least 1 (a Retry-After of 0 invites an immediate retry). */
export function secondsUntil(time: number, now = Date.now()): number {
  return Math.max(1, Math.ceil((time - now) / 1000));
}
