import { CONSULTATIONS_MIGRATION } from './consultations-schema';
import { COURSE_GENERATIONS_MIGRATION } from './course-generations-schema';
import { OIDC_LOGINS_MIGRATION } from './oidc-login-schema';
import { AUDIT_REASON_CODE_MIGRATION, HIDDEN_EDIT_MIGRATION, HIDDEN_LIST_MIGRATION } from './moderation-schema';
import { TRIAGE_MIGRATION } from './triage-schema';
import { CATALOGUE_MIGRATION } from './catalogue-schema';
import { EXTERNAL_SOURCES_MIGRATION } from './external-sources-schema';
import { MENTIONS_MIGRATION } from './mentions-schema';
import { GRADE_OUTBOX_CLAIMS_MIGRATION, GRADE_OUTBOX_COURSE_CLAIMS_MIGRATION } from './grade-outbox-schema';
import { RATING_DAY_TOTALS_MIGRATION, RATING_DAYS_MIGRATION } from './rating-days-schema';
import { LISTENING_MIGRATION } from './listening-schema';
import { LISTENING_MONTHS_MIGRATION } from './listening-months-schema';
import { REVIEW_INVITES_MIGRATION, REVIEW_LOOP_MIGRATION } from './review-loop-schema';
import { RATE_LIMITS_MIGRATION } from './rate-limit-schema';
import { RETENTION_MIGRATION } from './retention-schema';
import { PLATFORM_STATE_MIGRATION } from './platform-state-schema';
import { USER_DATA_MIGRATION } from './user-data-schema';
import { API_TOKENS_MIGRATION } from './api-tokens-schema';
import { MANAGERS_MIGRATION } from './managers-schema';
import { ALERT_PAGES_MIGRATION, ALERTS_MIGRATION } from './alerts-schema';
import { CONTRIBUTIONS_MIGRATION } from './contributions-schema';
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
  {
    version: 3,
    name: 'course settings, audit log, reviews with their summaries, votes, reports and author numbers',
    up: `
      -- One JSON document per course: the domain owns the settings' shape (see shared/settings-record.ts).
      CREATE TABLE course_settings (
        issuer        TEXT NOT NULL,
        client_id     TEXT NOT NULL,
        deployment_id TEXT NOT NULL,
        context_id    TEXT NOT NULL,
        settings      TEXT NOT NULL CHECK (json_valid(settings)),
        PRIMARY KEY (issuer, client_id, deployment_id, context_id)
      ) WITHOUT ROWID;

      -- seq follows insertion order and breaks ties between entries of the same millisecond.
      CREATE TABLE audit_entries (
        seq           INTEGER PRIMARY KEY,
        id            TEXT    NOT NULL UNIQUE,
        issuer        TEXT    NOT NULL,
        client_id     TEXT    NOT NULL,
        deployment_id TEXT    NOT NULL,
        context_id    TEXT    NOT NULL,
        at            INTEGER NOT NULL,
        actor_id      TEXT    NOT NULL,
        actor_name    TEXT    NOT NULL,
        actor_role    TEXT    NOT NULL CHECK (actor_role IN ('instructor', 'learner')),
        action        TEXT    NOT NULL,
        subject_type  TEXT    NOT NULL,
        subject_id    TEXT    NOT NULL,
        reason        TEXT
      );
      CREATE INDEX audit_entries_course ON audit_entries (issuer, client_id, deployment_id, context_id, at, seq);

      CREATE TABLE reviews (
        id                 TEXT    NOT NULL PRIMARY KEY,
        issuer             TEXT    NOT NULL,
        client_id          TEXT    NOT NULL,
        deployment_id      TEXT    NOT NULL,
        context_id         TEXT    NOT NULL,
        item_id            TEXT    NOT NULL,
        author_id          TEXT    NOT NULL,
        author_name        TEXT    NOT NULL,
        author_given_name  TEXT,
        author_family_name TEXT,
        -- Copied from review_author_numbers, which never changes a number once given.
        author_number      INTEGER NOT NULL,
        rating             INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
        aspects            TEXT    NOT NULL CHECK (json_valid(aspects)),
        title              TEXT    NOT NULL,
        liked              TEXT    NOT NULL,
        improve            TEXT    NOT NULL,
        status             TEXT    NOT NULL CHECK (status IN ('published', 'held', 'hidden')),
        hold_reasons       TEXT    NOT NULL CHECK (json_valid(hold_reasons)),
        hidden_reason      TEXT,
        verified           INTEGER NOT NULL CHECK (verified IN (0, 1)),
        helpful_count      INTEGER NOT NULL DEFAULT 0,
        report_count       INTEGER NOT NULL DEFAULT 0,
        created_at         INTEGER NOT NULL,
        updated_at         INTEGER NOT NULL,
        edited_at          INTEGER,
        -- When the rating last changed (creation, or an edit of the rating): picks the monthly bucket.
        rated_at           INTEGER NOT NULL,
        UNIQUE (issuer, client_id, deployment_id, context_id, item_id, author_id)
      );
      -- One index per scan order of listReviews (see shared/review-order.ts): equality on the full item
      -- key and the status (and the rating), then the order columns, so a page is one range scan.
      CREATE INDEX reviews_recent ON reviews (issuer, client_id, deployment_id, context_id, item_id, status, created_at, id);
      CREATE INDEX reviews_helpful ON reviews (issuer, client_id, deployment_id, context_id, item_id, status, helpful_count, created_at, id);
      CREATE INDEX reviews_rating ON reviews (issuer, client_id, deployment_id, context_id, item_id, status, rating, created_at, id);
      CREATE INDEX reviews_rating_helpful ON reviews (issuer, client_id, deployment_id, context_id, item_id, status, rating, helpful_count, created_at, id);
      -- Course-wide reads: export (every review) and the moderation queue (a partial index: only
      -- held or reported reviews are in it, so the queue costs what it holds, not the course's size).
      CREATE INDEX reviews_course ON reviews (issuer, client_id, deployment_id, context_id, created_at, id);
      CREATE INDEX reviews_moderation ON reviews (issuer, client_id, deployment_id, context_id, created_at, id)
        WHERE status = 'held' OR report_count > 0;

      -- Per-item figures of published reviews, kept by every write in its own transaction.
      CREATE TABLE review_summaries (
        issuer        TEXT    NOT NULL,
        client_id     TEXT    NOT NULL,
        deployment_id TEXT    NOT NULL,
        context_id    TEXT    NOT NULL,
        item_id       TEXT    NOT NULL,
        reviewers     INTEGER NOT NULL DEFAULT 0, -- reviews in any status, one per author
        count         INTEGER NOT NULL DEFAULT 0,
        sum           INTEGER NOT NULL DEFAULT 0,
        stars_1       INTEGER NOT NULL DEFAULT 0,
        stars_2       INTEGER NOT NULL DEFAULT 0,
        stars_3       INTEGER NOT NULL DEFAULT 0,
        stars_4       INTEGER NOT NULL DEFAULT 0,
        stars_5       INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (issuer, client_id, deployment_id, context_id, item_id)
      ) WITHOUT ROWID;

      -- A row per aspect rather than a column per aspect: adding an aspect needs no migration.
      CREATE TABLE review_summary_aspects (
        issuer        TEXT    NOT NULL,
        client_id     TEXT    NOT NULL,
        deployment_id TEXT    NOT NULL,
        context_id    TEXT    NOT NULL,
        item_id       TEXT    NOT NULL,
        aspect        TEXT    NOT NULL,
        count         INTEGER NOT NULL DEFAULT 0,
        sum           INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (issuer, client_id, deployment_id, context_id, item_id, aspect)
      ) WITHOUT ROWID;

      -- Monthly buckets (YYYYMM, UTC, of rated_at): "last 12 months" adds up at most 12 of them.
      CREATE TABLE review_summary_months (
        issuer        TEXT    NOT NULL,
        client_id     TEXT    NOT NULL,
        deployment_id TEXT    NOT NULL,
        context_id    TEXT    NOT NULL,
        item_id       TEXT    NOT NULL,
        month         INTEGER NOT NULL CHECK (month % 100 BETWEEN 1 AND 12),
        count         INTEGER NOT NULL DEFAULT 0,
        sum           INTEGER NOT NULL DEFAULT 0,
        stars_1       INTEGER NOT NULL DEFAULT 0,
        stars_2       INTEGER NOT NULL DEFAULT 0,
        stars_3       INTEGER NOT NULL DEFAULT 0,
        stars_4       INTEGER NOT NULL DEFAULT 0,
        stars_5       INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (issuer, client_id, deployment_id, context_id, item_id, month)
      ) WITHOUT ROWID;

      -- Votes and reports hang off the review (deleted with it); their course is the review's.
      CREATE TABLE review_helpful_votes (
        review_id TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
        voter_id  TEXT NOT NULL,
        PRIMARY KEY (review_id, voter_id)
      ) WITHOUT ROWID;

      -- A report stays after moderation clears it (cleared_at), so its author cannot file it again.
      CREATE TABLE review_reports (
        review_id   TEXT    NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
        reporter_id TEXT    NOT NULL,
        reason      TEXT    NOT NULL, -- one of REPORT_REASONS, checked in code: a new reason needs no table rebuild
        reported_at INTEGER NOT NULL,
        cleared_at  INTEGER,
        PRIMARY KEY (review_id, reporter_id)
      ) WITHOUT ROWID;

      -- "Learner 7": numbered max+1 within the course at the author's first review, never reassigned
      -- (the row outlives the review, so a deleted and rewritten review keeps its number).
      CREATE TABLE review_author_numbers (
        issuer        TEXT    NOT NULL,
        client_id     TEXT    NOT NULL,
        deployment_id TEXT    NOT NULL,
        context_id    TEXT    NOT NULL,
        author_id     TEXT    NOT NULL,
        number        INTEGER NOT NULL CHECK (number >= 1),
        PRIMARY KEY (issuer, client_id, deployment_id, context_id, author_id),
        UNIQUE (issuer, client_id, deployment_id, context_id, number)
      ) WITHOUT ROWID;
    `,
  },
  CONSULTATIONS_MIGRATION,
  REVIEW_LOOP_MIGRATION,
  REVIEW_INVITES_MIGRATION,
  COURSE_GENERATIONS_MIGRATION,
  OIDC_LOGINS_MIGRATION,
  HIDDEN_EDIT_MIGRATION,
  AUDIT_REASON_CODE_MIGRATION,
  HIDDEN_LIST_MIGRATION,
  TRIAGE_MIGRATION,
  CATALOGUE_MIGRATION,
  EXTERNAL_SOURCES_MIGRATION,
  GRADE_OUTBOX_CLAIMS_MIGRATION,
  RATE_LIMITS_MIGRATION,
  USER_DATA_MIGRATION,
  PLATFORM_STATE_MIGRATION,
  RETENTION_MIGRATION,
  RATING_DAYS_MIGRATION,
  MANAGERS_MIGRATION,
  ALERTS_MIGRATION,
  API_TOKENS_MIGRATION,
  MENTIONS_MIGRATION,
  CONTRIBUTIONS_MIGRATION,
  LISTENING_MIGRATION,
  GRADE_OUTBOX_COURSE_CLAIMS_MIGRATION,
  LISTENING_MONTHS_MIGRATION,
  ALERT_PAGES_MIGRATION,
  RATING_DAY_TOTALS_MIGRATION,
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
