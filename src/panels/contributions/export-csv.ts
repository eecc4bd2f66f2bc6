/** The CSV export, streamed with the reviews' CSV rules (BOM, RFC 4180, formulas neutralised). */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { csvStream } from '../reviews/csv';
import type { PanelDeps } from '../panel-deps';
import { exportHeader, exportRows } from './export-rows';
import type { ContribState } from './panel-state';

export async function exportCsv(deps: PanelDeps, state: ContribState, res: Response): Promise<void> {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', 'attachment; filename="contributions.csv"');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  await pipeline(Readable.from(csvStream(exportHeader(state), exportRows(state, deps.storage.contributions.allContributions(state.course)))), res);
}
