/**
 * Opaque page cursors: base64url of a small JSON value naming the last row's position. The cursor
 * travels through the browser, so decoding never trusts it: anything malformed, oversized or of the
 * wrong shape is refused with InvalidCursorError (the HTTP layer can answer 400 to that).
 */

/** Far above any real cursor (a few sort values and an id); refuses garbage before parsing it. */
const MAX_CURSOR_LENGTH = 1024;

export class InvalidCursorError extends Error {
  constructor(message = 'Invalid page cursor') {
    super(message);
    this.name = 'InvalidCursorError';
  }
}

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Decodes a cursor and hands its JSON to `read`, which returns null when the shape is wrong. */
export function decodeCursor<T>(cursor: string, read: (value: unknown) => T | null): T {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new InvalidCursorError();
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const parsed = read(value);
  if (parsed === null) throw new InvalidCursorError();
  return parsed;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Epoch milliseconds as stored by every adapter: a safe integer. */
export function isTimestamp(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Page sizes come from domain code, but a zero, negative or fractional limit would make a page that
 * never advances (or a LIMIT the database reads as "no limit"), so it is refused rather than guessed.
 */
export function checkLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`Page limit must be a positive integer, got ${String(limit)}`);
  return limit;
}

/** Binary order of two ids, the order SQLite (BINARY collation) and MongoDB use for ASCII strings. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
