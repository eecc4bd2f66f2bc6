/**
 * Every URL the platform hands out, all under the base URL where its router is mounted. Service URLs
 * keep each LMS's shape because tools trip over them: Moodle's AGS URLs carry a `?type_id=1` query
 * that must stay after `/scores` is appended, Canvas's deep-link return URL carries `?modal=true`.
 */
import { randomBytes } from 'node:crypto';
import type { CourseInfo, Flavour } from './types';

/** The URLs of one course: its page, services and return URL. */
export interface CourseUrls {
  /** The course page (`/course?id=…`; the first course's is plain `/course`). */
  readonly page: string;
  readonly nrps: string;
  readonly lineItems: string;
  lineItem(id: string): string;
  returnUrl(resourceLinkId: string): string;
}

export interface PlatformUrls extends CourseUrls {
  readonly base: string;
  readonly auth: string;
  readonly token: string;
  readonly jwks: string;
  readonly openidConfiguration: string;
  readonly register: string;
  readonly deepLinkReturn: string;
  readonly course: string;
  readonly courseLaunch: string;
  readonly registerTool: string;
  readonly assets: string;
  readonly storageFrame: string;
  /** The site's front page (Moodle's site home, with every course and the catalogue). */
  readonly frontPage: string;
  readonly basicOutcome: string;
  registrationView(clientId: string): string;
  /** The URLs of any course of the site (the fields above are the first course's). */
  forCourse(course: CourseInfo): CourseUrls;
  /** Canvas: where an account launch returns (Canvas's account external-content URL). */
  accountReturnUrl(accountNumericId: string): string;
}

function courseUrls(base: string, flavour: Flavour, course: CourseInfo, first: boolean, sesskey: string): CourseUrls {
  const moodle = flavour === 'moodle';
  return {
    page: first ? `${base}/course` : `${base}/course?id=${encodeURIComponent(course.numericId)}`,
    nrps: moodle
      ? `${base}/nrps/CourseSection/${encodeURIComponent(course.id)}/bindings/1/memberships`
      : `${base}/nrps/courses/${encodeURIComponent(course.numericId)}/names_and_roles`,
    lineItems: moodle
      ? `${base}/ags/${encodeURIComponent(course.numericId)}/lineitems?type_id=1`
      : `${base}/ags/courses/${encodeURIComponent(course.numericId)}/line_items`,
    lineItem(id: string): string {
      return moodle
        ? `${base}/ags/${encodeURIComponent(course.numericId)}/lineitems/${encodeURIComponent(id)}/lineitem?type_id=1`
        : `${base}/ags/courses/${encodeURIComponent(course.numericId)}/line_items/${encodeURIComponent(id)}`;
    },
    returnUrl(resourceLinkId: string): string {
      return moodle
        ? `${base}/return?course=${encodeURIComponent(course.numericId)}&launch_container=2&instanceid=${encodeURIComponent(resourceLinkId)}&sesskey=${sesskey}`
        : `${base}/courses/${encodeURIComponent(course.numericId)}/external_content/success/external_tool_redirect`;
    },
  };
}

export function platformUrls(baseUrl: string, flavour: Flavour, course: CourseInfo): PlatformUrls {
  const base = baseUrl.replace(/\/+$/, '');
  const sesskey = randomBytes(5).toString('hex');
  const moodle = flavour === 'moodle';
  return {
    ...courseUrls(base, flavour, course, true, sesskey),
    base,
    auth: `${base}/auth`,
    token: `${base}/token`,
    jwks: `${base}/jwks`,
    openidConfiguration: `${base}/.well-known/openid-configuration`,
    register: `${base}/register`,
    deepLinkReturn: moodle ? `${base}/deep-link-return` : `${base}/deep-link-return?modal=true`,
    course: `${base}/course`,
    courseLaunch: `${base}/course/launch`,
    registerTool: `${base}/admin/register-tool`,
    assets: `${base}/assets`,
    storageFrame: `${base}/storage-frame`,
    frontPage: `${base}/`,
    basicOutcome: `${base}/service.php`,
    registrationView(clientId: string): string {
      return `${base}/api/lti/registrations/${encodeURIComponent(clientId)}/view`;
    },
    forCourse: (other) => courseUrls(base, flavour, other, other.id === course.id, sesskey),
    accountReturnUrl: (accountNumericId) => `${base}/accounts/${encodeURIComponent(accountNumericId)}/external_content/success/external_tool_redirect`,
  };
}
