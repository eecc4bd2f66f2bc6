import type { ContextKey } from '../../context/tenant';

/*
 * Counted writes of one course all write the course's hot documents (its items' summaries, its
 * generation). Run concurrently, MongoDB lets one transaction win each and aborts the others with a
 * write conflict, which withTransaction retries at once: a burst of N writes in one course costs
 * about N/2 aborted attempts per write (README, "Hot documents"). Queued per course inside the
 * process, they take turns instead, and only other processes' writes can still conflict.
 */
const tails = new Map<string, Promise<unknown>>();

function keyOf(course: ContextKey): string {
  return JSON.stringify([course.issuer, course.clientId, course.deploymentId, course.contextId]);
}

/** Runs `work` once every earlier work of the same course in this process has settled (FIFO). */
export function inCourseQueue<T>(course: ContextKey, work: () => Promise<T>): Promise<T> {
  const key = keyOf(course);
  const previous = tails.get(key) ?? Promise.resolve();
  const result = previous.then(work, work);
  const tail = result.catch(() => undefined);
  tails.set(key, tail);
  // The map holds only courses with work pending: the last one out removes its key.
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return result;
}

/** How many courses have queued work (for tests). */
export function queuedCourses(): number {
  return tails.size;
}
