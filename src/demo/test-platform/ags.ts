/**
 * Assignment and Grade Services 2.0: line items (AGS §3.2), scores (§3.4) and results (§3.3).
 * Moodle answers a score with 200 and an empty body (fixtures/moodle-5.1/services-calls.json);
 * Canvas answers with a JSON resultUrl. failScores(n) makes the next n score posts fail with 500 so
 * the tool's retry path can be tested.
 */
import type { Request, Response } from 'express';
import { MEDIA_TYPE, SCOPE } from './constants';
import type { PlatformCore } from './core';
import { requireScope } from './token';
import type { LineItem, ScoreRecord } from './types';

const ACTIVITY_PROGRESS = ['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed'];
const GRADING_PROGRESS = ['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady'];

function sendJson(res: Response, status: number, mediaType: string, body: unknown): void {
  res.status(status).type(`${mediaType}; charset=utf-8`).send(JSON.stringify(body));
}

function bad(res: Response, message: string): void {
  res.status(400).type('text/plain').send(message);
}

export function lineItemJson(core: PlatformCore, item: LineItem): Record<string, unknown> {
  if (core.flavour === 'moodle') {
    return {
      id: core.urls.lineItem(item.id),
      label: item.label,
      scoreMaximum: item.scoreMaximum,
      resourceId: item.resourceId ?? '',
      tag: item.tag ?? '',
      resourceLinkId: item.resourceLinkId ?? '',
      ltiLinkId: item.resourceLinkId ?? '',
    };
  }
  const out: Record<string, unknown> = { id: core.urls.lineItem(item.id), scoreMaximum: item.scoreMaximum, label: item.label };
  if (item.resourceId !== undefined) out.resourceId = item.resourceId;
  if (item.tag !== undefined) out.tag = item.tag;
  if (item.resourceLinkId !== undefined) out.resourceLinkId = item.resourceLinkId;
  return out;
}

/** Creates a line item (used by the service and by deep linking's lineItem). */
export function createLineItem(core: PlatformCore, fields: Omit<LineItem, 'id'>): LineItem {
  const item: LineItem = { ...fields, id: String(core.next('lineItem', core.flavour === 'moodle' ? 2 : 1)) };
  core.lineItems.push(item);
  return item;
}

/**
 * Any course of the site answers. Line items are one list for the whole platform (a simplification:
 * the tests grade in one course; the demo's other courses give no credit).
 */
function checkCourse(core: PlatformCore, res: Response, courseId: string): boolean {
  if (core.config.courses.some((c) => c.numericId === courseId)) return true;
  res.status(404).type('text/plain').send('No such course');
  return false;
}

function findItem(core: PlatformCore, res: Response, itemId: string): LineItem | undefined {
  const item = core.findLineItem(itemId);
  if (!item) res.status(404).type('text/plain').send('No such line item');
  return item;
}

function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function listLineItems(core: PlatformCore, req: Request, res: Response, courseId: string): void {
  if (!requireScope(core, req, res, [SCOPE.lineItem, SCOPE.lineItemReadOnly]) || !checkCourse(core, res, courseId)) return;
  const q = req.query;
  let items = core.lineItems;
  if (typeof q.resource_link_id === 'string') items = items.filter((i) => i.resourceLinkId === q.resource_link_id);
  if (typeof q.resource_id === 'string') items = items.filter((i) => i.resourceId === q.resource_id);
  if (typeof q.tag === 'string') items = items.filter((i) => i.tag === q.tag);
  const limit = Number(q.limit);
  if (Number.isInteger(limit) && limit > 0) items = items.slice(0, limit);
  sendJson(res, 200, MEDIA_TYPE.lineItemContainer, items.map((i) => lineItemJson(core, i)));
}

export function postLineItem(core: PlatformCore, req: Request, res: Response, courseId: string): void {
  if (!requireScope(core, req, res, [SCOPE.lineItem]) || !checkCourse(core, res, courseId)) return;
  const body = bodyOf(req);
  if (typeof body.label !== 'string' || body.label.trim() === '') return bad(res, 'A line item needs a label (AGS §3.2.7)');
  if (typeof body.scoreMaximum !== 'number' || !(body.scoreMaximum > 0)) {
    return bad(res, 'A line item needs a scoreMaximum greater than 0 (AGS §3.2.8)');
  }
  const item = createLineItem(core, {
    label: body.label,
    scoreMaximum: body.scoreMaximum,
    resourceId: optionalString(body.resourceId),
    tag: optionalString(body.tag),
    resourceLinkId: optionalString(body.resourceLinkId),
    startDateTime: optionalString(body.startDateTime),
    endDateTime: optionalString(body.endDateTime),
  });
  sendJson(res, 201, MEDIA_TYPE.lineItem, lineItemJson(core, item));
}

export function getLineItem(core: PlatformCore, req: Request, res: Response, courseId: string, itemId: string): void {
  if (!requireScope(core, req, res, [SCOPE.lineItem, SCOPE.lineItemReadOnly]) || !checkCourse(core, res, courseId)) return;
  const item = findItem(core, res, itemId);
  if (item) sendJson(res, 200, MEDIA_TYPE.lineItem, lineItemJson(core, item));
}

export function putLineItem(core: PlatformCore, req: Request, res: Response, courseId: string, itemId: string): void {
  if (!requireScope(core, req, res, [SCOPE.lineItem]) || !checkCourse(core, res, courseId)) return;
  const item = findItem(core, res, itemId);
  if (!item) return;
  const body = bodyOf(req);
  if (typeof body.label === 'string' && body.label.trim() !== '') item.label = body.label;
  if (typeof body.scoreMaximum === 'number' && body.scoreMaximum > 0) item.scoreMaximum = body.scoreMaximum;
  if (typeof body.tag === 'string') item.tag = body.tag;
  if (typeof body.resourceId === 'string') item.resourceId = body.resourceId;
  sendJson(res, 200, MEDIA_TYPE.lineItem, lineItemJson(core, item));
}

export function deleteLineItem(core: PlatformCore, req: Request, res: Response, courseId: string, itemId: string): void {
  if (!requireScope(core, req, res, [SCOPE.lineItem]) || !checkCourse(core, res, courseId)) return;
  const index = core.lineItems.findIndex((i) => i.id === itemId);
  if (index < 0) {
    res.status(404).type('text/plain').send('No such line item');
    return;
  }
  core.lineItems.splice(index, 1);
  res.status(204).end();
}

export function postScore(core: PlatformCore, req: Request, res: Response, courseId: string, itemId: string): void {
  const token = requireScope(core, req, res, [SCOPE.score]);
  if (!token || !checkCourse(core, res, courseId)) return;
  if (core.scoreFailuresLeft > 0) {
    core.scoreFailuresLeft -= 1;
    res.status(500).type('text/plain').send('Internal Server Error (simulated by the test platform: failScores)');
    return;
  }
  const item = findItem(core, res, itemId);
  if (!item) return;
  const body = bodyOf(req);
  const userId = body.userId;
  if (typeof userId !== 'string' || !core.findMember(userId)) {
    return bad(res, `Incorrect score received: userId ${JSON.stringify(userId ?? null)} is not a member of this course`);
  }
  if (typeof body.activityProgress !== 'string' || !ACTIVITY_PROGRESS.includes(body.activityProgress)) {
    return bad(res, `Incorrect score received: activityProgress must be one of ${ACTIVITY_PROGRESS.join(', ')}`);
  }
  if (typeof body.gradingProgress !== 'string' || !GRADING_PROGRESS.includes(body.gradingProgress)) {
    return bad(res, `Incorrect score received: gradingProgress must be one of ${GRADING_PROGRESS.join(', ')}`);
  }
  if (typeof body.timestamp !== 'string' || Number.isNaN(Date.parse(body.timestamp))) {
    return bad(res, 'Incorrect score received: timestamp must be an ISO 8601 date-time');
  }
  if (body.scoreGiven !== undefined) {
    if (typeof body.scoreGiven !== 'number' || body.scoreGiven < 0) return bad(res, 'Incorrect score received: scoreGiven must be a number ≥ 0');
    if (typeof body.scoreMaximum !== 'number' || !(body.scoreMaximum > 0)) {
      return bad(res, 'Incorrect score received: scoreMaximum (> 0) is required with scoreGiven (AGS §3.4.4)');
    }
  }
  const record: ScoreRecord = {
    lineItemId: item.id,
    lineItemUrl: core.urls.lineItem(item.id),
    userId,
    scoreGiven: typeof body.scoreGiven === 'number' ? body.scoreGiven : undefined,
    scoreMaximum: typeof body.scoreMaximum === 'number' ? body.scoreMaximum : undefined,
    comment: optionalString(body.comment),
    activityProgress: body.activityProgress,
    gradingProgress: body.gradingProgress,
    timestamp: body.timestamp,
    clientId: token.clientId,
    receivedAt: new Date(),
    body,
  };
  core.scores.push(record);
  if (core.flavour === 'moodle') {
    res.status(200).type(`${MEDIA_TYPE.score}; charset=utf-8`).send('');
    return;
  }
  res.status(200).json({ resultUrl: resultUrl(core, item.id, userId) });
}

function resultUrl(core: PlatformCore, itemId: string, userId: string): string {
  const url = new URL(core.urls.lineItem(itemId));
  url.pathname += '/results';
  url.searchParams.set('user_id', userId);
  return url.toString();
}

export function getResults(core: PlatformCore, req: Request, res: Response, courseId: string, itemId: string): void {
  if (!requireScope(core, req, res, [SCOPE.resultReadOnly]) || !checkCourse(core, res, courseId)) return;
  const item = findItem(core, res, itemId);
  if (!item) return;
  const latest = new Map<string, ScoreRecord>();
  for (const score of core.scores) if (score.lineItemId === item.id) latest.set(score.userId, score);
  const userFilter = typeof req.query.user_id === 'string' ? req.query.user_id : undefined;
  const results = [...latest.values()]
    .filter((s) => s.scoreGiven !== undefined && (!userFilter || s.userId === userFilter))
    .map((s) => ({
      id: resultUrl(core, item.id, s.userId),
      scoreOf: core.urls.lineItem(item.id),
      userId: s.userId,
      resultScore: ((s.scoreGiven ?? 0) / (s.scoreMaximum ?? 1)) * item.scoreMaximum,
      resultMaximum: item.scoreMaximum,
      comment: s.comment,
      timestamp: s.timestamp,
    }));
  sendJson(res, 200, MEDIA_TYPE.resultContainer, results);
}
