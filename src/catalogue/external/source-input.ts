/**
 * What an admin types to add a source (admin page or CLI), checked before anything else sees it:
 * a name of 1–120 characters, an http(s) URL of at most 2,000 characters (https only where the
 * settings say so), an optional language. Problems come back as codes per field, translated by
 * whoever shows them; everything wrong is reported at once.
 */
import { z } from 'zod';

export const SOURCE_LANGUAGES = ['en', 'fr'] as const;
export const MAX_SOURCES_PER_DEPLOYMENT = 50;

export type SourceField = 'name' | 'url' | 'language';
export type SourceProblem = 'required' | 'too-long' | 'invalid' | 'scheme' | 'http-not-allowed' | 'duplicate' | 'too-many';

export interface ValidSourceInput {
  readonly name: string;
  readonly url: string;
  readonly language?: (typeof SOURCE_LANGUAGES)[number];
}

const nameSchema = z.string().trim().min(1, 'required').max(120, 'too-long');
const urlSchema = z.string().trim().min(1, 'required').max(2000, 'too-long');
const languageSchema = z.union([z.literal(''), z.enum(SOURCE_LANGUAGES)]).optional();

export type SourceInputResult =
  | { readonly ok: true; readonly input: ValidSourceInput }
  | { readonly ok: false; readonly problems: Partial<Record<SourceField, SourceProblem>> };

export function parseSourceInput(raw: { name?: unknown; url?: unknown; language?: unknown }, allowHttp: boolean): SourceInputResult {
  const problems: Partial<Record<SourceField, SourceProblem>> = {};
  const name = nameSchema.safeParse(raw.name ?? '');
  if (!name.success) problems.name = name.error.issues[0]?.message === 'too-long' ? 'too-long' : 'required';
  const url = urlSchema.safeParse(raw.url ?? '');
  let href = '';
  if (!url.success) problems.url = url.error.issues[0]?.message === 'too-long' ? 'too-long' : 'required';
  else {
    const checked = checkUrl(url.data, allowHttp);
    if (typeof checked === 'string') href = checked;
    else problems.url = checked.problem;
  }
  const language = languageSchema.safeParse(raw.language === undefined ? undefined : raw.language);
  if (!language.success) problems.language = 'invalid';
  if (Object.keys(problems).length > 0 || !name.success || !language.success) return { ok: false, problems };
  return { ok: true, input: { name: name.data, url: href, ...(language.data ? { language: language.data } : {}) } };
}

function checkUrl(text: string, allowHttp: boolean): string | { problem: SourceProblem } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: 'invalid' };
  }
  if (url.protocol === 'http:' && !allowHttp) return { problem: 'http-not-allowed' };
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: 'scheme' };
  if (url.username || url.password || !url.hostname) return { problem: 'invalid' };
  return url.href.length <= 2000 ? url.href : { problem: 'too-long' };
}
