/**
 * The share and edit forms are multipart (they may carry a file), which express.urlencoded does not
 * read, so their fields (the CSRF token among them) would never reach the CSRF check. This
 * middleware, mounted by app.ts before that check and only for POST /contributions/share and
 * /contributions/:id/edit, reads the form with the streaming multipart helper into req.body and
 * keeps the file in res.locals for the route; the file is only checked and stored after the CSRF
 * check passed. A broken limit is answered here with the form and a message (413 for the file's
 * size, 422/400 otherwise): nothing has been written, so no token is needed to say so. What was
 * typed before the file part comes back in the form, but only when the form carried the session's
 * token, so that another site cannot fill in someone's form.
 */
import type { RequestHandler, Response } from 'express';
import { csrfTokenMatches } from '../../http/csrf';
import { readMultipartUpload, type UploadedFile } from '../../http/multipart-upload';
import { echoValues } from '../consumer-group/form-input';
import type { PanelDeps } from '../panel-deps';
import { contribState, renderContrib, type ContribState } from './panel-state';
import { authoredContribution, renderEditPage, renderSharePage, type FormEcho } from './pages';

const SHARE_PATH = /^\/contributions\/share\/?$/;
const EDIT_PATH = /^\/contributions\/([^/]+)\/edit\/?$/;

export function contributionUploadBody(deps: PanelDeps): RequestHandler {
  return (req, res, next) => {
    const editId = EDIT_PATH.exec(req.path)?.[1];
    if (req.method !== 'POST' || (!SHARE_PATH.test(req.path) && editId === undefined) || !req.is('multipart/form-data')) return next();
    readMultipartUpload(req, { maxFileBytes: deps.config.contributions.maxFileBytes, maxFields: 20, maxFieldBytes: 16 * 1024 })
      .then(async (upload) => {
        if (upload.ok) {
          req.body = { ...upload.fields };
          res.locals.contributionFile = upload.file;
          return next();
        }
        const state = await contribState(deps, res);
        // As the panel's gate would answer (this runs before it).
        if (!state.settings.contributionsEnabled && !state.staff) return renderContrib(res, state, 'disabled', {}, 403);
        const message = state.t(`contributions.upload.${upload.problem}`, { limit: sizeLimit(deps.config.contributions.maxFileBytes, state.context.locale) });
        const typed = csrfTokenMatches(state.session, upload.fields._csrf) ? echoValues(upload.fields) : undefined;
        await answerRefused(deps, res, state, editId, { values: typed ?? {}, problems: [{ field: 'file', message }] }, typed !== undefined, upload.status);
      })
      .catch(next);
  };
}

async function answerRefused(deps: PanelDeps, res: Response, state: ContribState, editId: string | undefined, echo: FormEcho, typed: boolean, status: number): Promise<void> {
  if (editId === undefined) return renderSharePage(deps, res, state, echo, status);
  // The contribution is looked up from the session's course and user: someone else's is a 404 here too.
  const current = await authoredContribution(deps, state, editId);
  // Without the session's token the stored values are shown, not what was sent.
  await renderEditPage(deps, res, state, current, { problems: echo.problems, ...(typed ? { values: echo.values } : {}) }, status);
}

/** The file the share or edit route received, if any (set above). */
export function uploadedFile(locals: Record<string, unknown>): UploadedFile | null {
  return (locals.contributionFile as UploadedFile | null | undefined) ?? null;
}

/** "10 MB" / "10 Mo" (binary megabytes, as CONTRIBUTION_MAX_BYTES is read). */
export function sizeLimit(bytes: number, locale: 'en' | 'fr'): string {
  const figure = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024));
  return `${figure}\u00a0${locale === 'fr' ? 'Mo' : 'MB'}`;
}
