/**
 * The order the Listening reads return courses in, on every adapter: by context id, code unit by
 * code unit (SQLite's BINARY collation, MongoDB's simple one), and the ratings per range by their day
 * first. Kept here once so that the adapters, and the overview assembled from kept parts
 * (listening/overview-cache.ts), cannot drift apart.
 */
import type { ContextKey } from '../../context/tenant';

type WithCourse = { readonly course: ContextKey };

export const byContextId = (a: WithCourse, b: WithCourse): number => (a.course.contextId < b.course.contextId ? -1 : a.course.contextId > b.course.contextId ? 1 : 0);

export const byDayThenContextId = (a: WithCourse & { readonly day: number }, b: WithCourse & { readonly day: number }): number => a.day - b.day || byContextId(a, b);
