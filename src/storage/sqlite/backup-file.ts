/**
 * Online copies of the SQLite store and their restoration (the CLI's backup and restore commands).
 *
 * The copy is `VACUUM INTO`, not the incremental backup API: VACUUM INTO reads the whole database in
 * one read transaction, so the copy is the state of one commit, and in WAL mode the server keeps
 * writing meanwhile. The backup API copies page by page and starts again whenever another connection
 * writes between two steps: under a steady write load it may never finish.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { appliedMigrations, MIGRATIONS } from './migrations';

/** What a checked database file holds, as far as a restore needs to know. */
export interface StoreFileFacts {
  readonly schemaVersion: number;
  readonly reviews: number;
  readonly platforms: number;
  readonly bytes: number;
}

export class StoreFileError extends Error {
  override readonly name = 'StoreFileError';
}

/** Copies the live database at `source` into `target` (which must not exist) as one consistent snapshot. */
export function copyLiveDatabase(source: string, target: string): StoreFileFacts {
  if (!fs.existsSync(source)) throw new StoreFileError(`No database at ${source}`);
  if (fs.existsSync(target)) throw new StoreFileError(`${target} already exists; choose another name or remove it first`);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  // Written under a temporary name and renamed once checked: a crash never leaves a half copy under the chosen name.
  const partial = `${target}.partial-${process.pid}`;
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare('VACUUM INTO ?').run(partial);
  } finally {
    db.close();
  }
  try {
    const facts = checkStoreFile(partial);
    fs.renameSync(partial, target);
    return facts;
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
}

/**
 * Checks that `file` is a sound Learner Voice database this build can open: SQLite's integrity check
 * passes, its schema_migrations table exists, and it has no migration newer than this build knows.
 */
export function checkStoreFile(file: string): StoreFileFacts {
  if (!fs.existsSync(file)) throw new StoreFileError(`No file at ${file}`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new StoreFileError(`${file} cannot be opened as SQLite: ${(err as Error).message}`);
  }
  try {
    const integrity = readOrRefuse(file, () => db.pragma('integrity_check', { simple: true }));
    if (integrity !== 'ok') throw new StoreFileError(`${file} fails SQLite's integrity check: ${String(integrity)}`);
    const versions = readOrRefuse(file, () => appliedMigrations(db)).map((m) => m.version);
    if (versions.length === 0) throw new StoreFileError(`${file} is not a Learner Voice database (no schema_migrations)`);
    const known = new Set(MIGRATIONS.map((m) => m.version));
    const unknown = versions.filter((v) => !known.has(v));
    if (unknown.length > 0) throw new StoreFileError(`${file} was written by a newer version (schema ${unknown.join(', ')}); restore it with that version`);
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { schemaVersion: Math.max(...versions), reviews: count('reviews'), platforms: count('platforms'), bytes: fs.statSync(file).size };
  } finally {
    db.close();
  }
}

function readOrRefuse<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    throw new StoreFileError(`${file} is not a readable Learner Voice database: ${(err as Error).message}`);
  }
}

/**
 * True when another connection (a running tool, another CLI) has the database open. Leaving WAL mode
 * needs the only connection to the file, so SQLite refuses it with SQLITE_BUSY while anyone else has
 * it open, even idle. When nobody does, the switch also folds the WAL into the main file, so the
 * file set aside by a restore is complete on its own.
 */
export function databaseInUse(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const db = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('journal_mode = DELETE');
    return false;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY' || (err as { code?: string }).code === 'SQLITE_LOCKED') return true;
    throw err;
  } finally {
    db.close();
  }
}

/**
 * Replaces `live` with a copy of `backup` (checked first), keeping the previous file as
 * `<live>.before-restore-<time>`. The caller has made sure nobody holds `live` (databaseInUse).
 * Returns the path the previous file was moved to, or null when there was none.
 */
export function replaceWithBackup(live: string, backup: string, now: Date): { keptAs: string | null; facts: StoreFileFacts } {
  const facts = checkStoreFile(backup);
  fs.mkdirSync(path.dirname(path.resolve(live)), { recursive: true });
  const incoming = `${live}.restoring-${process.pid}`;
  fs.copyFileSync(backup, incoming);
  const fd = fs.openSync(incoming, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  let keptAs: string | null = null;
  if (fs.existsSync(live)) {
    keptAs = `${live}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(live, keptAs);
  }
  // Leftovers of the previous file would be read as this file's journal.
  for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(live + suffix, { force: true });
  fs.renameSync(incoming, live);
  return { keptAs, facts };
}
