/**
 * The read API's small pure parts: the token's format and digest, the opaque cursors bound to their
 * list and scope, and course ids that name exactly one course or none.
 */
import { createHash } from 'node:crypto';
import { issueToken, isTokenId, looksLikeToken, tokenDigest, TOKEN_PREFIX } from '../../src/api/api-token';
import { cursorCodec, InvalidCursorError, stringPosition } from '../../src/api/api-cursor';
import { decodeCourseId, encodeCourseId } from '../../src/api/course-id';
import { encodeCursor } from '../../src/storage/shared/cursor';

describe('API tokens', () => {
  it('are lvr_ and 43 base64url characters of 32 random bytes, with a tok_ id and the last four characters as hint', () => {
    const issued = issueToken();
    expect(issued.token).toMatch(/^lvr_[A-Za-z0-9_-]{43}$/);
    expect(looksLikeToken(issued.token)).toBe(true);
    expect(isTokenId(issued.id)).toBe(true);
    expect(issued.hint).toBe(issued.token.slice(-4));
    const bytes = Buffer.from(issued.token.slice(TOKEN_PREFIX.length), 'base64url');
    expect(bytes).toHaveLength(32);
  });

  it('are stored as the hex SHA-256 of the whole token, never the token', () => {
    const issued = issueToken();
    expect(issued.digest).toBe(createHash('sha256').update(issued.token).digest('hex'));
    expect(tokenDigest(issued.token)).toBe(issued.digest);
    expect(issued.digest).not.toContain(issued.token.slice(4, 20));
  });

  it('come from the random source given: two draws never repeat, a fixed source gives a fixed token', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => issueToken().token));
    expect(tokens.size).toBe(200);
    const fixed = issueToken((size) => Buffer.alloc(size, 7));
    expect(fixed.token).toBe(TOKEN_PREFIX + Buffer.alloc(32, 7).toString('base64url'));
  });

  it('refuse anything of another shape before any lookup', () => {
    const good = issueToken().token;
    for (const bad of ['', 'lvr_', good.slice(0, -1), good + 'x', good.replace('lvr_', 'LVR_'), good.replace(/.$/, '='), `lvr_${'é'.repeat(43)}`, ' ' + good, 'Bearer ' + good]) {
      expect(looksLikeToken(bad)).toBe(false);
    }
    expect(isTokenId('tok_../../etc/pas')).toBe(false);
  });
});

describe('API cursors', () => {
  const codec = cursorCodec('reviews', stringPosition(50));

  it('round-trip a position within their scope', () => {
    const cursor = codec.encode('course-A', 'store-cursor-1');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(codec.decode('course-A', cursor)).toBe('store-cursor-1');
  });

  it('are refused in another scope or by another list', () => {
    const cursor = codec.encode('course-A', 'p');
    expect(() => codec.decode('course-B', cursor)).toThrow(InvalidCursorError);
    expect(() => cursorCodec('courses', stringPosition(50)).decode('course-A', cursor)).toThrow(InvalidCursorError);
  });

  it('refuse garbage, oversized, empty, odd alphabets and wrong shapes', () => {
    const forged = (value: unknown) => encodeCursor(value);
    for (const bad of ['', '!!!', 'a'.repeat(5000), '%2e%2e', 'Zm9v', forged(null), forged([1, 2]), forged({ k: 'reviews' }), forged({ k: 'reviews', s: 'x', p: 'p' }), 'é']) {
      expect(() => codec.decode('course-A', bad)).toThrow(InvalidCursorError);
    }
  });

  it('refuse a well-scoped cursor whose position is of the wrong type or too long', () => {
    const scoped = cursorCodec('reviews', () => null);
    expect(() => scoped.decode('s', codec.encode('s', 'x'))).toThrow(InvalidCursorError);
    expect(() => codec.decode('s', cursorCodec('reviews', () => 'x').encode('s', 'y'.repeat(51)))).toThrow(InvalidCursorError);
  });
});

describe('API course ids', () => {
  it('round-trip a deployment and a context id, unicode and slashes included', () => {
    for (const ref of [{ deploymentId: '1', contextId: '42' }, { deploymentId: 'dép/1', contextId: '../é 🙂' }]) {
      const id = encodeCourseId(ref);
      expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCourseId(id)).toEqual(ref);
    }
  });

  it('name no course when malformed: odd characters, empty parts, other shapes, a second spelling', () => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const bad of ['', '..', '../etc', 'é', 'x'.repeat(5000), b64(['1']), b64(['1', '']), b64([1, 2]), b64({ 0: 'a', 1: 'b' }), b64(['1', '2', '3']), `${encodeCourseId({ deploymentId: '1', contextId: '2' })}=`]) {
      expect(decodeCourseId(bad)).toBeNull();
    }
    // JSON with spaces decodes to the same pair, but is not the id the API gave out.
    expect(decodeCourseId(Buffer.from('[ "1", "2" ]').toString('base64url'))).toBeNull();
  });
});
