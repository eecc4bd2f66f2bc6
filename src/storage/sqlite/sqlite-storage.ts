import type { Storage } from '../port';
import { createSqliteAuditStore, sqliteAuditAppender } from './audit-store';
import { createSqliteConsultationStore } from './consultations';
import { openDatabase } from './database';
import { createSqliteLtijsPlugin } from './ltijs-plugin';
import { createSqliteMemberStore } from './member-store';
import { migrate } from './migrations';
import { createSqliteNonceStore } from './nonce-store';
import { createSqliteOidcLoginStore } from './oidc-login-store';
import { createSqlitePlatformStore } from './platform-store';
import { createSqliteReviewStore } from './review-store';
import { createSqliteSessionStore } from './session-store';
import { createSqliteSettingsStore } from './settings-store';
import { createSqliteResponseStore } from './response-store';
import { createSqliteGenerationStore } from './generation-store';
import { createSqliteCatalogueStore } from './catalogue-store';
import { createSqliteExternalSourceStore } from './external-source-store';
import { createSqliteActionStore, createSqliteInviteStore, createSqliteVersionStore } from './loop-stores';
import { createSqliteGradeOutbox } from './grade-outbox-store';
import { createSqliteRatingDaysStore } from './rating-days-store';
import { createSqliteRateLimitStore, PURGE_RATE_LIMITS_SQL } from './rate-limit-store';
import { createSqliteRetentionStore } from './retention-store';
import { createSqliteUserDataStore } from './user-data-store';
import { createSqliteApiTokenStore } from './api-token-store';
import { createLocalContributionFileStore, type FilesRoot } from '../local/contribution-file-store';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSqliteContributionStore } from './contribution-store';

export interface SqliteStorageOptions {
  /** Path of the database file (its directory is created if missing), or ':memory:'. */
  readonly file: string;
  /** Epoch milliseconds; replaceable so tests can move time past record lifetimes. */
  readonly clock?: () => number;
  /**
   * Folder of contributions' files (local adapter). Default: files/contributions beside the database
   * file; for ':memory:', a temporary folder made at the first file and removed on close.
   */
  readonly filesDir?: string;
}

/** The embedded default adapter: one SQLite file holds the tool's records and ltijs's. */
export function openSqliteStorage(options: SqliteStorageOptions): Storage {
  const clock = options.clock ?? Date.now;
  const db = openDatabase(options.file);
  try {
    migrate(db, undefined, clock);
  } catch (err) {
    db.close();
    throw err;
  }

  const plugin = createSqliteLtijsPlugin(db, clock);
  const ping = db.prepare('SELECT 1');
  const purgeStatements = [
    db.prepare('DELETE FROM launch_sessions WHERE expires_at <= ?'),
    db.prepare('DELETE FROM nonces WHERE expires_at <= ?'),
    db.prepare('DELETE FROM oidc_logins WHERE expires_at <= ?'),
    db.prepare('DELETE FROM ltijs_records WHERE expires_at IS NOT NULL AND expires_at <= ?'),
    db.prepare(PURGE_RATE_LIMITS_SQL),
  ];
  const purge = db.transaction((now: number) => {
    for (const statement of purgeStatements) statement.run(now);
  });

  const files = filesFolder(options);
  return {
    kind: 'sqlite',
    platforms: createSqlitePlatformStore(db),
    sessions: createSqliteSessionStore(db),
    nonces: createSqliteNonceStore(db, clock),
    oidcLogins: createSqliteOidcLoginStore(db),
    members: createSqliteMemberStore(db),
    consultations: createSqliteConsultationStore(db),
    settings: createSqliteSettingsStore(db, sqliteAuditAppender(db)),
    audit: createSqliteAuditStore(db),
    reviews: createSqliteReviewStore(db, { appendAudit: sqliteAuditAppender(db) }),
    responses: createSqliteResponseStore(db),
    courseVersions: createSqliteVersionStore(db),
    actions: createSqliteActionStore(db),
    gradeOutbox: createSqliteGradeOutbox(db),
    reviewInvites: createSqliteInviteStore(db),
    generations: createSqliteGenerationStore(db),
    catalogue: createSqliteCatalogueStore(db),
    externalSources: createSqliteExternalSourceStore(db),
    ratingDays: createSqliteRatingDaysStore(db),
    rateLimits: createSqliteRateLimitStore(db),
    retention: createSqliteRetentionStore(db, sqliteAuditAppender(db)),
    userData: createSqliteUserDataStore(db),
    apiTokens: createSqliteApiTokenStore(db),
    contributions: createSqliteContributionStore(db, sqliteAuditAppender(db)),
    contributionFiles: createLocalContributionFileStore(files.root),
    ltiDatabase: () => ({ plugin }),
    async purgeExpired(now) {
      purge(now.getTime());
    },
    async ping() {
      ping.get();
    },
    async close() {
      if (db.open) db.close();
      files.dispose();
    },
  };
}

function filesFolder(options: SqliteStorageOptions): { root: FilesRoot; dispose: () => void } {
  if (options.filesDir !== undefined || options.file !== ':memory:') {
    return { root: options.filesDir ?? path.join(path.dirname(options.file), 'files', 'contributions'), dispose: () => undefined };
  }
  let temp: string | null = null;
  return {
    root: { current: () => temp, ensure: () => (temp ??= fs.mkdtempSync(path.join(os.tmpdir(), 'learner-voice-files-'))) },
    dispose: () => {
      if (temp !== null) fs.rmSync(temp, { recursive: true, force: true });
      temp = null;
    },
  };
}
