/**
 * The read API's page cursors: opaque to clients, and bound to what they page through. A cursor is
 * base64url of `{k, s, p}`: the kind of list (`courses`, `reviews`, `alerts`), a
 * short digest of its scope (the token's platform and deployment, the course), and the position
 * after the last item served. A cursor used on another list, another course or with another
 * platform's token is refused (400), as is anything malformed or oversized: decoding never trusts it.
 */
import { createHash } from 'node:crypto';
import { decodeCursor, encodeCursor, InvalidCursorError, isRecord } from '../storage/shared/cursor';

export type CursorKind = 'courses' | 'reviews' | 'alerts';

export interface CursorCodec<P> {
  encode(scope: string, position: P): string;
  /** Throws InvalidCursorError (answered 400 INVALID_PAGE_LINK) for anything it did not write for this scope. */
  decode(scope: string, cursor: string): P;
}

/** 12 bytes of SHA-256: enough to tell scopes apart, short enough to keep cursors small. */
export function scopeDigest(scope: string): string {
  return createHash('sha256').update(scope, 'utf8').digest('base64url').slice(0, 16);
}

export function cursorCodec<P>(kind: CursorKind, readPosition: (value: unknown) => P | null): CursorCodec<P> {
  return {
    encode: (scope, position) => encodeCursor({ k: kind, s: scopeDigest(scope), p: position }),
    decode: (scope, cursor) =>
      decodeCursor(cursor, (value) => {
        if (!isRecord(value) || value.k !== kind || value.s !== scopeDigest(scope)) return null;
        return readPosition(value.p);
      }),
  };
}

/** A position that is one string of bounded length (the store's own cursor, wrapped). */
export function stringPosition(max: number) {
  return (value: unknown): string | null => (typeof value === 'string' && value.length > 0 && value.length <= max ? value : null);
}

export { InvalidCursorError };
