/** Reading what learners send: ideas, training needs, comments and poll answers. */
import type { Translate } from '../../i18n/translate';
import type { Poll } from '../../storage/ports/consultations';
import { RECORD_ID } from '../../storage/consultations/ids';
import { AppError } from '../../http/errors';
import { FormReader } from './form-input';
import type { Parsed } from './consultation-form';

export const CONTRIBUTION_LIMITS = { title: 120, description: 2000, situation: 500, comment: 2000 } as const;

export interface IdeaForm {
  readonly title: string;
  readonly description: string;
  readonly situation: string;
  readonly creditConsent: boolean;
  /** The author has seen the similar ideas (script hint or confirmation step) and posts anyway. */
  readonly confirmed: boolean;
}

export function readIdeaForm(body: Record<string, unknown>, kind: 'idea' | 'need', t: Translate): Parsed<IdeaForm> {
  const form = new FormReader(body, t);
  const title = form.text('title', { max: CONTRIBUTION_LIMITS.title, required: true, label: t(kind === 'idea' ? 'cg.field.ideaTitle' : 'cg.field.needTitle') });
  const description = form.text('description', { max: CONTRIBUTION_LIMITS.description, required: kind === 'need', label: t(kind === 'idea' ? 'cg.field.ideaDescription' : 'cg.field.needWhy') });
  const situation = kind === 'need' ? form.text('situation', { max: CONTRIBUTION_LIMITS.situation, label: t('cg.field.needSituation') }) : '';
  const parsed = { title, description, situation, creditConsent: form.checked('credit'), confirmed: body.confirm === '1' };
  return form.ok ? { ok: true, value: parsed } : { ok: false, problems: form.problems };
}

export function readComment(body: Record<string, unknown>, t: Translate): { body: string; parentId: string | null } {
  const form = new FormReader(body, t);
  const text = form.text('body', { max: CONTRIBUTION_LIMITS.comment, required: true, label: t('cg.field.comment') });
  const parent = typeof body.parentId === 'string' && body.parentId !== '' ? body.parentId : null;
  if (parent !== null && !RECORD_ID.test(parent)) form.problem('parentId', t('cg.problem.choice', { field: t('cg.field.comment') }));
  if (!form.ok) throw new AppError('INVALID_INPUT', { problems: form.problems }, { problem: form.problems[0].message });
  return { body: text, parentId: parent };
}

/** Choice indexes of an answer: one for single and scale (1–5 stored as 0–4), one or more for multiple. */
export function readPollAnswer(body: Record<string, unknown>, poll: Poll, t: Translate): number[] {
  const raw = body.choice;
  const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v): v is string => typeof v === 'string');
  const size = poll.kind === 'scale' ? 5 : poll.options.length;
  const offset = poll.kind === 'scale' ? 1 : 0;
  const choices = [...new Set(values.map((v) => (/^\d{1,2}$/.test(v) ? Number(v) - offset : -1)))];
  const valid = choices.length > 0 && choices.every((c) => c >= 0 && c < size) && (poll.kind === 'multiple' || choices.length === 1);
  if (!valid) throw new AppError('INVALID_INPUT', { pollId: poll.id, values }, { problem: t('cg.problem.pollAnswer') });
  return choices.sort((a, b) => a - b);
}
