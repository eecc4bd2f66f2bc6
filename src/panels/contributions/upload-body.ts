/**
 * The share form is multipart (it may carry a file), which express.urlencoded does not read, so its
 * fields (the CSRF token among them) would never reach the CSRF check. This middleware, mounted by
 * app.ts before that check and only for POST /contributions/share, reads the form with the
 * streaming multipart helper into req.body and keeps the file in res.locals for the route; the
 * file is only checked and stored after the CSRF check passed. A broken limit is answered here
 * with the panel's form and a message (413 for the file's size, 422/400 otherwise): nothing has
 * been written, so no token is needed to say so.
 */
import type { RequestHandler } from 'express';
import { readMultipartUpload, type UploadedFile } from '../../http/multipart-upload';
import type { PanelDeps } from '../panel-deps';
import { contribState } from './panel-state';
import { renderSharePage } from './pages';

const SHARE_PATH = /^\/contributions\/share\/?$/;

export function contributionUploadBody(deps: PanelDeps): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST' || !SHARE_PATH.test(req.path) || !req.is('multipart/form-data')) return next();
    readMultipartUpload(req, { maxFileBytes: deps.config.contributions.maxFileBytes, maxFields: 20, maxFieldBytes: 16 * 1024 })
      .then(async (upload) => {
        if (upload.ok) {
          req.body = { ...upload.fields };
          res.locals.contributionFile = upload.file;
          return next();
        }
        const state = await contribState(deps, res);
        const message = state.t(`contributions.upload.${upload.problem}`, { limit: sizeLimit(deps.config.contributions.maxFileBytes, state.context.locale) });
        await renderSharePage(deps, res, state, { values: {}, problems: [{ field: 'file', message }] }, upload.status);
      })
      .catch(next);
  };
}

/** The file the share route received, if any (set above). */
export function uploadedFile(locals: Record<string, unknown>): UploadedFile | null {
  return (locals.contributionFile as UploadedFile | null | undefined) ?? null;
}

/** "10 MB" / "10 Mo" (binary megabytes, as CONTRIBUTION_MAX_BYTES is read). */
export function sizeLimit(bytes: number, locale: 'en' | 'fr'): string {
  const figure = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024));
  return `${figure}\u00a0${locale === 'fr' ? 'Mo' : 'MB'}`;
}
