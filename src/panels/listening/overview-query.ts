/**
 * The overview's query string, checked before anything reads it: which column sorts the table, in
 * which direction, which page, and whether to send the table as a file. Anything else is a 400 with
 * the field named (never a silent default for a value somebody typed wrong).
 */
export const OVERVIEW_SORTS = ['rating', 'trend30', 'trend90', 'attention', 'answered', 'response', 'actions', 'overdue', 'buyin', 'participation', 'title'] as const;
export type OverviewSort = (typeof OVERVIEW_SORTS)[number];
export type SortDirection = 'asc' | 'desc';

/**
 * Each column's first direction is the one a manager asks for first: best rated first, the
 * steepest fall first, the most needing attention first, the least answered first, the slowest
 * response first, the most actions first, the least buy-in and participation first, titles A–Z.
 */
export const DEFAULT_DIRECTION: Record<OverviewSort, SortDirection> = {
  rating: 'desc',
  trend30: 'asc',
  trend90: 'asc',
  attention: 'desc',
  answered: 'asc',
  response: 'desc',
  actions: 'desc',
  overdue: 'desc',
  buyin: 'asc',
  participation: 'asc',
  title: 'asc',
};

export interface OverviewQuery {
  readonly sort: OverviewSort;
  readonly dir: SortDirection;
  readonly page: number;
  readonly format: 'html' | 'csv' | 'json';
}

export type OverviewQueryProblem = { readonly field: 'sort' | 'dir' | 'page' | 'format' };

const MAX_PAGE = 10_000;

const single = (value: unknown): string | undefined | null => (value === undefined ? undefined : typeof value === 'string' ? value : null);

export function parseOverviewQuery(query: Record<string, unknown>): OverviewQuery | OverviewQueryProblem {
  const sort = single(query.sort);
  if (sort === null || (sort !== undefined && !(OVERVIEW_SORTS as readonly string[]).includes(sort))) return { field: 'sort' };
  const chosen = (sort ?? 'rating') as OverviewSort;
  const dir = single(query.dir);
  if (dir === null || (dir !== undefined && dir !== 'asc' && dir !== 'desc')) return { field: 'dir' };
  const page = single(query.page);
  if (page === null || (page !== undefined && !/^[1-9]\d{0,4}$/.test(page)) || Number(page ?? 1) > MAX_PAGE) return { field: 'page' };
  const format = single(query.format);
  if (format === null || (format !== undefined && format !== 'csv' && format !== 'json')) return { field: 'format' };
  return { sort: chosen, dir: dir ?? DEFAULT_DIRECTION[chosen], page: Number(page ?? 1), format: format ?? 'html' };
}
