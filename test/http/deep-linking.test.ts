/**
 * Deep Linking 2.0 round trip: an instructor picks panels in the content-selection launch, the tool
 * returns a signed LtiDeepLinkingResponse, the platform adds the links, and a later launch of a link
 * opens its panel.
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { toolUrls } from '../../src/config';
import { findForm } from '../support/browser';
import { openSession } from '../support/review-session';
import { launch, startHarness, type Harness } from '../support/tool-harness';
import { instructor } from './review-loop-helpers';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

async function openSelection(user: 'instructor' | 'learner', extra: Record<string, unknown> = {}) {
  return launch(h, { user, messageType: 'LtiDeepLinkingRequest', deepLinkingData: 'opaque-data-42', ...extra });
}

/** The selection page again (422), its problem in an alert summary and next to the choices, linked by aria-describedby. */
function expectSelectionAgain(answer: { status: number; text: string }, message: string) {
  expect(answer.status).toBe(422);
  expect(findForm(answer.text)).toBeDefined();
  expect(answer.text).toMatch(/<div class="flash flash--warn" role="alert" id="dl-problems">[\s\S]*href="#dl-choices"/);
  expect(answer.text).toMatch(/<fieldset id="dl-choices" aria-describedby="dl-error[^"]*">/);
  const inline = /<p class="error-text" id="dl-error">([^<]*)<\/p>/.exec(answer.text);
  expect(inline?.[1]).toContain(message);
}

describe('deep linking', () => {
  it('when an instructor picks both panels, then the platform receives two signed resource links and a later launch opens the panel', async () => {
    const { res, url, browser } = await openSelection('instructor');
    expect(res.status).toBe(200);
    expect(url).toMatch(/\/deep-link$/);
    expect(res.text).toContain('Reviews and ratings');
    expect(res.text).toContain('Consumer group');
    const form = findForm(res.text)!;

    const answer = await browser.post(url, { ...form.fields, panels: ['reviews', 'consumer-group'], action: 'add' });
    expect(answer.status).toBe(200);
    const returnForm = findForm(answer.text, 'deep-link-return')!;
    expect(returnForm.action).toBe(`${h.platform.issuer}/deep-link-return`);

    // The response JWT verifies with the tool's public keyset, as Moodle checks it.
    const keyset = createRemoteJWKSet(new URL(toolUrls(h.baseUrl).keyset));
    const { payload } = await jwtVerify(returnForm.fields.JWT, keyset, { issuer: h.platform.clientId, audience: h.platform.issuer });
    expect(payload['https://purl.imsglobal.org/spec/lti/claim/message_type']).toBe('LtiDeepLinkingResponse');
    expect(payload['https://purl.imsglobal.org/spec/lti/claim/version']).toBe('1.3.0');
    expect(payload['https://purl.imsglobal.org/spec/lti/claim/deployment_id']).toBe(h.platform.deploymentId);
    expect(payload['https://purl.imsglobal.org/spec/lti-dl/claim/data']).toBe('opaque-data-42');
    const items = payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as Array<Record<string, unknown>>;
    expect(items.map((i) => [i.type, (i.custom as Record<string, string>).panel, i.url])).toEqual([
      ['ltiResourceLink', 'reviews', toolUrls(h.baseUrl).launch],
      ['ltiResourceLink', 'consumer-group', toolUrls(h.baseUrl).launch],
    ]);

    // The browser carries the form to the platform, which verifies it and adds the activities.
    const { res: platformPage } = await browser.settle(answer, url);
    expect(platformPage.status).toBe(200);
    const activities = h.platform.activities();
    const reviews = activities.find((a) => a.custom.panel === 'reviews')!;
    expect(reviews).toBeDefined();

    const later = await launch(h, { user: 'learner', resourceLink: { id: reviews.resourceLinkId, title: reviews.title } });
    expect(later.url).toMatch(/\/reviews$/);
    expect(later.res.text).toContain('Reviews and ratings');
  });

  it('when the instructor cancels, then an empty selection is returned to the platform', async () => {
    const { res, url, browser } = await openSelection('instructor');
    const form = findForm(res.text)!;
    const answer = await browser.post(url, { ...form.fields, action: 'cancel' });
    const returnForm = findForm(answer.text, 'deep-link-return')!;
    const { payload } = await jwtVerify(returnForm.fields.JWT, createRemoteJWKSet(new URL(toolUrls(h.baseUrl).keyset)));
    expect(payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items']).toEqual([]);
  });

  it('when nothing is ticked, then the selection is shown again with the problem next to the choices, and a second try is sent', async () => {
    const { res, url, browser } = await openSelection('instructor');
    const answer = await browser.post(url, { ...findForm(res.text)!.fields, action: 'add' });
    expectSelectionAgain(answer, 'Tick at least one panel');

    // The re-shown form still works inside the LMS's dialog: tick a panel and send.
    const retry = await browser.post(url, { ...findForm(answer.text)!.fields, panels: 'reviews', action: 'add' });
    expect(retry.status).toBe(200);
    const returnForm = findForm(retry.text, 'deep-link-return')!;
    const { payload } = await jwtVerify(returnForm.fields.JWT, createRemoteJWKSet(new URL(toolUrls(h.baseUrl).keyset)));
    const items = payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as Array<{ custom: { panel: string } }>;
    expect(items.map((i) => i.custom.panel)).toEqual(['reviews']);
  });

  it('when nothing is ticked on a Canvas-shaped platform in French, then the French form comes back with its message', async () => {
    const canvas = await h.addPlatform('canvas-dl', { flavour: 'canvas' });
    const { res, url, browser } = await launch(h, { user: 'instructor', messageType: 'LtiDeepLinkingRequest', locale: 'fr' }, canvas);
    expect(res.status).toBe(200);
    const answer = await browser.post(url, { ...findForm(res.text)!.fields, action: 'add' });
    expectSelectionAgain(answer, 'Cochez au moins un panneau');
  });

  it('when the platform accepts one item only, then two panels bring the form back with that rule next to the choices', async () => {
    const { res, url, browser } = await openSelection('instructor', { acceptMultiple: false });
    expect(res.text).toContain('type="radio"');
    const answer = await browser.post(url, { ...findForm(res.text)!.fields, panels: ['reviews', 'consumer-group'] });
    expectSelectionAgain(answer, 'one item at a time');
    expect(answer.text).toMatch(/id="dl-choices" aria-describedby="dl-error dl-one"/);
  });

  it('when a learner opens a content selection, then it is refused with 403', async () => {
    const { res } = await openSelection('learner');
    expect(res.status).toBe(403);
    expect(res.text).toContain('FORBIDDEN_ROLE');
  });

  it('when the form comes without its CSRF token or from another site, then nothing is sent', async () => {
    const { res, url, browser } = await openSelection('instructor');
    const noToken = await browser.post(url, { panels: 'reviews' });
    expect(noToken.status).toBe(403);
    expect(noToken.text).toContain('CSRF_FAILED');
    const crossSite = await browser.post(url, { ...findForm(res.text)!.fields, panels: 'reviews' }, { Origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
  });

  it('when an unknown panel is posted, then it is refused', async () => {
    const { res, url, browser } = await openSelection('instructor');
    const answer = await browser.post(url, { ...findForm(res.text)!.fields, panels: 'grades' });
    expect(answer.status).toBe(400);
  });

  it('when a session id is made up, then the page says the session has expired', async () => {
    const res = await h.browser().get(`${h.baseUrl}/s/${'x'.repeat(32)}/deep-link`);
    expect(res.status).toBe(401);
    expect(res.text).toContain('SESSION_EXPIRED');
  });
});

describe('deep linking with a hostile return URL', () => {
  it('when deep_link_return_url is not an http(s) URL, then the launch is refused', async () => {
    const { launch } = await import('../support/tool-harness');
    const { res } = await launch(h, {
      user: 'instructor',
      messageType: 'LtiDeepLinkingRequest',
      forge: {
        claims: {
          'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings': { deep_link_return_url: 'javascript:alert(1)', accept_types: ['ltiResourceLink'], accept_multiple: true },
        },
      },
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('LAUNCH_MISSING_CLAIM');
  });
});

describe('deep linking and the gradebook (Moodle-shaped)', () => {
  let g: Harness;
  beforeEach(async () => {
    g = await startHarness({ flavour: 'moodle' });
  });
  afterEach(async () => g.close());

  /** The instructor adds the given panels through "Select content"; returns the content items sent and the activities the platform added. */
  async function addPanels(panels: string[]) {
    const { res, url, browser } = await launch(g, { user: 'instructor', messageType: 'LtiDeepLinkingRequest' });
    const answer = await browser.post(url, { ...findForm(res.text)!.fields, panels, action: 'add' });
    const { payload } = await jwtVerify(findForm(answer.text, 'deep-link-return')!.fields.JWT, createRemoteJWKSet(new URL(toolUrls(g.baseUrl).keyset)));
    const before = { activities: g.platform.activities().length, columns: g.platform.lineItems().length };
    expect((await browser.settle(answer, url)).res.status).toBe(200);
    return {
      items: payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as Array<Record<string, unknown>>,
      added: g.platform.activities().slice(before.activities),
      // The course starts with one activity of its own (the fixture's, with a 100-point column).
      newColumns: g.platform.lineItems().slice(before.columns),
    };
  }
  const feedbackColumns = () => g.platform.lineItems().filter((i) => i.tag === 'learner-voice-feedback');

  it('when grade credit is off, then no line item is declared and, with "As specified in Deep Linking definition or Delegate to teacher", no column is created', async () => {
    g.platform.setAcceptGrades('delegate');
    const { items, added, newColumns } = await addPanels(['reviews', 'consumer-group']);
    expect(items.map((i) => i.lineItem)).toEqual([undefined, undefined]);
    expect(added.map((a) => a.lineItemId)).toEqual([undefined, undefined]);
    expect(newColumns).toEqual([]);
  });

  it('when grade credit is off on a Canvas-shaped platform, then no line item is declared either', async () => {
    const canvas = await g.addPlatform('canvas-grades', { flavour: 'canvas' });
    const { res, url, browser } = await launch(g, { user: 'instructor', messageType: 'LtiDeepLinkingRequest' }, canvas);
    const answer = await browser.post(url, { ...findForm(res.text)!.fields, panels: ['reviews', 'consumer-group'], action: 'add' });
    const { payload } = await jwtVerify(findForm(answer.text, 'deep-link-return')!.fields.JWT, createRemoteJWKSet(new URL(toolUrls(g.baseUrl).keyset)));
    const items = payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as Array<Record<string, unknown>>;
    expect(items).toHaveLength(2);
    for (const item of items) expect(item).not.toHaveProperty('lineItem');
  });

  it('when grade credit is off and Moodle accepts grades "Always", then Moodle still adds its 100-point column (which the guide\'s recommended setting avoids)', async () => {
    g.platform.setAcceptGrades('always');
    const { items, newColumns } = await addPanels(['consumer-group']);
    expect(items[0].lineItem).toBeUndefined();
    expect(newColumns).toMatchObject([{ label: 'Consumer group', scoreMaximum: 100 }]);
  });

  it('when grade credit is on, then the reviews link declares the "Feedback given" column, which is the activity\'s only column and receives the credit', async () => {
    await instructor(g, { feedbackCredit: 'on' });
    g.platform.setAcceptGrades('always');
    const { items, added, newColumns } = await addPanels(['reviews', 'consumer-group']);
    expect(items[0].lineItem).toEqual({ label: 'Feedback given', scoreMaximum: 1, tag: 'learner-voice-feedback', resourceId: 'learner-voice-feedback' });
    expect(items[1].lineItem).toBeUndefined();
    const reviews = added.find((a) => a.custom.panel === 'reviews')!;
    expect(feedbackColumns()).toMatchObject([{ id: reviews.lineItemId, scoreMaximum: 1 }]);
    // "Always" still gives the consumer-group activity Moodle's own column: the guide recommends the setting that does not.
    expect(newColumns.map((c) => [c.label, c.scoreMaximum])).toEqual([['Feedback given', 1], ['Consumer group', 100]]);

    const learner = await openSession(g, 'learner', { resourceLink: { id: reviews.resourceLinkId, title: reviews.title } });
    expect((await learner.post('/reviews', { rating: '3' })).status).toBe(303);
    // The post queued the credit; the grade outbox worker sends it (one pass, as its timer would).
    await g.tool.gradeOutbox.runOnce();
    expect(g.platform.scores()).toMatchObject([{ lineItemId: reviews.lineItemId, userId: learner.sub, scoreGiven: 1, scoreMaximum: 1 }]);
    expect(feedbackColumns()).toHaveLength(1);

    // A second reviews activity in the same course declares no second column.
    const second = await addPanels(['reviews']);
    expect(second.items[0].lineItem).toBeUndefined();
    expect(feedbackColumns()).toHaveLength(1);
  });
});
