/**
 * The MongoDB counterpart of SQLite's EXPLAIN QUERY PLAN checks, without a server: from a query's
 * filter and sort (as the store sends them to the driver), which declared index of the model reads it
 * as one index range in the requested order, so that the server needs no in-memory SORT stage.
 *
 * The rule is the planner's for a compound index: the query's equality fields (plain values, $eq, or
 * $in, which the server merges in order: SORT_MERGE) make up the index's first keys, in any order;
 * the sort keys come next, in order, all in the index's direction or all reversed (a sort key that is
 * also an equality field is constant and drops out). A range condition is on a sort key (a query
 * without sort is read in the order of its range field), or on a later key of the index, where it is
 * checked without fetching. $or, $ne, $exists and the like only filter the range. A partial index
 * serves only a query that repeats its filter, and a condition it repeats needs no key; a hint names
 * the one index the server may use.
 */
import type { Model } from 'mongoose';

type Direction = 1 | -1;
const RANGE = new Set(['$gt', '$gte', '$lt', '$lte']);

export interface QueryShape {
  readonly equality: ReadonlySet<string>;
  /** Fields under $gt/$gte/$lt/$lte. */
  readonly ranges: ReadonlySet<string>;
  readonly order: readonly (readonly [string, Direction])[];
  readonly filter: Record<string, unknown>;
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && !Array.isArray(value) && Object.keys(value).some((k) => k.startsWith('$'));
}

export function shapeOf(filter: Record<string, unknown>, sort: Record<string, unknown> | undefined): QueryShape {
  const equality = new Set<string>();
  const ranges = new Set<string>();
  for (const [field, condition] of Object.entries(filter)) {
    if (field.startsWith('$')) continue;
    if (!isOperatorObject(condition)) equality.add(field);
    else if ('$eq' in condition || '$in' in condition) equality.add(field);
    else if (Object.keys(condition).some((op) => RANGE.has(op))) ranges.add(field);
  }
  const requested = Object.entries(sort ?? {}).map(([field, dir]) => {
    if (dir !== 1 && dir !== -1) throw new Error(`Sort on ${field} is not an index order: ${JSON.stringify(dir)}`);
    return [field, dir] as const;
  });
  const order = requested.filter(([field]) => !equality.has(field));
  return { equality, ranges, order: order.length > 0 ? order : [...ranges].map((field) => [field, 1] as const), filter };
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether an index (its keys in order, and its options) reads the shape as one ordered range. */
export function serves(keys: Record<string, unknown>, options: Record<string, unknown>, shape: QueryShape): boolean {
  const partial = (options.partialFilterExpression ?? {}) as Record<string, unknown>;
  if (!Object.entries(partial).every(([field, condition]) => sameValue(shape.filter[field], condition))) return false;
  // A condition the partial filter repeats holds for every entry of the index: it may have a key or not.
  const required = [...shape.equality].filter((field) => !(field in partial));
  const entries = Object.entries(keys);
  let n = 0;
  while (n < entries.length && shape.equality.has(entries[n][0]) && (entries[n][1] === 1 || entries[n][1] === -1)) n++;
  if (!required.every((field) => entries.slice(0, n).some(([f]) => f === field))) return false;
  if (entries.length < n + shape.order.length) return false;
  const next = entries.slice(n, n + shape.order.length);
  const forward = next.every(([field, dir], i) => field === shape.order[i][0] && dir === shape.order[i][1]);
  const reversed = next.every(([field, dir], i) => field === shape.order[i][0] && dir === -shape.order[i][1]);
  if (!forward && !reversed) return false;
  // A range is read in order (a sort key), implied by the partial filter, or checked on a later key.
  const later = new Set(entries.slice(n + shape.order.length).map(([field]) => field));
  return [...shape.ranges].every((field) => shape.order.some(([f]) => f === field) || field in partial || later.has(field));
}

/** Names of the model's declared indexes that serve the query; a hint leaves only the hinted one. */
export function servingIndexes(model: Model<any>, filter: Record<string, unknown>, sort?: Record<string, unknown>, hint?: unknown): string[] {
  const shape = shapeOf(filter, sort);
  return model.schema
    .indexes()
    .filter(([keys, options]) => serves(keys as Record<string, unknown>, options as Record<string, unknown>, shape))
    .map(([, options]) => String((options as { name?: string }).name))
    .filter((name) => hint === undefined || name === hint);
}
