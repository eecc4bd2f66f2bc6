import { DuplicateApiTokenError, type ApiToken, type ApiTokenStore, type NewApiToken } from '../ports/api-tokens';
import type { SqliteDatabase } from './database';

interface TokenRow {
  id: string;
  issuer: string;
  clientId: string;
  deploymentId: string | null;
  name: string;
  scope: 'read';
  hint: string;
  createdAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

const COLUMNS = `id, issuer, client_id AS clientId, deployment_id AS deploymentId, name, scope, hint,
  created_at AS createdAt, revoked_at AS revokedAt, last_used_at AS lastUsedAt`;

export const API_TOKEN_SQL = {
  insert: `INSERT INTO api_tokens (id, digest, issuer, client_id, deployment_id, name, scope, hint, created_at)
    VALUES (@id, @digest, @issuer, @clientId, @deploymentId, @name, @scope, @hint, @createdAt)`,
  byDigest: `SELECT ${COLUMNS} FROM api_tokens WHERE digest = ?`,
  list: `SELECT ${COLUMNS} FROM api_tokens WHERE issuer = @issuer AND client_id = @clientId ORDER BY created_at DESC, id DESC`,
  // Keeps the first revocation date: COALESCE leaves a set revoked_at as it is.
  revoke: `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, @at) WHERE id = @id AND issuer = @issuer AND client_id = @clientId
    RETURNING revoked_at = @at AS revokedNow`,
  touch: 'UPDATE api_tokens SET last_used_at = @at WHERE id = @id AND (last_used_at IS NULL OR last_used_at <= @at - @minIntervalMs)',
} as const;

export function createSqliteApiTokenStore(db: SqliteDatabase): ApiTokenStore {
  const insert = db.prepare(API_TOKEN_SQL.insert);
  const byDigest = db.prepare<[string], TokenRow>(API_TOKEN_SQL.byDigest);
  const list = db.prepare<{ issuer: string; clientId: string }, TokenRow>(API_TOKEN_SQL.list);
  const revoke = db.prepare<{ id: string; issuer: string; clientId: string; at: number }, { revokedNow: number }>(API_TOKEN_SQL.revoke);
  const touch = db.prepare(API_TOKEN_SQL.touch);
  const insertToken = (token: NewApiToken) =>
    insert.run({
      id: token.id,
      digest: token.digest,
      issuer: token.platform.issuer,
      clientId: token.platform.clientId,
      deploymentId: token.deploymentId ?? null,
      name: token.name,
      scope: token.scope,
      hint: token.hint,
      createdAt: token.createdAt.getTime(),
    });
  return {
    async createToken(token) {
      try {
        insertToken(token);
      } catch (err) {
        if (/^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)$/.test(String((err as { code?: unknown }).code))) throw new DuplicateApiTokenError('an API token with this id or digest is already stored');
        throw err;
      }
    },
    async findByDigest(digest) {
      const row = byDigest.get(digest);
      return row ? toToken(row) : null;
    },
    async listTokens(platform) {
      return list.all({ issuer: platform.issuer, clientId: platform.clientId }).map(toToken);
    },
    async revokeToken(platform, id, at) {
      const row = revoke.get({ id, issuer: platform.issuer, clientId: platform.clientId, at: at.getTime() });
      if (!row) return 'unknown';
      return row.revokedNow ? 'revoked' : 'already-revoked';
    },
    async touchToken(id, at, minIntervalMs) {
      touch.run({ id, at: at.getTime(), minIntervalMs });
    },
  };
}

function toToken(row: TokenRow): ApiToken {
  return {
    id: row.id,
    platform: { issuer: row.issuer, clientId: row.clientId },
    ...(row.deploymentId !== null ? { deploymentId: row.deploymentId } : {}),
    name: row.name,
    scope: row.scope,
    hint: row.hint,
    createdAt: new Date(row.createdAt),
    ...(row.revokedAt !== null ? { revokedAt: new Date(row.revokedAt) } : {}),
    ...(row.lastUsedAt !== null ? { lastUsedAt: new Date(row.lastUsedAt) } : {}),
  };
}
