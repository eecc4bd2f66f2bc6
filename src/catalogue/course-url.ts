/**
 * Where a course opens (or is enrolled in) in the LMS, derived from a launch: the catalogue's "Open
 * in the LMS" link. Moodle's issuer is the site's wwwroot and its context id the course id
 * (…/course/view.php?id=). Canvas's context id is an opaque hash, so the course id and the API base
 * URL come from the custom variable substitutions the tool requests at registration
 * ($Canvas.course.id, $Canvas.api.baseUrl, see launch/canvas-config.ts); an unsubstituted variable
 * (still "$Canvas…") gives no URL. Other platforms: none; the instructor can set one in settings.
 */
import type { LaunchContext } from '../context/launch-context';

export function lmsCourseUrl(context: LaunchContext): string | undefined {
  const { issuer, contextId } = context.link;
  if (!contextId) return undefined;
  if (context.productFamily === 'moodle') return httpUrl(`${issuer.replace(/\/+$/, '')}/course/view.php?id=${encodeURIComponent(contextId)}`);
  if (context.productFamily === 'canvas') {
    const courseId = plain(context.custom.canvas_course_id);
    const base = plain(context.custom.canvas_api_base_url);
    if (courseId && /^\d+$/.test(courseId) && base) return httpUrl(`${base.replace(/\/+$/, '')}/courses/${courseId}`);
  }
  return undefined;
}

/** A substituted custom value: a string that is not a leftover variable name. */
function plain(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && !value.startsWith('$') ? value : undefined;
}

/** Only http(s) URLs become links (a javascript: URL would run on our page). */
export function httpUrl(value: string | undefined): string | undefined {
  if (!value || value.length > 2000) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}
