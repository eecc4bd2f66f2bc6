/**
 * The simulated course page: what a newcomer sees in the demo. It shows the course, lets you pick
 * who is looking at it, launches the tool as that person (as an LMS launches whoever is signed in),
 * adds the tool by deep linking, lists the activities added that way, and frames every launch in <iframe name="tool">
 * (launch buttons submit with target="tool"; the platform answers inside the frame with the
 * auto-submitted login initiation, as Moodle's launch.php does). In the Canvas flavour the page also
 * carries the hidden post_message_forwarding frame that answers LTI platform-storage messages.
 */
import type { Request, Response, Router } from 'express';
import type { PlatformCore } from './core';
import { escapeHtml, hiddenInputs, page, refuse, sendHtml } from './html';
import { launchFromForm } from './page-launch';
import { USER_LABELS, launchButton, toolOrigins, viewerKey, viewerOptions } from './page-parts';
import { registrationStartUrl } from './registration';
import { isTeaching } from './users';
import type { CourseInfo, UserKey } from './types';

function coursePage(core: PlatformCore, course: CourseInfo, viewer: UserKey): string {
  const { users, flavour } = core.config;
  const person = users[viewer];
  const flavourName = flavour === 'moodle' ? 'Moodle 5.1' : 'Canvas';
  const first = course.id === core.config.course.id;
  // Activities without a course were added before courses were told apart: the first course's.
  const own = core.activities.filter((a) => (a.contextId ?? core.config.course.id) === course.id);
  const courseField: Record<string, string> = first ? {} : { course: course.numericId };
  const activities = own.length
    ? `<ul class="activities">${own
        .map(
          (a) =>
            `<li>${escapeHtml(a.title)} ${launchButton(core, `Open “${a.title}”`, { as: viewer, kind: 'activity', activity: a.resourceLinkId, ...courseField }, { secondary: true })}</li>`,
        )
        .join('')}</ul>`
    : '<p>No activity yet. Use “Add Learner Voice (deep linking)” to add one.</p>';
  const registrations = [...core.registrations.values()]
    .map(
      (r) =>
        `<li>${escapeHtml(r.name)}: client id <code>${escapeHtml(r.clientId)}</code>, deployment <code>${escapeHtml(r.deploymentId)}</code>${r.clientId === core.activeClientId ? ' (used for launches)' : r.source === 'dynamic' ? ' (registered dynamically; this course keeps launching with the one used for launches)' : ''}</li>`,
    )
    .join('');
  const storageFrame =
    flavour === 'canvas'
      ? `<iframe name="post_message_forwarding" title="Platform storage" src="${escapeHtml(core.urls.storageFrame)}" hidden></iframe>`
      : '';
  const body = `<header>
<p>Test platform · ${escapeHtml(flavourName)} flavour · <a href="${escapeHtml(`${core.urls.frontPage}?as=${encodeURIComponent(viewer)}`)}">Site home</a></p>
<h1>${escapeHtml(course.title)}</h1>
<p>${escapeHtml(course.label)}</p>
</header>
<main>
${course.summary ? `<p class="summary">${escapeHtml(course.summary)}</p>` : ''}
<section aria-labelledby="viewer-heading">
<h2 id="viewer-heading">Who is looking at this course</h2>
<form method="get" action="${escapeHtml(core.urls.course)}">
${first ? '' : hiddenInputs({ id: course.numericId })}
<label for="as">View the course as</label>
<select id="as" name="as">${viewerOptions(core, viewer)}</select>
<button type="submit" class="secondary">Switch user</button>
</form>
<p>Signed in as <strong>${escapeHtml(person.name)}</strong> (${escapeHtml(USER_LABELS[viewer])}).</p>
</section>
<section aria-labelledby="tool-heading">
<h2 id="tool-heading">Learner Voice</h2>
${launchButton(core, `Launch as ${USER_LABELS[viewer]} (${person.name})`, { as: viewer, kind: 'resource', ...courseField }, { id: 'launch-course' })}
${
  isTeaching(person)
    ? launchButton(core, 'Add Learner Voice (deep linking)', { as: viewer, kind: 'deep', ...courseField })
    : '<p><small>Teachers add activities (deep linking): view the course as the instructor to add one.</small></p>'
}
</section>
<section aria-labelledby="activities-heading">
<h2 id="activities-heading">Activities</h2>
${activities}
</section>
<section aria-labelledby="frame-heading">
<h2 id="frame-heading">Tool</h2>
<iframe class="tool" name="tool" title="Learner Voice" src="about:blank"></iframe>
</section>
<section aria-labelledby="admin-heading">
<h2 id="admin-heading">Site administration: external tools</h2>
<ul>${registrations}</ul>
<form method="get" action="${escapeHtml(core.urls.registerTool)}" target="tool">
<label for="tool-url">Tool registration URL</label>
<input id="tool-url" name="url" type="url" required placeholder="https://tool.example/register">
<button type="submit">Register a tool (dynamic registration)</button>
</form>
</section>
${storageFrame}
</main>`;
  return page({
    title: `${course.title} · test platform`,
    body,
    assetsUrl: core.urls.assets,
    scripts: ['course.js'],
    bodyAttributes: { 'data-flavour': flavour, 'data-tool-origins': toolOrigins(core).join(' ') },
  });
}

function returnPage(core: PlatformCore, req: Request, res: Response): void {
  const from = typeof req.query.course === 'string' ? core.findCourse(req.query.course) : typeof req.params.courseId === 'string' ? core.findCourse(req.params.courseId) : undefined;
  const course = from ?? core.config.course;
  const body = `<main><h1>Back from the tool</h1><p><a href="${escapeHtml(core.urls.forCourse(course).page)}" target="_top">Return to ${escapeHtml(course.title)}</a></p></main>`;
  sendHtml(res, page({ title: 'Back from the tool', body, assetsUrl: core.urls.assets }), { framing: 'any' });
}

function showCourse(core: PlatformCore, req: Request, res: Response, id: unknown = req.query.id): void {
  const course = id === undefined ? core.config.course : typeof id === 'string' ? core.findCourse(id) : undefined;
  if (!course) return refuse(res, 404, 'No such course');
  const viewer = viewerKey(req.query.as);
  // Moodle's course/view.php?id=1 is the site home.
  if (course.site) return res.redirect(302, `${core.urls.frontPage}?as=${encodeURIComponent(viewer)}`);
  sendHtml(res, coursePage(core, course, viewer), { framing: 'sameorigin' });
}

export function mountCoursePage(core: PlatformCore, router: Router): void {
  router.get('/course', (req, res) => showCourse(core, req, res));
  // The course addresses a tool can build from launch data: Moodle's course/view.php?id=<context id>
  // under its wwwroot (the issuer), Canvas's /courses/<course id> under $Canvas.api.baseUrl.
  router.get('/course/view.php', (req, res) => showCourse(core, req, res));
  router.get('/courses/:courseId', (req, res) => showCourse(core, req, res, req.params.courseId));
  router.post('/course/launch', (req, res) => launchFromForm(core, req, res));
  router.get('/storage-frame', (_req, res) => {
    const html = page({
      title: 'Platform storage',
      body: '<main></main>',
      assetsUrl: core.urls.assets,
      scripts: ['storage.js'],
      bodyAttributes: { 'data-tool-origins': toolOrigins(core).join(' ') },
    });
    sendHtml(res, html, { framing: 'sameorigin' });
  });
  router.get('/admin/register-tool', (req, res) => {
    const url = typeof req.query.url === 'string' ? req.query.url : '';
    if (!/^https?:\/\//i.test(url)) return refuse(res, 400, 'Enter the http(s) URL of the tool’s registration page');
    res.redirect(302, registrationStartUrl(core, url));
  });
  // launch_presentation.return_url of each flavour.
  router.get('/return', (req, res) => returnPage(core, req, res));
  router.get('/courses/:courseId/external_content/success/:kind', (req, res) => returnPage(core, req, res));
  router.get('/accounts/:accountId/external_content/success/:kind', (req, res) => returnPage(core, req, res));
}
