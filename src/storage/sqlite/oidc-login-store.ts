import { loginFromJson, loginToJson, type OidcLoginStore } from '../ports/oidc-logins';
import type { SqliteDatabase } from './database';

export function createSqliteOidcLoginStore(db: SqliteDatabase): OidcLoginStore {
  const insert = db.prepare('INSERT OR REPLACE INTO oidc_logins (state, issuer, record, expires_at, used_at) VALUES (@state, @issuer, @record, @expiresAt, NULL)');
  const find = db.prepare('SELECT record FROM oidc_logins WHERE state = @state AND expires_at > @now');
  // One statement: the check (unused, fresh) and the mark cannot interleave with another caller's.
  const use = db.prepare('UPDATE oidc_logins SET used_at = @now WHERE state = @state AND used_at IS NULL AND expires_at > @now RETURNING record');
  return {
    async saveLogin(login) {
      insert.run({ state: login.state, issuer: login.issuer, record: loginToJson(login), expiresAt: login.expiresAt.getTime() });
    },
    async findLogin(state, now) {
      const row = find.get({ state, now: now.getTime() }) as { record: string } | undefined;
      return row ? loginFromJson(row.record) : null;
    },
    async useLogin(state, now) {
      const row = use.get({ state, now: now.getTime() }) as { record: string } | undefined;
      return row ? loginFromJson(row.record) : null;
    },
  };
}
