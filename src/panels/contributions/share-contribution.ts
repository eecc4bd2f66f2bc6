/**
 * The story of sharing a contribution:
 * 1. read the form (share-form.ts), with a message at each field;
 * 2. check the file from its bytes (contributions/files/), never its name or the browser's type;
 * 3. decide publish or hold: the course's moderation setting and the reviews' content policy
 *    (contact details, links in the text, offensive terms);
 * 4. store the file, then the contribution; a failed second step deletes the file again.
 */
import { Readable } from 'node:stream';
import { checkContributionFile } from '../../contributions/files/check-file';
import type { UploadedFile } from '../../http/multipart-upload';
import { CONTRIBUTION_LIMITS, type ContributionFileRef, type Contribution, type ContributionHoldReason } from '../../storage/ports/contributions';
import type { FieldProblem } from '../consumer-group/form-input';
import { holdReasonsFor } from '../reviews/content-policy';
import type { PanelDeps } from '../panel-deps';
import type { ContribState } from './panel-state';
import { readShareForm } from './share-form';
import { sizeLimit } from './upload-body';

export type ShareOutcome = { readonly ok: true; readonly contribution: Contribution } | { readonly ok: false; readonly problems: FieldProblem[] };

export async function shareContribution(deps: PanelDeps, state: ContribState, body: Record<string, unknown>, upload: UploadedFile | null): Promise<ShareOutcome> {
  const read = readShareForm(body, state.t);
  const problems = read.ok ? [] : [...read.problems];
  const checked = upload ? checkContributionFile(upload.bytes, upload.clientName, { maxBytes: deps.config.contributions.maxFileBytes }) : null;
  if (checked && !checked.ok)
    problems.push({ field: 'file', message: state.t(`contributions.file.refused.${checked.refusal}`, { limit: sizeLimit(deps.config.contributions.maxFileBytes, state.context.locale) }) });
  if (read.ok && read.fields.creditByName && state.me.name.trim() === '') problems.push({ field: 'credit', message: state.t('contrib.problem.noName') });
  if (!read.ok || problems.length > 0) return { ok: false, problems };
  const fields = read.fields;

  const holdReasons: ContributionHoldReason[] = [
    ...(state.settings.contributionsModeration === 'hold' ? (['moderation'] as const) : []),
    ...holdReasonsFor([fields.title, fields.text], state.context.locale),
  ];
  const now = deps.now();
  let file: ContributionFileRef | undefined;
  if (checked?.ok) {
    const stored = await deps.storage.contributionFiles.saveFile(Readable.from([checked.bytes]), { maxBytes: deps.config.contributions.maxFileBytes });
    file = { id: stored.id, name: checked.name, contentType: checked.contentType, size: stored.size, sha256: stored.sha256 };
  }
  try {
    let contribution = await deps.storage.contributions.createContribution(
      state.course,
      state.me,
      {
        title: fields.title,
        text: fields.text,
        link: fields.link,
        file,
        licence: fields.licence,
        consentToReuse: fields.consentToReuse,
        credit: fields.creditByName ? { byName: true, name: [...state.me.name.trim()].slice(0, CONTRIBUTION_LIMITS.creditName).join('') } : { byName: false },
        status: holdReasons.length > 0 ? 'held' : 'published',
        holdReasons,
      },
      now,
    );
    if (fields.creditEditConsent)
      contribution = (await deps.storage.contributions.setCreditEditConsent(state.course, contribution.id, state.me.id, true, now)) ?? contribution;
    return { ok: true, contribution };
  } catch (err) {
    if (file) await deps.storage.contributionFiles.deleteFile(file.id);
    throw err;
  }
}
