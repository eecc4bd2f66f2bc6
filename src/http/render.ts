import type { Response } from 'express';
import type { Locale } from '../context/launch-context';
import { translator } from '../i18n/translate';

/**
 * Renders a view with the plain view model a presenter built, plus the translator for the page's
 * language. Templates never reach storage.
 */
export function renderPage(res: Response, view: string, locale: Locale, model: Record<string, unknown>, status = 200): void {
  res.status(status).render(view, { ...model, locale, t: translator(locale) });
}
