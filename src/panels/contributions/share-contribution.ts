/**
 * The story of sharing a contribution:
 * 1. read the form (share-form.ts), with a message at each field;
 * 2. check the file from its bytes (contributions/files/), never its name or the browser's type;
 * 3. decide publish or hold: the course's moderation setting and the reviews' content policy
 *    (contact details, links in the text, offensive terms);
 * 4. store the file, then the contribution; a failed second step deletes the file again.
 * The steps shared with editing are in contribution-write.ts.
 */
import type { UploadedFile } from '../../http/multipart-upload';
import type { Contribution, ContributionFileRef } from '../../storage/ports/contributions';
import type { FieldProblem } from '../consumer-group/form-input';
import type { PanelDeps } from '../panel-deps';
import { checkUpload, contributionWrite, creditProblem, storeCheckedFile } from './contribution-write';
import type { ContribState } from './panel-state';
import { readShareForm } from './share-form';

export type ShareOutcome = { readonly ok: true; readonly contribution: Contribution } | { readonly ok: false; readonly problems: FieldProblem[] };

export async function shareContribution(deps: PanelDeps, state: ContribState, body: Record<string, unknown>, upload: UploadedFile | null): Promise<ShareOutcome> {
  const read = readShareForm(body, state.t);
  const { checked, problem: fileProblem } = checkUpload(deps, state, upload);
  const problems = [...(read.ok ? [] : read.problems), ...(fileProblem ? [fileProblem] : [])];
  const noName = read.ok ? creditProblem(state, read.fields) : undefined;
  if (noName) problems.push(noName);
  if (!read.ok || problems.length > 0) return { ok: false, problems };
  const fields = read.fields;

  const now = deps.now();
  const file: ContributionFileRef | undefined = checked ? await storeCheckedFile(deps, checked) : undefined;
  try {
    let contribution = await deps.storage.contributions.createContribution(state.course, state.me, contributionWrite(state, fields, file), now);
    if (fields.creditEditConsent)
      contribution = (await deps.storage.contributions.setCreditEditConsent(state.course, contribution.id, state.me.id, true, now)) ?? contribution;
    return { ok: true, contribution };
  } catch (err) {
    if (file) await deps.storage.contributionFiles.deleteFile(file.id);
    throw err;
  }
}
