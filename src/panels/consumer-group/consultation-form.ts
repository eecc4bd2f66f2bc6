/** Reading and checking the consultation, outline-section and poll forms instructors fill in. */
import type { Translate } from '../../i18n/translate';
import { CONSULTATION_STATUSES, POLL_KINDS, type ConsultationWrite, type OutlineSection, type PollWrite } from '../../storage/ports/consultations';
import { FormReader, type FieldProblem } from './form-input';

export const LIMITS = { title: 120, brief: 4000, questions: 10, question: 300, sectionText: 2000, pollQuestion: 200, options: 8, option: 100 } as const;

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

const done = <T>(form: FormReader, value: T): Parsed<T> => (form.ok ? { ok: true, value } : { ok: false, problems: form.problems });

export function readConsultationForm(body: Record<string, unknown>, t: Translate): Parsed<ConsultationWrite> {
  const form = new FormReader(body, t);
  const title = form.text('title', { max: LIMITS.title, required: true, label: t('cg.field.title') });
  const brief = form.text('brief', { max: LIMITS.brief, required: true, label: t('cg.field.brief') });
  const questions = form.lines('questions', { maxLines: LIMITS.questions, maxLine: LIMITS.question, label: t('cg.field.questions') });
  const opensOn = form.day('opensOn', t('cg.field.opensOn'));
  const closesOn = form.day('closesOn', t('cg.field.closesOn'));
  const status = form.choice('status', CONSULTATION_STATUSES, t('cg.field.status'));
  if (opensOn && closesOn && closesOn < opensOn) form.problem('closesOn', t('cg.problem.closesBeforeOpens'));
  return done(form, { title, brief, questions, status, ...(opensOn ? { opensOn } : {}), ...(closesOn ? { closesOn } : {}) });
}

export function readSectionForm(body: Record<string, unknown>, t: Translate): Parsed<Omit<OutlineSection, 'id'>> {
  const form = new FormReader(body, t);
  const title = form.text('sectionTitle', { max: LIMITS.title, required: true, label: t('cg.field.sectionTitle') });
  const text = form.text('sectionText', { max: LIMITS.sectionText, label: t('cg.field.sectionText') });
  return done(form, { title, text });
}

export function readPollForm(body: Record<string, unknown>, t: Translate): Parsed<PollWrite> {
  const form = new FormReader(body, t);
  const question = form.text('pollQuestion', { max: LIMITS.pollQuestion, required: true, label: t('cg.field.pollQuestion') });
  const kind = form.choice('pollKind', POLL_KINDS, t('cg.field.pollKind'));
  const options = kind === 'scale' ? [] : form.lines('pollOptions', { maxLines: LIMITS.options, maxLine: LIMITS.option, label: t('cg.field.pollOptions') });
  if (kind !== 'scale' && options.length < 2) form.problem('pollOptions', t('cg.problem.twoOptions'));
  return done(form, { question, kind, options });
}
