/**
 * The story of an author editing their contribution:
 * 1. read the form as for sharing (share-form.ts), and what to do with the file: keep it, remove
 *    it, or replace it (a new file sent replaces; it goes through the same byte checks as a new one);
 * 2. decide publish or hold again, as for a new contribution; one an instructor held stays held;
 * 3. store a new file, then the row (the store checks the author against the session's user id,
 *    never the form); if the row is not written the new file is deleted again;
 * 4. once the row is written, delete the file it no longer points to (a crash leaves at worst an
 *    orphan file, never a contribution pointing at a missing one).
 */
import type { UploadedFile } from '../../http/multipart-upload';
import type { Contribution, ContributionFileRef } from '../../storage/ports/contributions';
import type { FieldProblem } from '../consumer-group/form-input';
import type { PanelDeps } from '../panel-deps';
import { checkUpload, contributionWrite, creditProblem, storeCheckedFile } from './contribution-write';
import type { ContribState } from './panel-state';
import { readShareForm } from './share-form';

export type EditOutcome =
  | { readonly ok: true; readonly contribution: Contribution }
  | { readonly ok: false; readonly problems: FieldProblem[] }
  /** Not the author's (or gone meanwhile): nothing changed. */
  | { readonly ok: false; readonly notFound: true };

export async function editContribution(deps: PanelDeps, state: ContribState, current: Contribution, body: Record<string, unknown>, upload: UploadedFile | null): Promise<EditOutcome> {
  if (current.author.id !== state.me.id) return { ok: false, notFound: true };
  const read = readShareForm(body, state.t);
  const { checked, problem: fileProblem } = checkUpload(deps, state, upload);
  const problems = [...(read.ok ? [] : read.problems), ...(fileProblem ? [fileProblem] : [])];
  const noName = read.ok ? creditProblem(state, read.fields, current) : undefined;
  if (noName) problems.push(noName);
  if (!read.ok || problems.length > 0) return { ok: false, problems };
  const fields = read.fields;

  const newFile: ContributionFileRef | undefined = checked ? await storeCheckedFile(deps, checked) : undefined;
  const file = newFile ?? (body.fileAction === 'remove' ? undefined : current.file);
  let saved: { contribution: Contribution; previous: Contribution } | null;
  try {
    saved = await deps.storage.contributions.updateContribution(state.course, current.id, state.me.id, contributionWrite(state, fields, file, current), deps.now());
  } catch (err) {
    if (newFile) await deps.storage.contributionFiles.deleteFile(newFile.id);
    throw err;
  }
  if (!saved) {
    if (newFile) await deps.storage.contributionFiles.deleteFile(newFile.id);
    return { ok: false, notFound: true };
  }
  const dropped = saved.previous.file;
  if (dropped && dropped.id !== saved.contribution.file?.id) await deps.storage.contributionFiles.deleteFile(dropped.id);
  return { ok: true, contribution: saved.contribution };
}
