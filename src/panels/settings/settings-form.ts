/**
 * Reads the settings form. Every field is checked against its allowed values; any problem is
 * reported in the page's language and nothing is saved.
 */
import type { Locale } from '../../context/launch-context';
import { translator } from '../../i18n/translate';
import { httpUrl } from '../../catalogue/course-url';
import { ASPECTS, type AspectId, type CourseSettings, type ReviewWindow } from '../../storage/ports/course-settings';

/** The catalogue description is a teaser under the title, not a syllabus. */
export const DESCRIPTION_MAX = 500;

const CHOICES = {
  textVisibility: ['everyone', 'staff', 'nobody'],
  moderation: ['immediate', 'hold'],
  authorDisplay: ['full', 'first-initial', 'pseudonym'],
  windowMode: ['any', 'after-date', 'after-days'],
} as const;

export function parseSettingsForm(body: Record<string, unknown>, locale: Locale): { settings?: Omit<CourseSettings, 'updatedAt' | 'updatedBy'>; problems: Record<string, string> } {
  const t = translator(locale);
  const problems: Record<string, string> = {};
  const choice = <K extends keyof typeof CHOICES>(name: K, field = name as string): (typeof CHOICES)[K][number] => {
    const value = body[field];
    const found = (CHOICES[name] as readonly string[]).find((c) => c === value);
    if (!found) problems[field] = t('settings.invalid.choice');
    return (found ?? CHOICES[name][0]) as (typeof CHOICES)[K][number];
  };
  const textVisibility = choice('textVisibility');
  const moderation = choice('moderation');
  const authorDisplay = choice('authorDisplay');
  const mode = choice('windowMode');

  const minRaw = String(body.minRatings ?? '').trim();
  const minRatings = Number(minRaw);
  if (!/^\d{1,2}$/.test(minRaw) || minRatings > 50) problems.minRatings = t('settings.invalid.minRatings');

  const rawAspects = body.aspects === undefined ? [] : Array.isArray(body.aspects) ? body.aspects : [body.aspects];
  const aspects = rawAspects.filter((a): a is AspectId => (ASPECTS as readonly unknown[]).includes(a));
  if (aspects.length !== rawAspects.length) problems.aspects = t('settings.invalid.choice');

  let reviewWindow: ReviewWindow = { mode: 'any' };
  if (mode === 'after-date') {
    const date = String(body.windowDate ?? '').trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) problems.windowDate = t('settings.invalid.date');
    reviewWindow = { mode, date };
  } else if (mode === 'after-days') {
    const raw = String(body.windowDays ?? '').trim();
    const days = Number(raw);
    if (!/^\d{1,3}$/.test(raw) || days > 365) problems.windowDays = t('settings.invalid.days');
    reviewWindow = { mode, days };
  }

  const description = String(body.catalogueDescription ?? '').replace(/\r\n?/g, '\n').trim();
  if (description.length > DESCRIPTION_MAX || /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(description)) problems.catalogueDescription = t('catalogue.settings.invalid.description', { max: DESCRIPTION_MAX });
  const rawUrl = String(body.catalogueCourseUrl ?? '').trim();
  const courseUrl = rawUrl === '' ? '' : httpUrl(rawUrl);
  if (courseUrl === undefined) problems.catalogueCourseUrl = t('catalogue.settings.invalid.url');

  if (Object.keys(problems).length) return { problems };
  return {
    problems,
    settings: {
      reviewsEnabled: body.reviewsEnabled === 'on',
      consumerGroupEnabled: body.consumerGroupEnabled === 'on',
      contributionsEnabled: body.contributionsEnabled === 'on',
      contributionsModeration: body.contributionsModeration === 'hold' ? 'hold' : 'immediate',
      textVisibility,
      moderation,
      authorDisplay,
      minRatings,
      aspects: [...new Set(aspects)],
      reviewWindow,
      feedbackCredit: body.feedbackCredit === 'on',
      catalogue: { listed: body.catalogueListed === 'on', description, courseUrl: courseUrl ?? '', badge: body.catalogueBadge === 'on' },
    },
  };
}

export const SETTINGS_CHOICES = CHOICES;
