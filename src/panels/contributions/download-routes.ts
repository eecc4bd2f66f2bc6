/**
 * Downloads of a contribution's file, to sessions of its course only (tenancy from the session; a
 * held one only to its author and staff). Always served with the type detected from the bytes when
 * it was stored (never the name's), nosniff, and as an attachment with a safe RFC 6266 name;
 * images only may be shown inline (?inline=1), under a CSP that runs nothing.
 */
import express from 'express';
import { pipeline } from 'node:stream/promises';
import { asyncHandler } from '../../http/async-handler';
import { AppError } from '../../http/errors';
import { FILE_KINDS } from '../../contributions/files/file-kinds';
import { attachmentDisposition } from '../../contributions/files/safe-name';
import type { PanelDeps } from '../panel-deps';
import { visibleContribution } from './pages';
import { stateOf } from './panel-state';

const IMAGE_TYPES = new Set<string>(Object.values(FILE_KINDS).filter((k) => k.image).map((k) => k.contentType));

export function downloadRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();
  router.get('/:id/file', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const c = await visibleContribution(deps, state, req.params.id);
    if (!c.file) throw new AppError('NOT_FOUND', { contributionId: c.id, reason: 'no file' });
    const stream = await deps.storage.contributionFiles.openFile(c.file.id);
    if (!stream) throw new AppError('NOT_FOUND', { contributionId: c.id, reason: 'file missing' });
    const inline = req.query.inline === '1' && IMAGE_TYPES.has(c.file.contentType);
    res.setHeader('Content-Type', c.file.contentType);
    res.setHeader('Content-Length', String(c.file.size));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Disposition', inline ? 'inline' : attachmentDisposition(c.file.name));
    res.setHeader('Content-Security-Policy', "default-src 'none'; img-src 'self'; sandbox");
    res.setHeader('Cache-Control', 'private, no-store');
    await pipeline(stream, res);
  }));
  return router;
}
