/**
 * The per-course Listening page as one view model: the rating over time with course versions and
 * corrective actions marked, the aspects over time, the before/after of each done action, and what
 * learners praise and complain about (sentences by sentiment, topics with links to their texts).
 * Every table is named, so the route can export any of them from the very cells the page shows.
 */
import type { Locale } from '../../context/launch-context';
import type { ContextKey } from '../../context/tenant';
import { formatDate } from '../../i18n/format';
import { translator, type Translate } from '../../i18n/translate';
import { multiSeriesChart, timeSeriesChart, type MultiSeriesChart, type TimeSeriesChart, type TimelineMarker } from '../../listening/charts';
import type { ChartTable } from '../../listening/charts';
import { aspectSeries, bucketsOf, ratingPoints, timelineWindow, type BucketSize } from '../../listening/course/course-timeline';
import { readCourseTexts } from '../../listening/course/course-texts';
import { courseVoices, type CourseVoices } from '../../listening/course/course-voices';
import type { VoicesCache } from '../../listening/course/voices-cache';
import type { Storage } from '../../storage/port';
import type { CatalogueCourse } from '../../storage/ports/catalogue';
import type { CorrectiveAction } from '../../storage/ports/corrective-actions';
import { ASPECTS } from '../../storage/ports/course-settings';
import type { CourseVersion } from '../../storage/ports/course-versions';
import { COURSE_ITEM } from '../reviews/review-item';
import { actionsTable, sentimentTable, shareCell, topicsTable } from './course-tables';

export interface CoursePageDeps {
  readonly storage: Storage;
  readonly now: () => Date;
  readonly voices: VoicesCache<CourseVoices>;
}

export interface CoursePageInput {
  readonly course: CatalogueCourse;
  readonly by: BucketSize;
  readonly locale: Locale;
  /** /s/<sid>/listening/courses/<id>: the page's own address, for its links. */
  readonly pageUrl: string;
}

const ACTIONS_READ = 50;

/** The course's voices, from the cache while its generation has not moved (read before the data: see course-generations.ts). */
export async function voicesOf(deps: CoursePageDeps, course: ContextKey, locale: Locale): Promise<CourseVoices> {
  const generation = await deps.storage.generations.generationOf(course);
  const now = deps.now();
  return deps.voices.get(course, locale, generation, now.getTime(), async () => courseVoices(await readCourseTexts(deps.storage, course), now, locale));
}

export async function loadCoursePage(deps: CoursePageDeps, input: CoursePageInput) {
  const { course: known, by, locale, pageUrl } = input;
  const t = translator(locale);
  const course = known.course;
  const now = deps.now();
  const window = timelineWindow(now, by);
  const [voices, days, versions, actions, figures] = await Promise.all([
    voicesOf(deps, course, locale),
    deps.storage.ratingDays.courseDays(course, window.fromDay, window.toDay),
    deps.storage.courseVersions.listVersions(course),
    deps.storage.actions.listActions(course, ACTIONS_READ),
    deps.storage.reviews.versionSummaries({ ...course, itemId: COURSE_ITEM }),
  ]);

  const buckets = bucketsOf(now, by, days[0]?.day);
  const markers = timelineMarkers(versions, actions, t);
  const rating = timeSeriesChart({
    title: t(`lcourse.rating.title.${by}`),
    description: t('lcourse.rating.description', { course: known.title }),
    points: ratingPoints(days, buckets),
    markers,
    locale,
  });
  const rated = [...voices.textsById.values()].filter((text) => text.kind === 'review' && text.aspects).map((text) => ({ at: text.at, aspects: text.aspects! }));
  const series = aspectSeries(rated, buckets, ASPECTS);
  const aspects: MultiSeriesChart | null =
    series.length === 0
      ? null
      : multiSeriesChart({
          title: t(`lcourse.aspects.title.${by}`),
          description: t('lcourse.aspects.description', { course: known.title }),
          series: series.map((s) => ({ key: s.aspect, label: t(`reviews.aspect.${s.aspect}`), points: s.points })),
          markers,
          locale,
        });
  const tables = namedTables(rating, aspects, {
    actions: actionsTable(actions, versions, figures, locale),
    sentiment: sentimentTable(voices.sentenceCounts, locale),
    topics: topicsTable(voices.topics, locale),
  });
  const exportLinks = (name: string) => ({
    label: t('lcourse.export.label', { table: tables.get(name)!.caption }),
    csv: `${pageUrl}?by=${by}&format=csv&table=${name}`,
    json: `${pageUrl}?by=${by}&format=json&table=${name}`,
  });

  return {
    pageTitle: t('lcourse.heading', { course: known.title }),
    courseTitle: known.title,
    by,
    byLinks: (['month', 'week'] as const).map((size) => ({ href: `${pageUrl}?by=${size}`, label: t(`lcourse.by.${size}`), current: size === by })),
    rating,
    ratingExports: ['ratings', ...(tables.has('markers') ? ['markers'] : [])].map(exportLinks),
    aspects,
    aspectExports: aspects ? [exportLinks('aspects')] : [],
    actions: { table: tables.get('actions')!, exports: [exportLinks('actions')] },
    voices: {
      scope: t('lcourse.voices.scope', { count: voices.textCount }),
      truncated: voices.truncated,
      sentiment: { table: tables.get('sentiment')!, exports: [exportLinks('sentiment')] },
      topics: voices.topics.map((topic) => ({
        label: topic.label,
        href: `${pageUrl}/topics/${encodeURIComponent(topic.key)}`,
        count: topic.count,
        negative: shareCell(topic.negativeShare, locale).text,
        positive: shareCell(topic.positiveShare, locale).text,
        recent: topic.trend.recent,
        previous: topic.trend.previous,
      })),
      topicsTable: tables.get('topics')!,
      topicExports: [exportLinks('topics')],
    },
    tables,
  };
}

export type CoursePage = Awaited<ReturnType<typeof loadCoursePage>>;

/** Every table of the page under the name the export asks for (?table=…). */
function namedTables(rating: TimeSeriesChart, aspects: MultiSeriesChart | null, own: Record<'actions' | 'sentiment' | 'topics', ChartTable>): Map<string, ChartTable> {
  const tables = new Map<string, ChartTable>([['ratings', rating.tables[0]]]);
  if (rating.tables[1]) tables.set('markers', rating.tables[1]);
  if (aspects) tables.set('aspects', aspects.tables[0]);
  for (const [name, table] of Object.entries(own)) tables.set(name, table);
  return tables;
}

/**
 * Versions at the day they start; actions done in a version at that version's start (when the change
 * reached learners), other actions at the day they were planned, each with its status.
 */
export function timelineMarkers(versions: readonly CourseVersion[], actions: readonly CorrectiveAction[], t: Translate): TimelineMarker[] {
  const startOf = (id: string | undefined) => versions.find((v) => v.id === id)?.startsOn;
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
  return [
    ...versions.map((v): TimelineMarker => ({ at: day(v.startsOn), label: v.label, kind: 'version' })),
    ...actions.map((a): TimelineMarker => {
      const started = a.status === 'done' ? startOf(a.doneInVersion) : undefined;
      const at = started ? day(started) : a.status === 'done' ? a.updatedAt : a.createdAt;
      return { at, label: t('lcourse.marker.action', { description: a.description, status: t(`loop.action.statusName.${a.status}`) }), kind: 'action' };
    }),
  ];
}

/** A date as the topic page writes it. */
export const shownDate = (at: Date, locale: Locale) => formatDate(at, locale);
