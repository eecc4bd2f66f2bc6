/**
 * The site's front page: Moodle's site home (course/view.php?id=1, SITEID) listing every course with
 * its summary, where an admin has placed the training catalogue as an activity of the site course,
 * so anyone signed in can browse what learners said before enrolling. In the Canvas flavour the
 * catalogue is the global navigation link instead (an account launch, no course). The catalogue opens
 * in the page's tool frame like any launch.
 */
import type { Router } from 'express';
import type { PlatformCore } from './core';
import { FRONT_PAGE_CATALOGUE } from './page-launch';
import { USER_LABELS, launchButton, toolOrigins, viewerKey, viewerOptions } from './page-parts';
import { escapeHtml, page, sendHtml } from './html';
import type { UserKey } from './types';

function courseList(core: PlatformCore, viewer: UserKey): string {
  const items = core.config.courses
    .filter((c) => !c.site)
    .map((c) => {
      const href = `${core.urls.forCourse(c).page}${c.id === core.config.course.id ? '?' : '&'}as=${encodeURIComponent(viewer)}`;
      const summary = c.summary ? `<p>${escapeHtml(c.summary)}</p>` : '';
      return `<li><a href="${escapeHtml(href)}">${escapeHtml(c.title)}</a> <small>${escapeHtml(c.label)}</small>${summary}</li>`;
    })
    .join('');
  return `<ul class="courses">${items}</ul>`;
}

function frontPage(core: PlatformCore, viewer: UserKey): string {
  const { flavour, users } = core.config;
  const canvas = flavour === 'canvas';
  const person = users[viewer];
  const siteTitle = canvas ? core.config.account.name : (core.config.courses.find((c) => c.site)?.title ?? core.config.siteName);
  const where = canvas
    ? 'The catalogue is a link of the global navigation menu: every user of the account sees it, outside any course.'
    : `The catalogue is an activity of the site home (course 1), placed by the site administrator with deep linking.`;
  const body = `<header>
<p>Test platform · ${canvas ? 'Canvas' : 'Moodle 5.1'} flavour · Site home</p>
<h1>${escapeHtml(siteTitle)}</h1>
</header>
<main>
<section aria-labelledby="viewer-heading">
<h2 id="viewer-heading">Who is signed in</h2>
<form method="get" action="${escapeHtml(core.urls.frontPage)}">
<label for="as">Browse the site as</label>
<select id="as" name="as">${viewerOptions(core, viewer)}</select>
<button type="submit" class="secondary">Switch user</button>
</form>
<p>Signed in as <strong>${escapeHtml(person.name)}</strong> (${escapeHtml(USER_LABELS[viewer])}).</p>
</section>
<section aria-labelledby="catalogue-heading">
<h2 id="catalogue-heading">${escapeHtml(FRONT_PAGE_CATALOGUE.title)}</h2>
<p><small>${where}</small></p>
${launchButton(core, `Open the ${FRONT_PAGE_CATALOGUE.title.toLowerCase()} as ${USER_LABELS[viewer]}`, { as: viewer, kind: 'catalogue' }, { id: 'launch-catalogue' })}
</section>
<section aria-labelledby="courses-heading">
<h2 id="courses-heading">Available courses</h2>
${courseList(core, viewer)}
</section>
<section aria-labelledby="frame-heading">
<h2 id="frame-heading">Tool</h2>
<iframe class="tool" name="tool" title="Learner Voice" src="about:blank"></iframe>
</section>
${canvas ? `<iframe name="post_message_forwarding" title="Platform storage" src="${escapeHtml(core.urls.storageFrame)}" hidden></iframe>` : ''}
</main>`;
  return page({
    title: `${siteTitle} · test platform`,
    body,
    assetsUrl: core.urls.assets,
    scripts: ['course.js'],
    bodyAttributes: { 'data-flavour': flavour, 'data-tool-origins': toolOrigins(core).join(' ') },
  });
}

export function mountFrontPage(core: PlatformCore, router: Router): void {
  router.get('/', (req, res) => sendHtml(res, frontPage(core, viewerKey(req.query.as)), { framing: 'sameorigin' }));
  router.get('/catalogue', (req, res) => {
    const as = typeof req.query.as === 'string' ? `?as=${encodeURIComponent(req.query.as)}` : '';
    res.redirect(302, `${core.urls.frontPage}${as}`);
  });
}
