/**
 * The steps sharing and editing have in common, so both apply the same rules: the file checked from
 * its bytes (contributions/files/), the publish-or-hold decision, the credit line, and storing the
 * checked file (before the row; the caller deletes it again if the row is not written).
 */
import { Readable } from 'node:stream';
import { checkContributionFile, type CheckedFile } from '../../contributions/files/check-file';
import type { UploadedFile } from '../../http/multipart-upload';
import { CONTRIBUTION_LIMITS, type Contribution, type ContributionCredit, type ContributionFileRef, type ContributionHoldReason, type ContributionWrite } from '../../storage/ports/contributions';
import type { FieldProblem } from '../consumer-group/form-input';
import { holdReasonsFor } from '../reviews/content-policy';
import type { PanelDeps } from '../panel-deps';
import type { ContribState } from './panel-state';
import type { ShareFields } from './share-form';
import { sizeLimit } from './upload-body';

/** The uploaded file checked from its bytes; a refusal is a problem at the file field. */
export function checkUpload(deps: PanelDeps, state: ContribState, upload: UploadedFile | null): { checked: CheckedFile | null; problem?: FieldProblem } {
  if (!upload) return { checked: null };
  const maxBytes = deps.config.contributions.maxFileBytes;
  const verdict = checkContributionFile(upload.bytes, upload.clientName, { maxBytes });
  if (verdict.ok) return { checked: verdict };
  return { checked: null, problem: { field: 'file', message: state.t(`contributions.file.refused.${verdict.refusal}`, { limit: sizeLimit(maxBytes, state.context.locale) }) } };
}

/** A name credit needs a name: the platform may send none. */
export function creditProblem(state: ContribState, fields: ShareFields, previous?: Contribution): FieldProblem | undefined {
  const named = previous?.credit.byName || state.me.name.trim() !== '';
  return fields.creditByName && !named ? { field: 'credit', message: state.t('contrib.problem.noName') } : undefined;
}

/**
 * The credit line. Kept as it is when the author keeps crediting by name on an edit (staff may have
 * corrected it with their consent); otherwise the launch's name, cut to the store's limit.
 */
export function creditOf(state: ContribState, fields: ShareFields, previous?: Contribution): ContributionCredit {
  if (!fields.creditByName) return { byName: false };
  if (previous?.credit.byName) return previous.credit;
  return { byName: true, name: [...state.me.name.trim()].slice(0, CONTRIBUTION_LIMITS.creditName).join('') };
}

/**
 * Why the text must wait for an instructor: the course's moderation setting and the reviews'
 * content policy, as for a new contribution; and an edit of one an instructor held stays held for
 * a new decision (editing must not be a way round a hold).
 */
export function holdReasonsOf(state: ContribState, fields: ShareFields, previous?: Contribution): ContributionHoldReason[] {
  return [
    ...(state.settings.contributionsModeration === 'hold' ? (['moderation'] as const) : []),
    ...holdReasonsFor([fields.title, fields.text], state.context.locale),
    ...(previous?.status === 'held' && previous.holdReasons.includes('staff') ? (['staff'] as const) : []),
  ];
}

export async function storeCheckedFile(deps: PanelDeps, checked: CheckedFile): Promise<ContributionFileRef> {
  const stored = await deps.storage.contributionFiles.saveFile(Readable.from([checked.bytes]), { maxBytes: deps.config.contributions.maxFileBytes });
  return { id: stored.id, name: checked.name, contentType: checked.contentType, size: stored.size, sha256: stored.sha256 };
}

/**
 * What a share or an edit writes: the form's fields, the file, the credit line and the
 * publish-or-hold decision, decided by the same rules for both (`previous` when editing).
 */
export function contributionWrite(state: ContribState, fields: ShareFields, file: ContributionFileRef | undefined, previous?: Contribution): ContributionWrite {
  const holdReasons = holdReasonsOf(state, fields, previous);
  return {
    title: fields.title,
    text: fields.text,
    link: fields.link,
    file,
    licence: fields.licence,
    consentToReuse: fields.consentToReuse,
    credit: creditOf(state, fields, previous),
    status: holdReasons.length > 0 ? 'held' : 'published',
    holdReasons,
  };
}
