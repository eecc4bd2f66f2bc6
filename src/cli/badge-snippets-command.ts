/**
 * `learner-voice catalogue-badges --issuer I --client-id C [--deployment D] [--lang fr|en] [--json]`: prints, for
 * every course of a platform, its title and the HTML to paste into its summary in the LMS (the rating
 * badge). Parsing and printing only; the listing is the catalogue store's, the HTML badge-snippet.ts's.
 */
import { parseArgs } from 'node:util';
import type { BadgeListing, CourseBadge } from '../catalogue/badge/badge-listing';
import { badgeSnippet } from '../catalogue/badge/badge-snippet';
import type { BadgeLocale } from '../catalogue/badge/badge-source';
import { isBadgeToken } from '../catalogue/badge/badge-token';
import { EXIT, present, runCommand, UsageError, type CliIo } from './cli-output';

export const BADGES_USAGE = `Usage: learner-voice catalogue-badges --issuer URL --client-id ID [--deployment ID] [--lang fr|en] [--json]
  (in a development checkout: npm run catalogue-badges -- …)

Prints, for every course of a platform, its title and the HTML snippet to paste into the course
summary or description in the LMS: a rating badge (stars, average, count) linked to the course's
public page. Moodle and Canvas show course summaries in listings and on enrolment pages.

  --issuer URL        the platform's issuer, as in: learner-voice platform list
  --client-id ID      the tool's client id on that platform
  --deployment ID     only the courses of this deployment
  --lang fr|en        the badge's language (default: each course's language, else English)
  --json              one JSON document: {"courses": [{"title", "badgeEnabled", "snippet"}]}

Exit codes: 0 printed, 1 failed, 2 wrong command line (errors are one line; with --json {"error": "..."}).

Example:
  learner-voice catalogue-badges --issuer https://moodle.example.edu --client-id VyRG5MdLRKH74x1 --lang fr
`;

/** Values longer than this are no issuer or id any LMS sends. */
const MAX_VALUE_LENGTH = 255;

/** Runs the command; returns the exit code (0 printed, 1 failed, 2 usage). */
export function runBadgeSnippetsCommand(argv: string[], source: BadgeListing, io: CliIo, options: { baseUrl: string }): Promise<number> {
  return runCommand('learner-voice catalogue-badges', argv, io, async (json) => {
    const request = parse(argv);
    if (request === 'help') {
      present(io, json, { usage: BADGES_USAGE }, () => BADGES_USAGE);
      return EXIT.done;
    }
    const courses = await source.listBadges({ issuer: request.issuer, clientId: request.clientId }, request.deploymentId);
    if (json) {
      present(io, json, { courses: courses.map((course) => courseDocument(course, request.locale, options.baseUrl)) }, () => []);
      return EXIT.done;
    }
    if (courses.length === 0) {
      io.out('No course of this platform is in the catalogue yet: a course is added when the tool is first launched in it.');
      return EXIT.done;
    }
    for (const course of courses) io.out(describe(course, request.locale, options.baseUrl));
    const off = courses.filter((c) => !c.badgeEnabled).length;
    io.err(`${courses.length} course(s), ${courses.length - off} with a badge${off ? `, ${off} switched off in their settings` : ''}.`);
    return EXIT.done;
  });
}

function parse(argv: string[]): { issuer: string; clientId: string; deploymentId?: string; locale?: BadgeLocale } | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      deployment: { type: 'string' },
      lang: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      json: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  const missing = ['issuer', 'client-id'].filter((name) => !values[name as 'issuer' | 'client-id']?.trim());
  if (missing.length) throw new UsageError(`missing ${missing.map((m) => '--' + m).join(', ')}`);
  for (const name of ['issuer', 'client-id', 'deployment'] as const) {
    const value = values[name];
    if (value !== undefined && (value.length > MAX_VALUE_LENGTH || /[\u0000-\u001f]/.test(value))) throw new UsageError(`--${name} is not a valid value.`);
  }
  if (values.lang !== undefined && values.lang !== 'en' && values.lang !== 'fr') throw new UsageError(`--lang must be fr or en, not "${values.lang}".`);
  return { issuer: values.issuer!.trim(), clientId: values['client-id']!.trim(), deploymentId: values.deployment?.trim() || undefined, locale: values.lang as BadgeLocale | undefined };
}

/** A course in the JSON document: the snippet is null when the course has none to paste. */
function courseDocument(course: CourseBadge, lang: BadgeLocale | undefined, baseUrl: string) {
  const title = oneLine(course.title);
  const snippet = course.badgeEnabled && isBadgeToken(course.token) ? badgeSnippet({ baseUrl, token: course.token, title: title || '(untitled course)', locale: lang ?? course.locale ?? 'en' }) : null;
  return { title, badgeEnabled: course.badgeEnabled, snippet };
}

/** The title on its own line (the admin finds the course by it), then the snippet to copy, then a blank line. */
function describe(course: CourseBadge, lang: BadgeLocale | undefined, baseUrl: string): string {
  const title = oneLine(course.title) || '(untitled course)';
  if (!course.badgeEnabled) return `${title}\n  (badge switched off in this course's settings)\n`;
  if (!isBadgeToken(course.token)) return `${title}\n  (no usable badge token in the store)\n`;
  return `${title}\n${badgeSnippet({ baseUrl, token: course.token, title, locale: lang ?? course.locale ?? 'en' })}\n`;
}

/** A title printed to a terminal: control characters (escape sequences included) become spaces. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}
