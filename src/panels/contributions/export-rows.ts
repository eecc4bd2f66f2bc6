/** One row per contribution, shared by the CSV and the ZIP's manifest: licence, credit, file, counts. */
import type { CsvRow } from '../reviews/csv';
import type { Contribution } from '../../storage/ports/contributions';
import type { ContribState } from './panel-state';

export function exportHeader(state: ContribState): string[] {
  const t = state.t;
  return ['id', 'createdAt', 'status', 'title', 'text', 'link', 'licence', 'credit', 'consentToReuse', 'featured', 'useful', 'comments', 'reuses', 'file', 'fileType', 'fileSha256'].map((k) =>
    t(`contrib.export.${k}` as Parameters<typeof t>[0]),
  );
}

/** The file's path inside the ZIP: files/<id>/<safe name> (the name was made safe when stored). */
export function zipPathOf(c: Contribution): string | undefined {
  return c.file ? `files/${c.id}/${c.file.name}` : undefined;
}

export function exportRow(state: ContribState, c: Contribution): CsvRow {
  return [
    c.id,
    c.createdAt.toISOString(),
    c.status,
    c.title,
    c.text,
    c.link ?? '',
    state.t(`contrib.licence.${c.licence}`),
    c.credit.byName ? c.credit.name : state.t('contrib.credit.anonymous'),
    c.consentToReuse,
    c.featured,
    c.usefulCount,
    c.commentCount,
    c.reuseCount,
    zipPathOf(c) ?? '',
    c.file?.contentType ?? '',
    c.file?.sha256 ?? '',
  ];
}

export async function* exportRows(state: ContribState, all: AsyncIterable<Contribution>): AsyncIterable<CsvRow> {
  for await (const c of all) yield exportRow(state, c);
}
