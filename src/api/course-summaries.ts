/**
 * Course summaries of the read API: for each course, what its learners may see of it (the reviews
 * panel's rule, review-rules.ts visibilityFor, for a learner): below the course's minimum number of
 * ratings, or with reviews switched off, no figure at all. The trend is the listening view's
 * (listening/course-trends.ts) from the course's ratings per day, shown under the same rule.
 */
import { courseTrends, trendWindow, type PeriodFigures } from '../listening/course-trends';
import { COURSE_ITEM } from '../panels/reviews/review-item';
import { visibilityFor } from '../panels/reviews/review-rules';
import { courseSettings } from '../panels/settings/settings-defaults';
import type { Storage } from '../storage/port';
import type { ApiToken } from '../storage/ports/api-tokens';
import type { CatalogueCourse } from '../storage/ports/catalogue';
import type { RatingStats } from '../storage/ports/reviews';
import { cursorCodec } from './api-cursor';
import type { ApiPage, PageParams } from './api-query';
import { encodeCourseId } from './course-id';
import { compareCourses, coursesOf, tokenScope } from './course-scope';

export const COURSE_LIMIT = { default: 20, max: 100 } as const;

export interface ApiFigures {
  readonly count: number;
  readonly average: number | null;
}

export interface ApiCourseSummary {
  readonly id: string;
  readonly deploymentId: string;
  readonly contextId: string;
  readonly title: string;
  readonly label: string | null;
  readonly lmsUrl: string | null;
  readonly lastLaunchAt: string;
  /** false below the course's minimum number of ratings, or with reviews switched off: no figure then. */
  readonly ratingsShown: boolean;
  readonly rating: (ApiFigures & { readonly histogram: readonly number[]; readonly last12Months: ApiFigures }) | null;
  readonly aspects: ReadonlyArray<{ readonly aspect: string } & ApiFigures>;
  readonly trend: {
    readonly last30: ApiFigures;
    readonly previous30: ApiFigures;
    readonly change30: number | null;
    readonly last90: ApiFigures;
    readonly previous90: ApiFigures;
    readonly change90: number | null;
  } | null;
}

type Position = [string, string];
const coursesCursor = cursorCodec<Position>('courses', (value) =>
  Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string' && part.length <= 1024) ? (value as Position) : null,
);

export async function listCourseSummaries(storage: Storage, token: ApiToken, page: PageParams, now: Date): Promise<ApiPage<ApiCourseSummary>> {
  const scope = tokenScope(token);
  const after = page.cursor !== undefined ? coursesCursor.decode(scope, page.cursor) : null;
  const all = await coursesOf(storage, token);
  const rest = after ? all.filter((c) => compareCourses(c.course, { deploymentId: after[0], contextId: after[1] }) > 0) : all;
  const shown = rest.slice(0, page.limit);
  const last = shown[shown.length - 1];
  return {
    items: await Promise.all(shown.map((course) => courseSummary(storage, course, now))),
    nextCursor: rest.length > page.limit && last ? coursesCursor.encode(scope, [last.course.deploymentId, last.course.contextId]) : null,
  };
}

export async function courseSummary(storage: Storage, record: CatalogueCourse, now: Date): Promise<ApiCourseSummary> {
  const course = record.course;
  const [settings, summary] = await Promise.all([courseSettings(storage.settings, course), storage.reviews.summary({ ...course, itemId: COURSE_ITEM }, now)]);
  const shown = settings.reviewsEnabled && visibilityFor(settings, false, summary.overall.count).summary;
  const identity = {
    id: encodeCourseId(course),
    deploymentId: course.deploymentId,
    contextId: course.contextId,
    title: record.title,
    label: record.label ?? null,
    lmsUrl: settings.catalogue?.courseUrl || record.lmsUrl || null,
    lastLaunchAt: record.lastLaunchAt.toISOString(),
  };
  if (!shown) return { ...identity, ratingsShown: false, rating: null, aspects: [], trend: null };
  const window = trendWindow(now);
  const [trend] = courseTrends(await storage.ratingDays.courseDays(course, window.from, window.to), now);
  return {
    ...identity,
    ratingsShown: true,
    rating: { ...figures(summary.overall), histogram: [...summary.overall.histogram], last12Months: figures(summary.last12Months) },
    aspects: settings.aspects.flatMap((aspect) => {
      const stats = summary.aspects[aspect];
      return stats && stats.count > 0 ? [{ aspect, ...figures(stats) }] : [];
    }),
    trend: trend
      ? { last30: period(trend.last30), previous30: period(trend.previous30), change30: round(trend.change30), last90: period(trend.last90), previous90: period(trend.previous90), change90: round(trend.change90) }
      : null,
  };
}

function figures(stats: Pick<RatingStats, 'count' | 'sum'>): ApiFigures {
  return { count: stats.count, average: stats.count > 0 ? round(stats.sum / stats.count) : null };
}

const period = (p: PeriodFigures): ApiFigures => ({ count: p.count, average: round(p.average) });

/** Two decimals: enough to rank and chart, and the same figure on every store. */
function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}
