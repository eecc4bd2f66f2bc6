/** The CSRF token comparison: constant time, and never a throw whatever the browser sends. */
import { csrfTokenFor, csrfTokenMatches } from '../../src/http/csrf';
import type { LaunchSession } from '../../src/storage/port';

const session = { id: 'sess-1', csrfSecret: 'secret-1' } as unknown as LaunchSession;

describe('csrfTokenMatches', () => {
  it('accepts the session token only', () => {
    const token = csrfTokenFor(session);
    expect(csrfTokenMatches(session, token)).toBe(true);
    expect(csrfTokenMatches(session, `${token.slice(1)}x`)).toBe(false);
    expect(csrfTokenMatches(session, undefined)).toBe(false);
    expect(csrfTokenMatches(session, ['a'])).toBe(false);
  });

  it('refuses, without throwing, a token as long as the real one in characters but not in bytes', () => {
    const token = csrfTokenFor(session);
    expect(() => csrfTokenMatches(session, 'é'.repeat(token.length))).not.toThrow();
    expect(csrfTokenMatches(session, 'é'.repeat(token.length))).toBe(false);
  });
});
