/**
 * The ZIP export: every contribution's file under files/<id>/<name>, and manifest.csv (the CSV
 * export's rows, which name each file's path, licence and credit). Streamed with yazl: entries are
 * opened one at a time from the file store as the archive is written, so memory stays flat
 * whatever the course holds.
 */
import type { Readable } from 'node:stream';
import type { Response } from 'express';
import { csvStream } from '../reviews/csv';
import type { Contribution } from '../../storage/ports/contributions';
import type { PanelDeps } from '../panel-deps';
import { exportHeader, exportRow, zipPathOf } from './export-rows';
import type { ContribState } from './panel-state';

export async function exportZip(deps: PanelDeps, state: ContribState, res: Response): Promise<void> {
  const all: Contribution[] = [];
  // Records only (no bytes): a course has at most a few thousand contributions.
  for await (const c of deps.storage.contributions.allContributions(state.course)) all.push(c);
  // yazl is loaded at the first export, not at start: few processes ever serve one (issue 14).
  const { ZipFile } = await import('yazl');
  const zip = new ZipFile();
  let manifest = '';
  for await (const chunk of csvStream(exportHeader(state), all.map((c) => exportRow(state, c)))) manifest += chunk;
  zip.addBuffer(Buffer.from(manifest, 'utf8'), 'manifest.csv');
  for (const c of all) {
    const path = zipPathOf(c);
    if (!c.file || !path) continue;
    const fileId = c.file.id;
    // Stored, not deflated: PDFs, images and office documents are compressed already.
    zip.addReadStreamLazy(path, { compress: false }, (cb) => {
      deps.storage.contributionFiles.openFile(fileId).then(
        (stream) => cb(stream ? null : new Error('missing contribution file'), stream as Readable),
        (err: unknown) => cb(err, undefined as unknown as Readable),
      );
    });
  }
  zip.end();
  res.setHeader('Content-Type', 'application/zip');
  res.setHeader('Content-Disposition', 'attachment; filename="contributions.zip"');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  await new Promise<void>((resolve) => {
    // Headers are sent: an error now can only cut the download short (logged by the caller's stream end).
    zip.on('error', () => {
      res.destroy();
      resolve();
    });
    zip.outputStream.on('end', () => resolve());
    // A reader who goes away mid-download: the response closes and nothing waits for the rest.
    res.on('close', () => resolve());
    zip.outputStream.pipe(res);
  });
}
