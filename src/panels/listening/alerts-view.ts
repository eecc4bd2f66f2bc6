/**
 * The alerts of a Listening scope as views/listening/_alerts.ejs shows them: each alert's label and
 * sentence in the reader's language, its course (for a deployment), its date and state, links to the
 * reviews behind it (on the course's needs-attention page, which opens a chosen review) and an
 * acknowledge form while it is open. For the Listening pages (the lead wires it in) and the
 * needs-attention page. Course titles come from the catalogue, one look-up per course shown.
 */
import type { Locale } from '../../context/launch-context';
import type { ContextKey } from '../../context/tenant';
import { formatDate } from '../../i18n/format';
import { translate } from '../../i18n/translate';
import type { ListeningScope } from '../../listening/access';
import { alertKindLabel, alertSentence } from '../../listening/alerts/alert-text';
import type { Storage } from '../../storage/port';
import type { Alert, AlertScope } from '../../storage/ports/alerts';

export interface AlertItemView {
  readonly id: string;
  readonly kind: Alert['kind'];
  readonly label: string;
  readonly sentence: string;
  readonly course?: { readonly title: string; readonly href: string };
  readonly raised: string;
  readonly open: boolean;
  readonly stateText: string;
  readonly reviews: ReadonlyArray<{ readonly href: string; readonly text: string }>;
  readonly mentionHref?: string;
  readonly acknowledgeLabel: string;
}

export interface AlertsView {
  readonly heading: string;
  readonly openCount: string;
  readonly empty: string;
  readonly items: readonly AlertItemView[];
  /** Where the acknowledge forms post (the session's Listening alerts). */
  readonly acknowledgeBase: string;
  /** Where a form sends the reader back after acknowledging: 'loop' (needs attention) or 'listening'. */
  readonly back: 'loop' | 'listening';
  readonly csrfToken: string;
  readonly t: { readonly reviews: string; readonly mention: string; readonly acknowledge: string };
}

const SHOWN = 30;

export function alertScopeOf(scope: ListeningScope): AlertScope {
  return scope.kind === 'course' ? { kind: 'course', course: scope.course } : { kind: 'deployment', deployment: scope.deployment };
}

/**
 * The view of the scope's alerts. `sessionCourse` is the course the session was launched in: its
 * reviews can be opened from here (the needs-attention page of this session); another course's
 * cannot, so its alerts link to its Listening page instead.
 */
export async function alertsOfScope(
  storage: Pick<Storage, 'alerts' | 'catalogue'>,
  scope: AlertScope,
  options: { locale: Locale; sessionId: string; csrfToken: string; sessionCourse?: ContextKey; back: 'loop' | 'listening' },
): Promise<AlertsView> {
  const { locale } = options;
  const base = `/s/${options.sessionId}`;
  const [alerts, open] = await Promise.all([storage.alerts.listAlerts(scope, SHOWN), storage.alerts.countOpen(scope)]);
  const titles = new Map<string, string>();
  if (scope.kind === 'deployment') {
    for (const contextId of new Set(alerts.map((a) => a.course.contextId))) {
      const entry = await storage.catalogue.findCourse({ ...scope.deployment, contextId });
      titles.set(contextId, entry?.title || contextId);
    }
  }
  const inSessionCourse = (a: Alert) => options.sessionCourse !== undefined && a.course.contextId === options.sessionCourse.contextId && a.course.deploymentId === options.sessionCourse.deploymentId;
  const items = alerts.map((alert): AlertItemView => {
    const label = alertKindLabel(alert, locale);
    const raised = formatDate(alert.raisedAt, locale);
    const mentionHref = alert.kind === 'negative-mention' && typeof alert.facts.url === 'string' && alert.facts.url ? alert.facts.url : undefined;
    return {
      id: alert.id,
      kind: alert.kind,
      label,
      sentence: alertSentence(alert, locale),
      ...(scope.kind === 'deployment'
        ? { course: { title: titles.get(alert.course.contextId) ?? alert.course.contextId, href: `${base}/listening/courses/${encodeURIComponent(alert.course.contextId)}` } }
        : {}),
      raised: translate(locale, 'alerts.raised', { date: raised }),
      open: alert.state === 'open',
      stateText: alert.state === 'open' ? translate(locale, 'alerts.state.open') : translate(locale, 'alerts.state.acknowledged', { date: formatDate(alert.acknowledgedAt ?? alert.raisedAt, locale) }),
      reviews: inSessionCourse(alert)
        ? alert.reviewIds.map((id, i) => ({ href: `${base}/reviews/loop?review=${encodeURIComponent(id)}`, text: translate(locale, 'alerts.review', { n: i + 1 }) }))
        : [],
      ...(mentionHref ? { mentionHref } : {}),
      acknowledgeLabel: translate(locale, 'alerts.acknowledgeLabel', { label, date: raised }),
    };
  });
  return {
    heading: translate(locale, 'alerts.list.heading'),
    openCount: translate(locale, 'alerts.list.open', { count: open }),
    empty: translate(locale, 'alerts.list.empty'),
    items,
    acknowledgeBase: `${base}/listening/alerts`,
    back: options.back,
    csrfToken: options.csrfToken,
    t: { reviews: translate(locale, 'alerts.reviews'), mention: translate(locale, 'alerts.mention'), acknowledge: translate(locale, 'alerts.acknowledge') },
  };
}
