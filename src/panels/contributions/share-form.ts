/**
 * Reading the share form: every field checked at the edge with a message at the field, in the
 * page's language, before the store or the file checks see anything.
 */
import { FormReader, type FieldProblem } from '../consumer-group/form-input';
import { CONTRIBUTION_LICENCES, CONTRIBUTION_LIMITS, type ContributionLicence } from '../../storage/ports/contributions';
import type { Translate } from '../../i18n/translate';

export interface ShareFields {
  readonly title: string;
  readonly text: string;
  readonly link?: string;
  readonly licence: ContributionLicence;
  readonly consentToReuse: boolean;
  readonly creditByName: boolean;
  readonly creditEditConsent: boolean;
}

export type ShareRead = { readonly ok: true; readonly fields: ShareFields } | { readonly ok: false; readonly problems: FieldProblem[] };

export function readShareForm(body: Record<string, unknown>, t: Translate): ShareRead {
  const form = new FormReader(body, t);
  const title = form.text('title', { max: CONTRIBUTION_LIMITS.title, required: true, label: t('contrib.field.title') });
  const text = form.text('text', { max: CONTRIBUTION_LIMITS.text, required: true, label: t('contrib.field.text') });
  const rawLink = form.text('link', { max: CONTRIBUTION_LIMITS.link, label: t('contrib.field.link') });
  const link = rawLink === '' ? undefined : webLink(rawLink);
  if (rawLink !== '' && link === undefined) form.problem('link', t('contrib.problem.link'));
  const licence = form.choice('licence', CONTRIBUTION_LICENCES, t('contrib.field.licence'));
  const consentToReuse = form.checked('consent');
  // Sharing is reuse by nature: without the contributor's explicit consent nothing is stored.
  if (!consentToReuse) form.problem('consent', t('contrib.problem.consent'));
  const credit = form.choice('credit', ['name', 'anonymous'] as const, t('contrib.field.credit'));
  if (!form.ok) return { ok: false, problems: form.problems };
  return { ok: true, fields: { title, text, link, licence, consentToReuse, creditByName: credit === 'name', creditEditConsent: form.checked('creditEditConsent') } };
}

/** An absolute http(s) URL without credentials, as the store requires; undefined otherwise. */
export function webLink(raw: string): string | undefined {
  if (/[\s\u0000-\u001f\u007f]/.test(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || !url.hostname) return undefined;
  return url.href.length <= CONTRIBUTION_LIMITS.link ? url.href : undefined;
}
