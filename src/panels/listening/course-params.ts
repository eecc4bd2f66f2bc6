/**
 * What the per-course Listening routes accept from the URL, checked before anything reads it: the
 * course's context id (LTI allows any string of up to 255 characters; the ones platforms send are
 * URL-safe ASCII, and the page only ever links to those), the timeline's bucket, the export's format
 * and table, and a topic key. Refusals are INVALID_INPUT with a sentence in the page's language.
 */
import type { Locale } from '../../context/launch-context';
import { AppError } from '../../http/errors';
import { translate } from '../../i18n/translate';
import { BUCKET_SIZES, type BucketSize } from '../../listening/course/course-timeline';

const CONTEXT_ID = /^[A-Za-z0-9._~:@!$&'()*+,;=-]{1,255}$/;
/** Topic keys are one or two stems (sentiment/key-phrases.ts): folded lower-case letters and digits. */
const TOPIC = /^[\p{Ll}\p{Lo}\p{N}]{1,40}(?: [\p{Ll}\p{Lo}\p{N}]{1,40})?$/u;

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const refuse = (locale: Locale, key: Parameters<typeof translate>[1], detail: Record<string, unknown>, params: Record<string, string> = {}) =>
  new AppError('INVALID_INPUT', detail, { problem: translate(locale, key, params) });

export function parseContextId(raw: unknown, locale: Locale): string {
  if (typeof raw !== 'string' || !CONTEXT_ID.test(raw)) throw refuse(locale, 'lcourse.error.course', { reason: 'context id shape', length: typeof raw === 'string' ? raw.length : -1 });
  return raw;
}

/** One value of a query parameter: an array (?by=a&by=b) or an object (?by[x]=1) is refused, not guessed. */
function single(query: Record<string, unknown>, name: string): string | undefined | null {
  const value = query[name];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : null;
}

export function parseBucket(query: Record<string, unknown>, locale: Locale): BucketSize {
  const by = single(query, 'by');
  if (by === undefined || by === '') return 'month';
  const found = BUCKET_SIZES.find((size) => size === by);
  if (!found) throw refuse(locale, 'lcourse.error.by', { reason: 'bucket' });
  return found;
}

/** The export asked for, if any: both `format` and `table`, the table among those the page has. */
export function parseExport(query: Record<string, unknown>, tables: readonly string[], locale: Locale): { format: ExportFormat; table: string } | null {
  const format = single(query, 'format');
  const table = single(query, 'table');
  if (format === undefined && table === undefined) return null;
  const knownFormat = EXPORT_FORMATS.find((f) => f === format);
  if (!knownFormat) throw refuse(locale, 'lcourse.error.format', { reason: 'format' });
  if (typeof table !== 'string' || !tables.includes(table)) throw refuse(locale, 'lcourse.error.table', { reason: 'table' }, { tables: tables.join(', ') });
  return { format: knownFormat, table };
}

export function parseTopicKey(raw: unknown, locale: Locale): string {
  if (typeof raw !== 'string' || !TOPIC.test(raw)) throw refuse(locale, 'lcourse.error.topic', { reason: 'topic key shape' });
  return raw;
}
