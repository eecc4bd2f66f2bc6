import { CONSULTATIONS_MIGRATION } from './consultations-schema';
import type { SqliteDatabase } from './database';

/**
 * A schema change. Versions are applied in increasing order, once per database file; a released
 * migration is never edited, a later version adds a new one instead.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: string | ((db: SqliteDatabase) => void);
}

export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
  readonly appliedAt: Date;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'tool tables: platforms, sessions, nonces, course members',
    up: `
      CREATE TABLE platforms (
        issuer         TEXT    NOT NULL,
        client_id      TEXT    NOT NULL,
        name           TEXT    NOT NULL,
        source         TEXT    NOT NULL CHECK (source IN ('manual', 'dynamic')),
        product_family TEXT,
        registered_at  INTEGER NOT NULL,
        PRIMARY KEY (issuer, client_id)
      );

      -- Lists kept as child rows so that adding one entry is a single atomic INSERT OR IGNORE.
      CREATE TABLE platform_deployments (
        issuer        TEXT NOT NULL,
        client_id     TEXT NOT NULL,
        deployment_id TEXT NOT NULL,
        PRIMARY KEY (issuer, client_id, deployment_id),
        FOREIGN KEY (issuer, client_id) REFERENCES platforms (issuer, client_id) ON DELETE CASCADE
      );

      CREATE TABLE platform_frame_origins (
        issuer    TEXT NOT NULL,
        client_id TEXT NOT NULL,
        origin    TEXT NOT NULL,
        PRIMARY KEY (issuer, client_id, origin),
        FOREIGN KEY (issuer, client_id) REFERENCES platforms (issuer, client_id) ON DELETE CASCADE
      );

      CREATE TABLE launch_sessions (
        id            TEXT    NOT NULL PRIMARY KEY,
        issuer        TEXT    NOT NULL,
        client_id     TEXT    NOT NULL,
        deployment_id TEXT    NOT NULL,
        context_id    TEXT    NOT NULL,
        user_id       TEXT    NOT NULL,
        context       TEXT    NOT NULL CHECK (json_valid(context)),
        csrf_secret   TEXT    NOT NULL,
        created_at    INTEGER NOT NULL,
        expires_at    INTEGER NOT NULL
      );
      CREATE INDEX launch_sessions_expiry ON launch_sessions (expires_at);

      CREATE TABLE nonces (
        issuer     TEXT    NOT NULL,
        client_id  TEXT    NOT NULL,
        nonce      TEXT    NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (issuer, client_id, nonce)
      );
      CREATE INDEX nonces_expiry ON nonces (expires_at);

      CREATE TABLE course_members (
        issuer                  TEXT    NOT NULL,
        client_id               TEXT    NOT NULL,
        deployment_id           TEXT    NOT NULL,
        context_id              TEXT    NOT NULL,
        user_id                 TEXT    NOT NULL,
        name                    TEXT    NOT NULL,
        role                    TEXT    NOT NULL CHECK (role IN ('instructor', 'learner')),
        first_launch_at         INTEGER NOT NULL,
        last_launch_at          INTEGER NOT NULL,
        first_learner_launch_at INTEGER,
        launch_count            INTEGER NOT NULL,
        PRIMARY KEY (issuer, client_id, deployment_id, context_id, user_id)
      );
    `,
  },
  {
    version: 2,
    name: 'ltijs records',
    up: `
      CREATE TABLE ltijs_records (
        id         INTEGER PRIMARY KEY,
        collection TEXT    NOT NULL,
        doc        TEXT    NOT NULL CHECK (json_valid(doc)),
        created_at INTEGER NOT NULL,
        expires_at INTEGER
      );
      CREATE INDEX ltijs_records_collection ON ltijs_records (collection, id);
      CREATE INDEX ltijs_records_expiry ON ltijs_records (expires_at) WHERE expires_at IS NOT NULL;
      -- The fields ltijs looks records up by on every launch; the expressions must stay textually
      -- identical to those built in ltijs-plugin.ts for SQLite to use these indexes.
      CREATE INDEX ltijs_records_kid ON ltijs_records (collection, json_extract(doc, '$.kid'));
      CREATE INDEX ltijs_records_platform_url ON ltijs_records (collection, json_extract(doc, '$.platformUrl'));
      CREATE INDEX ltijs_records_user ON ltijs_records (collection, json_extract(doc, '$.user'));
      CREATE INDEX ltijs_records_state ON ltijs_records (collection, json_extract(doc, '$.state'));
      CREATE INDEX ltijs_records_nonce ON ltijs_records (collection, json_extract(doc, '$.nonce'));
    `,
  },
  CONSULTATIONS_MIGRATION,
];

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (!Number.isInteger(m.version) || m.version < 1) throw new Error(`Migration "${m.name}" has an invalid version ${m.version}`);
    if (i > 0 && m.version <= migrations[i - 1].version) {
      throw new Error(`Migrations must be listed in strictly increasing version order (${m.version} after ${migrations[i - 1].version})`);
    }
  });
}

export function appliedMigrations(db: SqliteDatabase): AppliedMigration[] {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!exists) return [];
  const rows = db
    .prepare('SELECT version, name, applied_at AS appliedAt FROM schema_migrations ORDER BY version')
    .all() as { version: number; name: string; appliedAt: number }[];
  return rows.map((r) => ({ version: r.version, name: r.name, appliedAt: new Date(r.appliedAt) }));
}

/**
 * Applies the migrations this database has not seen yet and returns their versions. Runs under an
 * IMMEDIATE transaction so that two processes starting on the same file cannot both apply one.
 * Refuses a database written by a newer build: its schema may not be what this code expects.
 */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[] = MIGRATIONS, now: () => number = Date.now): number[] {
  checkOrder(migrations);
  db.exec(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER NOT NULL PRIMARY KEY,
      name       TEXT    NOT NULL,
      applied_at INTEGER NOT NULL
    )
  `);
  const run = db.transaction((): number[] => {
    const done = new Set(appliedMigrations(db).map((m) => m.version));
    const known = new Set(migrations.map((m) => m.version));
    const unknown = [...done].filter((v) => !known.has(v));
    if (unknown.length > 0) {
      throw new Error(`The database has schema version(s) ${unknown.join(', ')} unknown to this build; refusing to open it`);
    }
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      record.run(m.version, m.name, now());
      applied.push(m.version);
    }
    return applied;
  });
  return run.immediate();
}
