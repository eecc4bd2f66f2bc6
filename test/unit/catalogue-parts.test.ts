/** The catalogue's small rules: escaping of highlights, the search parameters, LMS course URLs, what the review form may claim. */
import { lmsCourseUrl } from '../../src/catalogue/course-url';
import { formIntroKey, readBeforeEnrolling } from '../../src/catalogue/prospective-readers';
import { languageOf } from '../../src/catalogue/course-entry';
import { visitorOf } from '../../src/catalogue/visitor';
import type { LaunchContext } from '../../src/context/launch-context';
import { catalogueSearchParams, parseCatalogueQuery } from '../../src/panels/catalogue/catalogue-query';
import { markedHtml } from '../../src/panels/catalogue/marked-text';
import { DEFAULT_SETTINGS } from '../../src/panels/settings/settings-defaults';

describe('highlights as HTML', () => {
  it('escapes every segment and marks only the matched ones', () => {
    expect(markedHtml([{ text: '<img src=x onerror=alert(1)> & "q"', match: false }, { text: "l'<b>", match: true }])).toBe(
      '&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;<mark>l&#39;&lt;b&gt;</mark>',
    );
  });
});

describe('catalogue search parameters', () => {
  it('reads what the form sends and round-trips it', () => {
    const query = parseCatalogueQuery({ q: '  gestion   projet ', min: '4.5', lang: 'fr', consultation: 'on', improved: 'on', offset: '20' });
    expect(query).toEqual({ text: 'gestion   projet', minRating: 4.5, language: 'fr', openConsultation: true, improved: true, offset: 20, partial: false });
    if ('field' in query) throw new Error('refused');
    expect(catalogueSearchParams(query)).toBe('?q=gestion+++projet&min=4.5&lang=fr&consultation=on&improved=on&offset=20');
    expect(catalogueSearchParams(query, { offset: 0, text: '' })).toBe('?min=4.5&lang=fr&consultation=on&improved=on');
  });

  it.each([
    [{ q: 'x'.repeat(201) }, 'q'],
    [{ q: ['a', 'b'] }, 'q'],
    [{ q: { $ne: 1 } }, 'q'],
    [{ min: '2' }, 'min'],
    [{ lang: 'de' }, 'lang'],
    [{ consultation: 'yes' }, 'consultation'],
    [{ offset: '-1' }, 'offset'],
    [{ offset: '5000' }, 'offset'],
  ])('refuses %j naming %s', (raw, field) => {
    expect(parseCatalogueQuery(raw as Record<string, unknown>)).toEqual({ field });
  });

  it('turns control characters into spaces', () => {
    expect(parseCatalogueQuery({ q: 'a\u0000b\u001bc' })).toMatchObject({ text: 'a b c' });
  });
});

describe('where a course opens in the LMS', () => {
  const context = (over: Partial<LaunchContext>): LaunchContext =>
    ({ link: { issuer: 'https://moodle.example/', clientId: 'c', deploymentId: '1', contextId: '42', resourceLinkId: 'r' }, custom: {}, ...over }) as LaunchContext;

  it('builds Moodle’s course/view.php from the issuer and the context id', () => {
    expect(lmsCourseUrl(context({ productFamily: 'moodle' }))).toBe('https://moodle.example/course/view.php?id=42');
  });

  it('builds Canvas’s course URL from the substituted custom variables only', () => {
    const canvas = (custom: Record<string, unknown>) => lmsCourseUrl(context({ productFamily: 'canvas', custom }));
    expect(canvas({ canvas_course_id: '1234', canvas_api_base_url: 'https://school.instructure.com' })).toBe('https://school.instructure.com/courses/1234');
    expect(canvas({ canvas_course_id: '$Canvas.course.id', canvas_api_base_url: 'https://school.instructure.com' })).toBeUndefined();
    expect(canvas({ canvas_course_id: '12', canvas_api_base_url: 'javascript:alert(1)//' })).toBeUndefined();
    expect(canvas({ canvas_course_id: '1 OR 1', canvas_api_base_url: 'https://school.instructure.com' })).toBeUndefined();
  });

  it('gives none for other platforms or launches outside a course', () => {
    expect(lmsCourseUrl(context({ productFamily: 'sakai' }))).toBeUndefined();
    expect(lmsCourseUrl(context({ productFamily: 'moodle', link: { issuer: 'https://m', clientId: 'c', deploymentId: '1', contextId: '', resourceLinkId: 'r' } }))).toBeUndefined();
  });
});

describe('what the review form may tell authors', () => {
  const reach = (placed: boolean, badgeServed: boolean) => ({ placed, badgeServed });

  it('claims reading before enrolling only once the catalogue is placed or the badge was shown', () => {
    expect(readBeforeEnrolling(DEFAULT_SETTINGS, reach(false, false))).toBe(false);
    expect(readBeforeEnrolling(DEFAULT_SETTINGS, reach(true, false))).toBe(true);
    expect(readBeforeEnrolling(DEFAULT_SETTINGS, reach(false, true))).toBe(true);
  });

  it('never for an unlisted course, a course whose texts are not public, or a switched-off badge alone', () => {
    const catalogue = DEFAULT_SETTINGS.catalogue!;
    expect(readBeforeEnrolling({ ...DEFAULT_SETTINGS, catalogue: { ...catalogue, listed: false } }, reach(true, true))).toBe(false);
    expect(readBeforeEnrolling({ ...DEFAULT_SETTINGS, textVisibility: 'staff' }, reach(true, true))).toBe(false);
    expect(readBeforeEnrolling({ ...DEFAULT_SETTINGS, catalogue: { ...catalogue, badge: false } }, reach(false, true))).toBe(false);
  });

  it('says who reads what', () => {
    expect(formIntroKey(DEFAULT_SETTINGS, true)).toBe('reviews.form.intro');
    expect(formIntroKey(DEFAULT_SETTINGS, false)).toBe('reviews.form.introInCourse');
    expect(formIntroKey({ ...DEFAULT_SETTINGS, textVisibility: 'staff' }, true)).toBe('reviews.form.introStaff');
    expect(formIntroKey({ ...DEFAULT_SETTINGS, textVisibility: 'nobody' }, true)).toBe('reviews.form.introNobody');
  });
});

describe('catalogue helpers', () => {
  it('guesses a course language only from clear words', () => {
    expect(languageOf('Gestion de projet agile', '')).toBe('fr');
    expect(languageOf('Leadership for new managers', '')).toBe('en');
    expect(languageOf('Excel 365', '')).toBeUndefined();
  });

  it('counts buy-in under a pseudonym that differs per platform and never contains the sub', () => {
    const a = visitorOf('secret', { issuer: 'https://a', clientId: 'c' }, 'user-42');
    expect(a).toBe(visitorOf('secret', { issuer: 'https://a', clientId: 'c' }, 'user-42'));
    expect(a).not.toBe(visitorOf('secret', { issuer: 'https://b', clientId: 'c' }, 'user-42'));
    expect(a).not.toContain('user-42');
  });
});
