/**
 * A counter per course that grows with every write changing what a learner's reviews panel shows
 * to everyone (reviews and their statuses, helpful counts and responses, corrective actions and
 * their links, course versions, course settings). Adapters bump it inside the transaction of that
 * write, so a reader that reads the generation *before* the data can never file newer data under an
 * older generation for long: the next reader sees the bump and rebuilds. The panel keys its cache of
 * rendered review lists by it (panels/reviews/shared-view), which is how a page view avoids
 * re-reading and re-rendering what nobody changed, on any number of processes sharing one store.
 */
import type { ContextKey } from '../../context/tenant';

export interface CourseGenerationStore {
  /** The course's current generation: 0 before any counted write, then strictly growing. */
  generationOf(course: ContextKey): Promise<number>;
}
