/**
 * The record model behind the ltijs database plugin, free of any driver so any adapter can
 * reuse it: what a stored record is, which equality queries ltijs may send, and how long each
 * ltijs collection lives.
 */

/** One ltijs document as JSON (what ltijs would have stored in a MongoDB collection). */
export type LtiDoc = Record<string, unknown>;

export type QueryValue = string | number | boolean | null;

/** `field = value` on a top-level field; a null value matches a missing or null field, as in MongoDB. */
export interface FieldCondition {
  readonly field: string;
  readonly value: QueryValue;
}

export interface StoredLtiRecord {
  readonly doc: LtiDoc;
  /** Epoch milliseconds. */
  readonly createdAt: number;
}

/**
 * The few storage operations the plugin needs; each adapter implements them over its own medium.
 * "First" is the oldest live match, as ltijs's replaceOne/updateOne act on the first document found.
 */
export interface LtiRecordTable {
  /** Records of the collection that have not expired at `now` and match every condition, oldest first. */
  find(collection: string, where: readonly FieldCondition[], now: number): Promise<StoredLtiRecord[]>;
  insert(collection: string, doc: LtiDoc, createdAt: number, expiresAt: number | null): Promise<void>;
  /** Swaps the first match's document and restarts its lifetime (a replaced token is a new token), or inserts when none matches. */
  replaceFirst(collection: string, where: readonly FieldCondition[], doc: LtiDoc, now: number, expiresAt: number | null): Promise<void>;
  /** Changes the first match's document to `change(current)` and keeps its dates; does nothing when none matches. */
  updateFirst(collection: string, where: readonly FieldCondition[], now: number, change: (current: StoredLtiRecord) => LtiDoc): Promise<void>;
  deleteWhere(collection: string, where: readonly FieldCondition[]): Promise<void>;
  /** Gives every live match an expiry: reads stop returning them then, and the store's purge deletes them. */
  expireWhere(collection: string, where: readonly FieldCondition[], expiresAt: number, now: number): Promise<void>;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Lifetimes of ltijs's short-lived collections, after the TTLs of ltijs's mongoose schema. Nonces are
 * kept 10 minutes instead of ltijs's 10 seconds: a nonce must outlive the id_token it protects or a
 * captured token can be replayed once ltijs has forgotten it. Collections not listed never expire.
 */
export const LTIJS_LIFETIMES_MS: Readonly<Record<string, number>> = Object.freeze({
  idtoken: 24 * HOUR,
  contexttoken: 24 * HOUR,
  accesstoken: HOUR,
  nonce: 10 * MINUTE,
  state: 10 * MINUTE,
});

export function expiryOf(collection: string, createdAt: number): number | null {
  const lifetime = Object.prototype.hasOwnProperty.call(LTIJS_LIFETIMES_MS, collection) ? LTIJS_LIFETIMES_MS[collection] : undefined;
  return lifetime === undefined ? null : createdAt + lifetime;
}

/** Field names are spliced into JSON paths (so that SQLite can use its expression indexes): plain identifiers only. */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseQuery(query: Record<string, unknown> | undefined): FieldCondition[] {
  if (query === undefined || query === null) return [];
  if (typeof query !== 'object' || Array.isArray(query)) throw new TypeError('An ltijs query must be an object');
  return Object.entries(query).map(([field, raw]): FieldCondition => {
    if (!FIELD_NAME.test(field)) throw new TypeError(`Unsupported ltijs query field "${field}"`);
    if (raw === undefined || raw === null) return { field, value: null };
    if (typeof raw === 'string' || typeof raw === 'boolean') return { field, value: raw };
    if (typeof raw === 'number' && Number.isFinite(raw)) return { field, value: raw };
    throw new TypeError(`Unsupported ltijs query on "${field}": only strings, finite numbers, booleans and null are matched`);
  });
}

/** The in-process statement of what the SQLite and MongoDB conditions match: same value, same type. */
export function matchesQuery(doc: LtiDoc, where: readonly FieldCondition[]): boolean {
  return where.every(({ field, value }) => {
    const actual = Object.prototype.hasOwnProperty.call(doc, field) ? doc[field] : undefined;
    if (value === null) return actual === undefined || actual === null;
    return actual === value;
  });
}

/** A deep, JSON-only copy: what a document store keeps (undefined fields vanish, dates become strings). */
export function toJsonDoc(value: unknown, what: string): LtiDoc {
  const copy: unknown = JSON.parse(JSON.stringify(value ?? null));
  if (copy === null || typeof copy !== 'object' || Array.isArray(copy)) throw new TypeError(`${what} must be an object`);
  return copy as LtiDoc;
}
