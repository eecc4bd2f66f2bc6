/**
 * The deep-linking return (Deep Linking 2.0 §4.5): the tool posts a JWT in the form field `JWT`.
 * Like Moodle (contentitem_return.php) the platform verifies it with the tool's keyset fetched over
 * HTTP, requires iss = the tool's client id and aud = the platform issuer, checks message type,
 * version, deployment and the echo of `data`, then turns each ltiResourceLink content item into a
 * course activity: its custom parameters come back in later launches of that link, and a `lineItem`
 * creates a gradebook column (AGS §3.2.5) as Moodle's "Accept grades from the tool" allows: with
 * 'always' an activity without one gets a 100-point column anyway (core.acceptGrades).
 */
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { decodeJwt, jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';
import { createLineItem } from './ags';
import { CLAIM, LTI_VERSION } from './constants';
import type { PlatformCore } from './core';
import { escapeHtml, page, refuse, sendHtml } from './html';
import type { Activity, CourseInfo, ToolRegistration } from './types';

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Moodle keeps custom values as strings; anything else is turned into its JSON text. */
function stringValues(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(asRecord(value) ?? {})) out[key] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

async function verify(core: PlatformCore, jwt: string): Promise<{ payload: JWTPayload; registration: ToolRegistration } | string> {
  let iss: unknown;
  try {
    iss = decodeJwt(jwt).iss;
  } catch {
    return 'The JWT field is not a JWT';
  }
  const registration = typeof iss === 'string' ? core.registrations.get(iss) : undefined;
  if (!registration) return `iss ${JSON.stringify(iss ?? null)} is not the client id of a registered tool (Moodle requires iss = client id)`;
  try {
    const { payload } = await jwtVerify(jwt, core.toolKeySet(registration.jwksUri), {
      algorithms: ['RS256'],
      issuer: registration.clientId,
      audience: core.config.issuer,
      requiredClaims: ['exp', 'iat', 'nonce'],
    });
    return { payload, registration };
  } catch (err) {
    return `The deep-linking response was refused: ${(err as Error).message}`;
  }
}

type IssuedRequest = PlatformCore['issuedDeepLinkRequests'][number];

/** The deep-linking request a response answers: the one whose data it echoes, else the latest. */
function answeredRequest(core: PlatformCore, payload: JWTPayload): IssuedRequest | undefined {
  const data = payload[CLAIM.deepLinkingData];
  const issued = core.issuedDeepLinkRequests;
  return issued.find((r) => data !== undefined && r.data === String(data)) ?? issued[issued.length - 1];
}

function checkClaims(core: PlatformCore, payload: JWTPayload, registration: ToolRegistration): string | undefined {
  if (payload[CLAIM.messageType] !== 'LtiDeepLinkingResponse') {
    return `message_type must be LtiDeepLinkingResponse (got ${JSON.stringify(payload[CLAIM.messageType] ?? null)})`;
  }
  if (payload[CLAIM.version] !== LTI_VERSION) return `version must be ${LTI_VERSION} (got ${JSON.stringify(payload[CLAIM.version] ?? null)})`;
  if (payload[CLAIM.deploymentId] !== registration.deploymentId) {
    return `deployment_id ${JSON.stringify(payload[CLAIM.deploymentId] ?? null)} is not this tool's deployment (${registration.deploymentId})`;
  }
  const data = payload[CLAIM.deepLinkingData];
  const issued = core.issuedDeepLinkRequests;
  const latest = issued[issued.length - 1];
  if (data !== undefined && !issued.some((r) => r.data === String(data))) {
    return 'data does not echo the data of any deep-linking request (Deep Linking §4.5.1)';
  }
  if (data === undefined && latest?.data !== undefined) {
    return 'data is missing: the deep-linking request carried data, which the response must return';
  }
  const items = payload[CLAIM.contentItems];
  if (items !== undefined && !Array.isArray(items)) return 'content_items must be an array';
  const request = answeredRequest(core, payload);
  if (Array.isArray(items) && items.length > 1 && request?.acceptMultiple === false) {
    return 'several content items were returned but the request said accept_multiple: false';
  }
  for (const item of (items as unknown[] | undefined) ?? []) {
    const type = asRecord(item)?.type;
    if (type !== 'ltiResourceLink') return `content item type ${JSON.stringify(type ?? null)} was not requested (accept_types is ["ltiResourceLink"])`;
  }
  return undefined;
}

function addActivity(core: PlatformCore, item: Record<string, unknown>, registration: ToolRegistration, contextId: string): Activity {
  const resourceLinkId = core.flavour === 'moodle' ? String(core.next('resourceLink', 2)) : randomUUID();
  const activity: Activity = {
    resourceLinkId,
    title: typeof item.title === 'string' && item.title.trim() !== '' ? item.title : registration.name,
    text: typeof item.text === 'string' ? item.text : undefined,
    url: typeof item.url === 'string' ? item.url : undefined,
    custom: stringValues(item.custom),
    clientId: registration.clientId,
    contextId,
    contentItem: item,
  };
  const declared = asRecord(item.lineItem);
  const lineItem = core.acceptGrades === 'never' ? undefined : declared ?? (core.acceptGrades === 'always' ? { scoreMaximum: 100 } : undefined);
  if (lineItem && typeof lineItem.scoreMaximum === 'number' && lineItem.scoreMaximum > 0) {
    activity.lineItemId = createLineItem(core, {
      label: typeof lineItem.label === 'string' ? lineItem.label : activity.title,
      scoreMaximum: lineItem.scoreMaximum,
      resourceId: typeof lineItem.resourceId === 'string' ? lineItem.resourceId : undefined,
      tag: typeof lineItem.tag === 'string' ? lineItem.tag : undefined,
      resourceLinkId,
    }).id;
  }
  core.activities.push(activity);
  return activity;
}

function resultPage(core: PlatformCore, course: CourseInfo, added: Activity[], payload: JWTPayload): string {
  const msg = payload[CLAIM.deepLinkingMsg];
  const errorMsg = payload[CLAIM.deepLinkingErrorMsg];
  const list = added.length
    ? `<ul>${added
        .map((a) => {
          const custom = Object.entries(a.custom).map(([k, v]) => `${k}=${v}`).join(', ');
          return `<li>${escapeHtml(a.title)}${custom ? ` <small>(custom: ${escapeHtml(custom)})</small>` : ''}</li>`;
        })
        .join('')}</ul>`
    : '<p>The tool returned no content.</p>';
  const body = `<main>
<h1>Added to ${escapeHtml(course.title)}</h1>
${typeof msg === 'string' ? `<p>${escapeHtml(msg)}</p>` : ''}
${typeof errorMsg === 'string' ? `<p role="alert">${escapeHtml(errorMsg)}</p>` : ''}
${list}
<p><a href="${escapeHtml(core.urls.forCourse(course).page)}" target="_top">Back to the course</a></p>
</main>`;
  return page({ title: 'Content added', body, assetsUrl: core.urls.assets });
}

export async function handleDeepLinkReturn(core: PlatformCore, req: Request, res: Response): Promise<void> {
  const body = asRecord(req.body) ?? {};
  const jwt = body.JWT;
  if (typeof jwt !== 'string' || jwt === '') {
    refuse(res, 400, 'The deep-linking response must be a form post with a JWT field');
    return;
  }
  const verified = await verify(core, jwt);
  if (typeof verified === 'string') {
    refuse(res, 400, verified);
    return;
  }
  const { payload, registration } = verified;
  const problem = checkClaims(core, payload, registration);
  if (problem) {
    refuse(res, 400, problem);
    return;
  }
  core.deepLinkResponses.push(payload);
  const items = (payload[CLAIM.contentItems] as unknown[] | undefined) ?? [];
  const course = core.findCourse(answeredRequest(core, payload)?.contextId ?? '') ?? core.config.course;
  const added = items.map((item) => addActivity(core, asRecord(item) ?? {}, registration, course.id));
  sendHtml(res, resultPage(core, course, added, payload), { framing: 'any' });
}
