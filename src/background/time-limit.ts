/**
 * A background send that must not outlast its claim: the work's outcome, or a refusal saying
 * `message` once `ms` have passed. The work itself is not stopped (the callers' clients cannot be
 * aborted from outside); its late outcome is still observed by the race, so it is never unhandled.
 */
export function withTimeLimit<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}
