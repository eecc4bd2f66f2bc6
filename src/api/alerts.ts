/**
 * The alerts of the token's reach (every course of its platform, or of its deployment; one course
 * when asked), newest first, paged by the store's keyset position wrapped in a cursor bound to the
 * token, the course and the state asked. An alert is served with what a read-only integration may
 * hold: its kind, course, dates, state, the ids of the reviews behind it (the ids GET …/reviews
 * serves) and its figures. Never who acknowledged it, its dedupe key or anything of its deliveries
 * (instructors' addresses, the webhook). Facts are copied by an allow-list per kind, so a fact a
 * later rule adds stays out of the API until it is listed here and in the OpenAPI description.
 */
import type { AlertKind } from '../listening/alerts/alert-rules';
import type { Storage } from '../storage/port';
import type { Alert, AlertPageScope, AlertState } from '../storage/ports/alerts';
import type { ApiToken } from '../storage/ports/api-tokens';
import type { CatalogueCourse } from '../storage/ports/catalogue';
import { isTimestamp } from '../storage/shared/cursor';
import { AppError } from '../http/errors';
import { cursorCodec } from './api-cursor';
import type { ApiPage, PageParams } from './api-query';
import { encodeCourseId } from './course-id';
import { tokenScope } from './course-scope';

export const ALERT_LIMIT = { default: 20, max: 100 } as const;
export const ALERT_STATES: readonly AlertState[] = ['open', 'acknowledged'];

/** The figures of each kind that may leave the tool (listening/alerts/evaluate-course.ts, mention-alert.ts). */
export const PUBLIC_FACTS: Readonly<Record<AlertKind, readonly string[]>> = {
  'average-drop': ['ratings', 'before', 'after', 'drop'],
  'low-spike': ['count', 'days', 'baseline'],
  'unanswered-low': ['rating', 'days'],
  'topic-negative': ['topic', 'share', 'previousShare', 'mentions'],
  // The post's title and address: a public post outside the LMS, as the feed published it.
  'negative-mention': ['title', 'url'],
};

export interface ApiAlert {
  readonly id: string;
  readonly kind: AlertKind;
  readonly courseId: string;
  readonly raisedAt: string;
  readonly state: AlertState;
  readonly acknowledgedAt: string | null;
  readonly reviewIds: readonly string[];
  readonly facts: Readonly<Record<string, number | string>>;
}

export interface AlertListQuery extends PageParams {
  /** The one course asked for (already checked to be within the token's reach). */
  readonly course?: CatalogueCourse;
  readonly state?: AlertState;
}

type Position = [number, string];
const alertsCursor = cursorCodec<Position>('alerts', (value) =>
  Array.isArray(value) && value.length === 2 && isTimestamp(value[0]) && typeof value[1] === 'string' && value[1].length > 0 && value[1].length <= 200 ? (value as Position) : null,
);

/** `state` as the query gave it: absent, or one of the two states (anything else is a 400). */
export function readAlertState(raw: string | undefined): AlertState | undefined {
  if (raw === undefined) return undefined;
  if (!(ALERT_STATES as readonly string[]).includes(raw)) throw new AppError('API_INVALID_VALUE', { parameter: 'state', value: raw.slice(0, 32) }, { name: 'state', accepted: ALERT_STATES.join(', ') });
  return raw as AlertState;
}

export async function listApiAlerts(storage: Pick<Storage, 'alerts'>, token: ApiToken, query: AlertListQuery): Promise<ApiPage<ApiAlert>> {
  const cursorScope = JSON.stringify([tokenScope(token), query.course ? encodeCourseId(query.course.course) : null, query.state ?? null]);
  const after = query.cursor !== undefined ? alertsCursor.decode(cursorScope, query.cursor) : null;
  const page = await storage.alerts.pageAlerts({
    scope: pageScopeOf(token, query.course),
    limit: query.limit,
    ...(query.state ? { state: query.state } : {}),
    ...(after ? { after: { raisedAt: new Date(after[0]), id: after[1] } } : {}),
  });
  return {
    items: page.items.map(apiAlert),
    nextCursor: page.next ? alertsCursor.encode(cursorScope, [page.next.raisedAt.getTime(), page.next.id]) : null,
  };
}

/** The course asked for, else the token's deployment, else its platform: never wider than the token. */
function pageScopeOf(token: ApiToken, course: CatalogueCourse | undefined): AlertPageScope {
  if (course) return { kind: 'course', course: course.course };
  if (token.deploymentId !== undefined) return { kind: 'deployment', deployment: { ...token.platform, deploymentId: token.deploymentId } };
  return { kind: 'platform', platform: token.platform };
}

function apiAlert(alert: Alert): ApiAlert {
  const facts: Record<string, number | string> = {};
  for (const name of PUBLIC_FACTS[alert.kind] ?? []) {
    const value = alert.facts[name];
    if (typeof value === 'number' || typeof value === 'string') facts[name] = value;
  }
  return {
    id: alert.id,
    kind: alert.kind,
    courseId: encodeCourseId(alert.course),
    raisedAt: alert.raisedAt.toISOString(),
    state: alert.state,
    acknowledgedAt: alert.acknowledgedAt?.toISOString() ?? null,
    reviewIds: [...alert.reviewIds],
    facts,
  };
}
