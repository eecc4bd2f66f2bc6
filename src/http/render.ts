import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import type { Response } from 'express';
import type { Locale } from '../context/launch-context';
import { translator } from '../i18n/translate';

/** The views folder; includes are written from it ('/partials/head'). */
export const VIEWS_ROOT = path.resolve(__dirname, '..', '..', 'views');

/**
 * What a template's `slot(name, render, arg)` does in a normal render: renders the section now.
 * A holed render (http/holed-page.ts) passes one that prints a marker instead.
 */
export type Slot = (name: string, render: () => string, arg?: string) => string;
export const renderSlotNow: Slot = (_name, render) => render();

/**
 * Renders a view with the plain view model a presenter built, plus the translator for the page's
 * language. Templates never reach storage.
 */
export function renderPage(res: Response, view: string, locale: Locale, model: Record<string, unknown>, status = 200): void {
  res.status(status).render(view, { slot: renderSlotNow, ...model, locale, t: translator(locale) });
}

const compiled = new Map<string, ejs.TemplateFunction>();

/**
 * Renders one view to a string outside Express (a page section filled per request, or a whole page
 * rendered with holes). Compiled once per process: views are files of the release, not data.
 */
export function renderView(view: string, locale: Locale, model: Record<string, unknown>): string {
  let template = compiled.get(view);
  if (!template) {
    const filename = path.join(VIEWS_ROOT, `${view}.ejs`);
    template = ejs.compile(fs.readFileSync(filename, 'utf8'), { filename, root: VIEWS_ROOT, cache: true });
    compiled.set(view, template);
  }
  return template({ slot: renderSlotNow, ...model, locale, t: translator(locale) });
}
