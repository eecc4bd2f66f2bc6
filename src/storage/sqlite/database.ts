import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

/** Special names SQLite understands that are not paths on disk. */
function isInMemory(file: string): boolean {
  return file === ':memory:' || file === '' || file.startsWith('file:');
}

/**
 * Opens (creating if needed) the SQLite file and sets the connection up for a web server:
 * - WAL lets readers (page views) proceed while a launch writes, and survives crashes;
 * - synchronous=NORMAL is durable enough under WAL (a power cut can lose the last commit, never corrupt)
 *   and avoids an fsync per launch;
 * - foreign_keys is off by default in SQLite and the schema relies on ON DELETE CASCADE;
 * - busy_timeout makes a second process (CLI, another worker) wait for the write lock instead of failing.
 */
export function openDatabase(file: string): SqliteDatabase {
  if (!isInMemory(file)) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  try {
    if (!isInMemory(file)) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Statements prepared once per SQL text and reused: better-sqlite3 compiles on every prepare() (tens
 * of microseconds, a tenth of a cheap request), and the stores that build their SQL from a few fixed
 * fragments (a scope's WHERE) would otherwise compile on every call. The SQL must never carry values
 * (they are bound), so the texts are as few as the code's shapes.
 */
export function statementCache(db: SqliteDatabase): (sql: string) => Database.Statement {
  const statements = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
}
