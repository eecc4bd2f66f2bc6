/** SQLite: training manager designations (ports/managers.ts), table of migration 21 (managers-schema.ts). */
import type { PlatformKey } from '../../context/tenant';
import type { ManagerDesignation, ManagerStore } from '../ports/managers';
import { checkUserKey } from '../shared/erasure-record';
import { designationKey, launchLookup, subjectOf } from '../shared/manager-designation';
import type { SqliteDatabase } from './database';

type Row = { issuer: string; client_id: string; kind: string; value: string; designated_by_id: string; designated_by_name: string; designated_at: number };

const toDesignation = (r: Row): ManagerDesignation => ({
  platform: { issuer: r.issuer, clientId: r.client_id },
  subject: subjectOf(r.kind, r.value),
  designatedBy: { id: r.designated_by_id, name: r.designated_by_name },
  designatedAt: new Date(r.designated_at),
});

const PLATFORM = 'issuer = @issuer AND client_id = @clientId';
const platformParams = (p: PlatformKey) => ({ issuer: p.issuer, clientId: p.clientId });

export function createSqliteManagerStore(db: SqliteDatabase): ManagerStore {
  const insert = db.prepare(`INSERT INTO manager_designations (issuer, client_id, kind, match_key, value, designated_by_id, designated_by_name, designated_at)
    VALUES (@issuer, @clientId, @kind, @matchKey, @value, @byId, @byName, @at) ON CONFLICT DO NOTHING`);
  const findOne = db.prepare(`SELECT * FROM manager_designations WHERE ${PLATFORM} AND kind = @kind AND match_key = @matchKey`);
  const remove = db.prepare(`DELETE FROM manager_designations WHERE ${PLATFORM} AND kind = @kind AND match_key = @matchKey`);
  const list = db.prepare(`SELECT * FROM manager_designations WHERE ${PLATFORM} ORDER BY kind DESC, designated_at, match_key`);
  const byUser = db.prepare(`SELECT 1 FROM manager_designations WHERE ${PLATFORM} AND kind = 'user' AND match_key = @userId`);
  const naming = db.prepare(`SELECT * FROM manager_designations WHERE ${PLATFORM} AND ((kind = 'user' AND match_key = @userId) OR designated_by_id = @userId)
    ORDER BY kind DESC, designated_at, match_key`);
  const eraseSubject = db.prepare(`DELETE FROM manager_designations WHERE ${PLATFORM} AND kind = 'user' AND match_key = @userId`);
  const anonymise = db.prepare(`UPDATE manager_designations SET designated_by_id = '', designated_by_name = '' WHERE ${PLATFORM} AND designated_by_id = @userId`);
  // One statement per number of keys (launchRoleKeys bounds it), prepared once; the keys are bound, never spliced.
  const roleStatements = new Map<number, ReturnType<SqliteDatabase['prepare']>>();
  const byRoles = (count: number) => {
    let statement = roleStatements.get(count);
    if (!statement) {
      const marks = Array.from({ length: count }, () => '?').join(', ');
      statement = db.prepare(`SELECT 1 FROM manager_designations WHERE issuer = ? AND client_id = ? AND kind = 'role' AND match_key IN (${marks}) LIMIT 1`);
      roleStatements.set(count, statement);
    }
    return statement;
  };
  const add = db.transaction((row: Record<string, unknown>) => {
    const added = insert.run(row).changes === 1;
    return { added, row: findOne.get(row) as Row };
  });
  const erase = db.transaction((params: Record<string, unknown>) => ({ removed: eraseSubject.run(params).changes, anonymised: anonymise.run(params).changes }));

  return {
    async addDesignation(platform, subject, by, at) {
      const key = designationKey(subject);
      const { added, row } = add.immediate({ ...platformParams(platform), ...key, byId: by.id, byName: by.name, at: at.getTime() });
      return { added, designation: toDesignation(row) };
    },
    async removeDesignation(platform, subject) {
      const { kind, matchKey } = designationKey(subject);
      return remove.run({ ...platformParams(platform), kind, matchKey }).changes === 1;
    },
    async listDesignations(platform) {
      return (list.all(platformParams(platform)) as Row[]).map(toDesignation);
    },
    async isDesignated(platform, userId, roles) {
      const { roleKeys } = launchLookup(userId, roles);
      if (byUser.get({ ...platformParams(platform), userId })) return true;
      if (roleKeys.length === 0) return false;
      return byRoles(roleKeys.length).get([platform.issuer, platform.clientId, ...roleKeys]) !== undefined;
    },
    async designationsNaming(user) {
      checkUserKey(user);
      return (naming.all({ ...platformParams(user), userId: user.userId }) as Row[]).map(toDesignation);
    },
    async eraseUser(user) {
      checkUserKey(user);
      return erase.immediate({ ...platformParams(user), userId: user.userId });
    },
  };
}
