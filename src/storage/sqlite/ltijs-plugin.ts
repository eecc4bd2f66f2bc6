import type { Statement } from 'better-sqlite3';
import type { LtiDatabasePlugin } from '../port';
import type { SqliteDatabase } from './database';
import { LtijsDocumentPlugin } from '../ltijs/document-plugin';
import type { FieldCondition, LtiDoc, LtiRecordTable, StoredLtiRecord } from '../ltijs/records';

interface RecordRow {
  id: number;
  doc: string;
  created_at: number;
}

/**
 * One SQL condition per query field. The JSON path is spliced in (field names are checked identifiers)
 * rather than bound, so that it is textually the expression of the indexes in migrations.ts.
 * json_type guards against SQLite's loose typing: true is stored as 1, and '5' must not match 5.
 */
function condition({ field, value }: FieldCondition): { sql: string; params: (string | number)[] } {
  const path = `'$.${field}'`;
  if (value === null) return { sql: `json_extract(doc, ${path}) IS NULL`, params: [] };
  if (typeof value === 'boolean') return { sql: `json_type(doc, ${path}) = '${value ? 'true' : 'false'}'`, params: [] };
  if (typeof value === 'number') {
    return { sql: `json_extract(doc, ${path}) = ? AND json_type(doc, ${path}) IN ('integer', 'real')`, params: [value] };
  }
  return { sql: `json_extract(doc, ${path}) = ? AND json_type(doc, ${path}) = 'text'`, params: [value] };
}

function whereClause(where: readonly FieldCondition[]): { sql: string; params: (string | number)[] } {
  const parts = where.map(condition);
  return { sql: parts.map((p) => ` AND ${p.sql}`).join(''), params: parts.flatMap((p) => p.params) };
}

const MAX_CACHED_STATEMENTS = 100;

/**
 * Each method is synchronous under the hood (better-sqlite3); the read-then-write ones run in one
 * SQLite transaction so that no other write interleaves, and they resolve once it has committed.
 */
export class SqliteLtiRecordTable implements LtiRecordTable {
  /** Queries differ only by their set of fields, so prepared statements are cached by SQL text. */
  private readonly statements = new Map<string, Statement>();
  private readonly insertStmt: Statement;
  private readonly replaceStmt: Statement;
  private readonly updateStmt: Statement;
  private readonly runInTransaction: (fn: () => unknown) => unknown;

  constructor(private readonly db: SqliteDatabase) {
    this.runInTransaction = db.transaction((fn: () => unknown) => fn());
    this.insertStmt = db.prepare('INSERT INTO ltijs_records (collection, doc, created_at, expires_at) VALUES (?, ?, ?, ?)');
    this.replaceStmt = db.prepare('UPDATE ltijs_records SET doc = ?, created_at = ?, expires_at = ? WHERE id = ?');
    this.updateStmt = db.prepare('UPDATE ltijs_records SET doc = ? WHERE id = ?');
  }

  async find(collection: string, where: readonly FieldCondition[], now: number): Promise<StoredLtiRecord[]> {
    return this.select(collection, where, now).map(({ doc, createdAt }) => ({ doc, createdAt }));
  }

  async insert(collection: string, doc: LtiDoc, createdAt: number, expiresAt: number | null): Promise<void> {
    this.insertStmt.run(collection, JSON.stringify(doc), createdAt, expiresAt);
  }

  async replaceFirst(collection: string, where: readonly FieldCondition[], doc: LtiDoc, now: number, expiresAt: number | null): Promise<void> {
    this.runInTransaction(() => {
      const [current] = this.select(collection, where, now, 1);
      if (current) this.replaceStmt.run(JSON.stringify(doc), now, expiresAt, current.id);
      else this.insertStmt.run(collection, JSON.stringify(doc), now, expiresAt);
    });
  }

  async updateFirst(collection: string, where: readonly FieldCondition[], now: number, change: (current: StoredLtiRecord) => LtiDoc): Promise<void> {
    this.runInTransaction(() => {
      const [current] = this.select(collection, where, now, 1);
      if (current) this.updateStmt.run(JSON.stringify(change(current)), current.id);
    });
  }

  async deleteWhere(collection: string, where: readonly FieldCondition[]): Promise<void> {
    const clause = whereClause(where);
    this.statement('DELETE FROM ltijs_records WHERE collection = ?' + clause.sql).run(collection, ...clause.params);
  }

  async expireWhere(collection: string, where: readonly FieldCondition[], expiresAt: number, now: number): Promise<void> {
    const clause = whereClause(where);
    this.statement('UPDATE ltijs_records SET expires_at = ? WHERE collection = ? AND (expires_at IS NULL OR expires_at > ?)' + clause.sql).run(
      expiresAt,
      collection,
      now,
      ...clause.params,
    );
  }

  private select(collection: string, where: readonly FieldCondition[], now: number, limit?: number): (StoredLtiRecord & { id: number })[] {
    const clause = whereClause(where);
    const sql =
      'SELECT id, doc, created_at FROM ltijs_records WHERE collection = ? AND (expires_at IS NULL OR expires_at > ?)' +
      clause.sql +
      ' ORDER BY id' +
      (limit === undefined ? '' : ' LIMIT ?');
    const params: (string | number)[] = [collection, now, ...clause.params];
    if (limit !== undefined) params.push(limit);
    const rows = this.statement(sql).all(...params) as RecordRow[];
    return rows.map((r) => ({ id: r.id, doc: JSON.parse(r.doc) as LtiDoc, createdAt: r.created_at }));
  }

  private statement(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      this.statements.set(sql, stmt);
    }
    return stmt;
  }
}

export function createSqliteLtijsPlugin(db: SqliteDatabase, now: () => number = Date.now): LtiDatabasePlugin {
  return new LtijsDocumentPlugin(new SqliteLtiRecordTable(db), now);
}
