/**
 * The view model of the training managers page: the platform's designations in words, the form with
 * its problems and what was typed, and a flash read from ?done= (own keys only).
 */
import type { Locale } from '../../context/launch-context';
import type { MessageKey } from '../../i18n/en';
import { formatDate } from '../../i18n/format';
import { translator } from '../../i18n/translate';
import { maxLengthOf, subjectText, type SubjectField, type SubjectProblems } from '../../listening/designations';
import type { ManagerDesignation } from '../../storage/ports/managers';

export interface ManagerFormValues {
  readonly kind: string;
  readonly value: string;
}

export const EMPTY_MANAGER_FORM: ManagerFormValues = { kind: 'user', value: '' };

/** The strip on top: the platform rather than a course, and no course tabs (as the catalogue's). */
export interface ManagersChrome {
  readonly base: string;
  readonly csrfToken: string;
  readonly contextTitle: string;
  readonly userName?: string;
  readonly role: 'instructor' | 'learner';
  readonly roleLabel: string;
  readonly tabs: readonly never[];
}

export interface ManagersPageInput {
  readonly chrome: ManagersChrome;
  readonly locale: Locale;
  readonly designations: readonly ManagerDesignation[];
  readonly problems?: SubjectProblems;
  readonly values?: ManagerFormValues;
  readonly done?: unknown;
}

const FLASHES = new Set(['added', 'already', 'removed', 'gone']);

export function managersPage(input: ManagersPageInput) {
  const t = translator(input.locale);
  const values = input.values ?? EMPTY_MANAGER_FORM;
  const kind = values.kind === 'role' ? 'role' : 'user';
  const problems: Partial<Record<SubjectField, string>> = {};
  if (input.problems?.kind) problems.kind = t('managers.problem.kind.required');
  const valueProblem = input.problems?.value;
  if (valueProblem === 'invalid') problems.value = t(`managers.problem.value.invalid.${kind}`);
  else if (valueProblem) problems.value = t(`managers.problem.value.${valueProblem}` as MessageKey, { max: maxLengthOf(kind) });
  return {
    chrome: input.chrome,
    base: `${input.chrome.base}/listening/managers`,
    listeningHref: `${input.chrome.base}/listening`,
    designations: input.designations.map((d) => {
      const subject = subjectText(d.subject);
      const date = formatDate(d.designatedAt, input.locale);
      return {
        kind: d.subject.kind,
        kindLabel: t(`managers.kind.${d.subject.kind}`),
        subject,
        byline:
          d.designatedBy.id === 'cli'
            ? t('managers.designatedByCli', { date })
            : d.designatedBy.id === ''
              ? t('managers.designatedByErased', { date })
              : t('managers.designatedBy', { date, who: d.designatedBy.name || d.designatedBy.id }),
        removeLabel: t('managers.removeLabel', { subject }),
      };
    }),
    problems,
    values: { kind, value: values.value },
    kinds: (['user', 'role'] as const).map((value) => ({ value, label: t(`managers.field.kind.${value}`), checked: kind === value })),
    flash: typeof input.done === 'string' && FLASHES.has(input.done) ? t(`managers.flash.${input.done}` as MessageKey) : undefined,
  };
}
