/**
 * The launches the platform's pages start (POST /course/launch, answered inside the tool frame with
 * the auto-submitted login initiation, as Moodle's launch.php does): a course's resource link, deep
 * linking or an activity, and the training catalogue of the front page.
 */
import type { Request, Response } from 'express';
import type { PlatformCore } from './core';
import { autoSubmitPage, refuse, sendHtml } from './html';
import { loginInitiationUrl, prepareLaunch } from './launches';
import { viewerKey } from './page-parts';
import type { LaunchOptions } from './types';

/**
 * The training catalogue placed on the site's front page (Moodle: an activity of the site course, deep
 * linked with the custom parameter panel=catalogue; its cmid is far from the ids deep linking hands out).
 */
export const FRONT_PAGE_CATALOGUE = { id: '900', title: 'Training catalogue', custom: { panel: 'catalogue' } } as const;

/**
 * The launch a page's button asks for: in a course (resource, deep linking, an activity), or the
 * catalogue from the front page (Moodle: the site course's catalogue activity; Canvas: the global
 * navigation link, an account launch). A refusal message when the form names no such thing.
 */
function launchOptionsFromForm(core: PlatformCore, body: Record<string, unknown>): LaunchOptions | string {
  const options: LaunchOptions = { user: viewerKey(body.as) };
  const kind = body.kind;
  if (kind === 'catalogue') {
    if (core.flavour === 'canvas') return { ...options, placement: 'global_navigation' };
    return { ...options, course: '1', resourceLink: { id: FRONT_PAGE_CATALOGUE.id, title: FRONT_PAGE_CATALOGUE.title }, custom: { ...FRONT_PAGE_CATALOGUE.custom } };
  }
  if (body.course !== undefined) {
    const course = typeof body.course === 'string' ? core.findCourse(body.course) : undefined;
    if (!course || course.site) return 'No such course';
    options.course = course.id;
  }
  if (kind === 'deep') options.messageType = 'LtiDeepLinkingRequest';
  else if (kind === 'activity') {
    const id = typeof body.activity === 'string' ? body.activity : '';
    if (!core.findActivity(id)) return 'No such activity in this course';
    options.resourceLink = { id };
  } else if (kind !== 'resource') return 'kind must be resource, deep, activity or catalogue';
  return options;
}

export function launchFromForm(core: PlatformCore, req: Request, res: Response): void {
  const options = launchOptionsFromForm(core, (req.body ?? {}) as Record<string, unknown>);
  if (typeof options === 'string') return refuse(res, options.startsWith('kind') ? 400 : 404, options);
  const initiation = prepareLaunch(core, options);
  if (initiation.method === 'GET') {
    res.redirect(302, loginInitiationUrl(initiation));
    return;
  }
  sendHtml(
    res,
    autoSubmitPage({ title: 'Starting the launch', action: initiation.url, fields: initiation.params, assetsUrl: core.urls.assets }),
    { framing: 'any' },
  );
}
