/**
 * Reading form fields: trimmed, length-checked, enum-checked. Problems name the field they belong
 * to, so a page can show each one next to its field (aria-describedby) in the page's language.
 */
import type { Translate } from '../../i18n/translate';

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** Collects values and problems while a form is read. */
export class FormReader {
  readonly problems: FieldProblem[] = [];

  constructor(
    private readonly body: Record<string, unknown>,
    private readonly t: Translate,
  ) {}

  /** Trimmed text with line endings normalised; '' when absent. */
  text(field: string, limits: { max: number; required?: boolean; label: string }): string {
    const raw = this.body[field];
    const value = typeof raw === 'string' ? raw.replace(/\r\n?/g, '\n').trim() : '';
    if (limits.required && value === '') this.problem(field, this.t('cg.problem.required', { field: limits.label }));
    else if (value.length > limits.max) this.problem(field, this.t('cg.problem.tooLong', { field: limits.label, max: limits.max }));
    return value;
  }

  /** Lines of a textarea, blanks dropped. */
  lines(field: string, limits: { maxLines: number; maxLine: number; label: string }): string[] {
    const lines = this.text(field, { max: limits.maxLines * (limits.maxLine + 2), label: limits.label })
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    if (lines.length > limits.maxLines) this.problem(field, this.t('cg.problem.tooManyLines', { field: limits.label, max: limits.maxLines }));
    if (lines.some((l) => l.length > limits.maxLine)) this.problem(field, this.t('cg.problem.lineTooLong', { field: limits.label, max: limits.maxLine }));
    return lines;
  }

  choice<T extends string>(field: string, allowed: readonly T[], label: string): T {
    const raw = this.body[field];
    if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T;
    this.problem(field, this.t('cg.problem.choice', { field: label }));
    return allowed[0];
  }

  /** An optional calendar day (YYYY-MM-DD) that exists. */
  day(field: string, label: string): string | undefined {
    const value = this.text(field, { max: 10, label });
    if (value === '') return undefined;
    const valid = /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
    if (!valid) this.problem(field, this.t('cg.problem.date', { field: label }));
    return valid ? value : undefined;
  }

  checked(field: string): boolean {
    const raw = this.body[field];
    return raw === '1' || raw === 'on' || raw === 'yes';
  }

  problem(field: string, message: string): void {
    if (!this.problems.some((p) => p.field === field)) this.problems.push({ field, message });
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }
}

/** What the form held, to show it again after a refused submission (strings only). */
export function echoValues(body: unknown): Record<string, string> {
  if (!body || typeof body !== 'object') return {};
  return Object.fromEntries(Object.entries(body as Record<string, unknown>).filter(([k, v]) => typeof v === 'string' && k !== '_csrf')) as Record<string, string>;
}

/** Problems by field name, for templates to show each beside its field. */
export function errorsOf(problems: readonly FieldProblem[]): Record<string, string> {
  return Object.fromEntries(problems.map((p) => [p.field, p.message]));
}
