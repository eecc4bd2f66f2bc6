/**
 * The read API's query parameters, checked at the edge before anything reads them: only the
 * parameters an endpoint names (a typo is refused, not ignored), each at most once, `limit` a whole
 * number from 1 to the endpoint's maximum, `cursor` a string (its content is the codec's to judge).
 */
import type { Request } from 'express';
import { AppError } from '../http/errors';

export interface PageParams {
  readonly limit: number;
  readonly cursor?: string;
}

export interface LimitRule {
  readonly default: number;
  readonly max: number;
}

export function readQuery(req: Request, allowed: readonly string[]): Record<string, string> {
  const query = req.query as Record<string, unknown>;
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (!allowed.includes(name)) throw new AppError('API_UNKNOWN_PARAMETER', { parameter: name.slice(0, 64) }, { accepted: allowed.join(', ') || '—' });
    if (typeof value !== 'string') throw new AppError('API_INVALID_PARAMETER', { parameter: name }, { name });
    values[name] = value;
  }
  return values;
}

export function readLimit(raw: string | undefined, rule: LimitRule): number {
  if (raw === undefined) return rule.default;
  if (!/^[0-9]{1,6}$/.test(raw)) throw new AppError('API_INVALID_LIMIT', { limit: raw.slice(0, 32) }, { max: rule.max });
  const limit = Number(raw);
  if (limit < 1 || limit > rule.max) throw new AppError('API_INVALID_LIMIT', { limit }, { max: rule.max });
  return limit;
}

export function readPageParams(req: Request, rule: LimitRule): PageParams {
  const query = readQuery(req, ['limit', 'cursor']);
  const limit = readLimit(query.limit, rule);
  return query.cursor === undefined ? { limit } : { limit, cursor: query.cursor };
}

/** Every list answers the same envelope: the items and the cursor of the next page (null at the end). */
export interface ApiPage<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}
