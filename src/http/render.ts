import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { holeMarker } from './holed-page';
import type { Response } from 'express';
import type { Locale } from '../context/launch-context';
import { translator } from '../i18n/translate';

/** The views folder; includes are written from it ('/partials/head'). */
export const VIEWS_ROOT = path.resolve(__dirname, '..', '..', 'views');

/**
 * EJS options for every view (Express's and renderView's, so both give the same bytes). Includes are
 * written from the views root, which also spares EJS a disk check per relative include (8% of a panel
 * render). rmWhitespace drops template indentation and blank lines: ~10% of a page's bytes, which
 * every view pays to send; no view keeps meaningful whitespace in template text (textarea values
 * are printed, not written in the template).
 */
export const VIEW_OPTIONS = { root: VIEWS_ROOT, rmWhitespace: true } as const;

/**
 * What a template's `slot(name, render, arg)` does in a normal render: renders the section now.
 * A holed render (http/holed-page.ts) passes one that prints a marker instead.
 */
export type Slot = (name: string, render: () => string, arg?: string) => string;
export const renderSlotNow: Slot = (_name, render) => render();
/** For a page rendered once and shared: each slot becomes a hole, filled per request (holed-page.ts). */
export const slotAsHole: Slot = (name, _render, arg) => holeMarker(name, arg);

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
    template = ejs.compile(fs.readFileSync(filename, 'utf8'), { ...VIEW_OPTIONS, filename, cache: true });
    compiled.set(view, template);
  }
  return template({ slot: renderSlotNow, ...model, locale, t: translator(locale) });
}

/** Sends a page already rendered to bytes (a filled holed page), without Express's send() checks. */
export function sendHtml(res: Response, body: Buffer, status = 200): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', body.length);
  res.end(body);
}
