/**
 * What a read-API token looks like and how it is kept.
 *
 * A token is `lvr_` followed by 43 base64url characters: 32 bytes (256 bits) from the system's
 * CSPRNG. The prefix makes a leaked token recognisable (secret scanners, logs, a pasted config) and
 * lets the API refuse anything else before touching the store.
 *
 * The store keeps only SHA-256(token). A slow password hash (bcrypt, scrypt, argon2) exists to make
 * guessing a low-entropy secret expensive; a 256-bit random token cannot be guessed however fast the
 * hash, so a plain digest is as safe here and lets a request find its token by an indexed equality
 * (no per-token salt, no scan). A copy of the table gives nobody a usable token.
 */
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'lvr_';
const SECRET_BYTES = 32;
/** base64url of 32 bytes, unpadded. */
const SECRET_CHARS = 43;
const TOKEN_PATTERN = /^lvr_[A-Za-z0-9_-]{43}$/;

export interface IssuedToken {
  /** Shown once to the admin, never stored. */
  readonly token: string;
  /** Hex SHA-256 of the token: the store's lookup key. */
  readonly digest: string;
  /** Public handle for list and revoke. */
  readonly id: string;
  /** The token's last four characters. */
  readonly hint: string;
}

export function issueToken(random: (size: number) => Buffer = randomBytes): IssuedToken {
  const token = TOKEN_PREFIX + random(SECRET_BYTES).toString('base64url');
  return { token, digest: tokenDigest(token), id: `tok_${random(9).toString('base64url')}`, hint: token.slice(-4) };
}

/** Whether `value` has a token's exact shape (prefix, length, alphabet). */
export function looksLikeToken(value: string): boolean {
  return value.length === TOKEN_PREFIX.length + SECRET_CHARS && TOKEN_PATTERN.test(value);
}

export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Public token ids as issueToken makes them: what revoke accepts. */
export function isTokenId(value: string): boolean {
  return /^tok_[A-Za-z0-9_-]{12}$/.test(value);
}
