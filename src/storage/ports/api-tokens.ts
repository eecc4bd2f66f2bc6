/**
 * Read-API tokens of a platform (api/api-token.ts makes and hashes them; api/ serves the API).
 * The store never sees a token itself: only its SHA-256 digest, which is how a request's token is
 * found. A token belongs to one platform (and, when scoped, one of its deployments); it is never
 * deleted by revocation, so that `list` still says when it was revoked.
 */
import type { PlatformKey } from '../../context/tenant';

export type ApiTokenScope = 'read';

export interface ApiToken {
  /** Public handle ("tok_…"): what list shows and revoke takes. Not a secret. */
  readonly id: string;
  readonly platform: PlatformKey;
  /** Present when the token reads one deployment only. */
  readonly deploymentId?: string;
  /** The admin's label ("BI dashboard"); may be empty. */
  readonly name: string;
  readonly scope: ApiTokenScope;
  /** The token's last four characters, so that an admin can tell which one a client holds. */
  readonly hint: string;
  readonly createdAt: Date;
  readonly revokedAt?: Date;
  readonly lastUsedAt?: Date;
}

export interface NewApiToken extends Omit<ApiToken, 'revokedAt' | 'lastUsedAt'> {
  /** Hex SHA-256 of the token (api/api-token.ts tokenDigest). */
  readonly digest: string;
}

export type RevokeOutcome = 'revoked' | 'already-revoked' | 'unknown';

/**
 * A token whose id or digest is already stored. Thrown by the adapters in place of the driver's own
 * error: better-sqlite3's native binding keeps the error class of the first module realm that loaded
 * it, so its errors need not be instances of this realm's Error.
 */
export class DuplicateApiTokenError extends Error {
  override readonly name = 'DuplicateApiTokenError';
}

export interface ApiTokenStore {
  /** Stores a new token. Throws DuplicateApiTokenError when its id or digest is already stored (never the case for random ones). */
  createToken(token: NewApiToken): Promise<void>;
  /** The token with this digest, revoked or not (the caller refuses revoked ones); null when none. */
  findByDigest(digest: string): Promise<ApiToken | null>;
  /** The platform's tokens, newest first; never another platform's. */
  listTokens(platform: PlatformKey): Promise<ApiToken[]>;
  /** Revokes the platform's token `id` at `at`; a second revocation keeps the first date. */
  revokeToken(platform: PlatformKey, id: string, at: Date): Promise<RevokeOutcome>;
  /**
   * Records a use at `at`, unless the stored last use is less than `minIntervalMs` before it: a
   * client paging quickly costs one write a minute, not one per request. One statement.
   */
  touchToken(id: string, at: Date, minIntervalMs: number): Promise<void>;
}
