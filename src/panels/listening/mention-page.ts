/**
 * The view models of the mentions pages: the deployment's feeds with their state in words, the
 * add-feed form with its problems and what was typed, the courses with their keywords, one course's
 * keywords form and mentions, and a flash read from ?done= (own keys only).
 */
import { isFeedErrorCode } from '../../catalogue/external/feed-error';
import type { SourceField, SourceProblem } from '../../catalogue/external/source-input';
import type { Locale } from '../../context/launch-context';
import type { MessageKey } from '../../i18n/en';
import { formatDate } from '../../i18n/format';
import { translator } from '../../i18n/translate';
import type { KeywordProblem } from '../../listening/mentions/keyword-input';
import type { CourseKeywords, MentionFeed } from '../../storage/ports/mentions';
import type { PanelChrome } from '../chrome';
import type { CourseMentionsView } from './course-mentions';

type T = ReturnType<typeof translator>;
export type FeedProblems = Partial<Record<SourceField, SourceProblem>>;

export interface FeedsPageInput {
  readonly chrome: PanelChrome;
  readonly locale: Locale;
  readonly feeds: readonly MentionFeed[];
  readonly courses: ReadonlyArray<{ readonly contextId: string; readonly title: string }>;
  readonly keywords: readonly CourseKeywords[];
  readonly problems?: FeedProblems;
  readonly values?: { readonly name: string; readonly url: string };
  readonly done?: unknown;
}

export function feedsPage(input: FeedsPageInput) {
  const t = translator(input.locale);
  const base = `${input.chrome.base}/listening/mentions`;
  const termsOf = new Map(input.keywords.map((k) => [k.course.contextId, k.terms]));
  return {
    chrome: input.chrome,
    base,
    feeds: input.feeds.map((feed) => presentFeed(feed, input.locale, t)),
    problems: Object.fromEntries(Object.entries(input.problems ?? {}).map(([field, problem]) => [field, feedProblem(field, problem, t)])),
    values: input.values ?? { name: '', url: '' },
    courses: input.courses.map((course) => ({
      title: course.title || course.contextId,
      href: `${base}/courses/${encodeURIComponent(course.contextId)}`,
      terms: termsOf.get(course.contextId)?.join(' · ') || t('mentions.courses.none'),
    })),
    flash: flashOf(input.done, t),
  };
}

export interface CoursePageInput {
  readonly chrome: PanelChrome;
  readonly locale: Locale;
  readonly courseTitle: string;
  readonly contextId: string;
  readonly keywordsText: string;
  readonly problem?: KeywordProblem;
  readonly mentions: CourseMentionsView;
  /** Whether a link back to every feed and course is shown (deployment scope). */
  readonly showBack: boolean;
  readonly done?: unknown;
}

export function coursePage(input: CoursePageInput) {
  const t = translator(input.locale);
  const base = `${input.chrome.base}/listening/mentions`;
  return {
    chrome: input.chrome,
    heading: t('mentions.course.heading', { course: input.courseTitle }),
    action: `${base}/courses/${encodeURIComponent(input.contextId)}/keywords`,
    back: input.showBack ? base : undefined,
    keywordsText: input.keywordsText,
    problem: input.problem ? t(`mentions.keywords.problem.${input.problem}`) : undefined,
    mentions: input.mentions,
    flash: flashOf(input.done, t),
  };
}

function presentFeed(feed: MentionFeed, locale: Locale, t: T) {
  const reason = t(`sources.error.${feed.lastError && isFeedErrorCode(feed.lastError) ? feed.lastError : 'internal'}`);
  const status =
    feed.consecutiveFailures > 0
      ? t('mentions.feed.status.failing', { failures: t('mentions.feed.failures', { count: feed.consecutiveFailures }), reason })
      : feed.lastSuccessAt
        ? `${t('mentions.feed.status.ok')} · ${t('mentions.feed.lastSuccess', { date: formatDate(feed.lastSuccessAt, locale) })}`
        : t('mentions.feed.status.pending');
  return { id: feed.id, title: feed.title, url: feed.url, failing: feed.consecutiveFailures > 0, status, removeLabel: t('mentions.feed.removeLabel', { name: feed.title }) };
}

function feedProblem(field: string, problem: string, t: T): string {
  if (problem === 'duplicate' || problem === 'too-many') return t(`mentions.feed.problem.${problem}`);
  return t(`sources.problem.${field}.${problem}` as MessageKey);
}

function flashOf(done: unknown, t: T): string | undefined {
  if (done === 'feedAdded' || done === 'feedRemoved' || done === 'keywordsSaved') return t(`mentions.flash.${done}`);
  return undefined;
}
