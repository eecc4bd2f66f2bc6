/**
 * The strip every panel page starts with: the course, who you are and in which role, and tabs
 * between the panels the course has switched on (instructors always see every tab and Settings).
 */
import type { LaunchSession } from '../storage/port';
import type { CourseSettings } from '../storage/ports/course-settings';
import { csrfTokenFor } from '../http/csrf';
import { translate, translator } from '../i18n/translate';
import { PANELS } from '../context/launch-context';
import { knownName } from '../context/person-name';

export type ChromeTab = 'reviews' | 'consumer-group' | 'contributions' | 'listening' | 'settings';

export interface PanelChrome {
  readonly base: string;
  readonly csrfToken: string;
  readonly contextTitle: string;
  readonly activityTitle?: string;
  /** Absent when the platform shares no name: the header then shows the role alone. */
  readonly userName?: string;
  readonly role: 'instructor' | 'learner';
  readonly roleLabel: string;
  readonly tabs: ReadonlyArray<{ readonly id: ChromeTab; readonly href: string; readonly label: string; readonly current: boolean }>;
}

export function panelChrome(session: LaunchSession, settings: CourseSettings, current: ChromeTab): PanelChrome {
  const context = session.context;
  const t = translator(context.locale);
  const base = `/s/${session.id}`;
  const staff = context.role === 'instructor';
  const tabs: PanelChrome['tabs'][number][] = [];
  if (settings.reviewsEnabled || staff) tabs.push({ id: 'reviews', href: `${base}/reviews`, label: t('panel.reviews'), current: current === 'reviews' });
  if (settings.consumerGroupEnabled || staff)
    tabs.push({ id: 'consumer-group', href: `${base}/consumer-group`, label: t('panel.consumer-group'), current: current === 'consumer-group' });
  if (settings.contributionsEnabled || staff)
    tabs.push({ id: 'contributions', href: `${base}/contributions`, label: t('panel.contributions'), current: current === 'contributions' });
  // Instructors hear their own course over time (listening/access.ts gives them that course's scope).
  if (staff && context.link.contextId !== '')
    tabs.push({ id: 'listening', href: `${base}/listening/courses/${encodeURIComponent(context.link.contextId)}`, label: t('panel.listening'), current: current === 'listening' });
  if (staff) tabs.push({ id: 'settings', href: `${base}/settings`, label: t('nav.settings'), current: current === 'settings' });
  return {
    base,
    csrfToken: csrfTokenFor(session),
    contextTitle: context.contextTitle,
    activityTitle: ownActivityTitle(context.resourceLinkTitle),
    userName: knownName({ id: context.userId, name: context.userName }),
    role: context.role,
    roleLabel: t(`role.${context.role}`),
    tabs,
  };
}

/**
 * Deep linking names an activity after its panel, in the language of the instructor who added it
 * ("Reviews and ratings"): the tab already says that in the viewer's language, so only a title
 * somebody wrote themselves is shown.
 */
const DEFAULT_ACTIVITY_TITLES = new Set(PANELS.flatMap((id) => (['en', 'fr'] as const).map((locale) => translate(locale, `panel.${id}`))));

function ownActivityTitle(title: string | undefined): string | undefined {
  return title && !DEFAULT_ACTIVITY_TITLES.has(title.trim()) ? title : undefined;
}
