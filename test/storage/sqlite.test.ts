import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/storage/sqlite/database';
import { appliedMigrations, migrate, MIGRATIONS, type Migration } from '../../src/storage/sqlite/migrations';
import {
  courseBatchSql,
  MODERATION_COUNT_SQL,
  moderationQueueSql,
  hiddenReviewsSql,
  OPEN_REPORTS_OF_SQL,
  REPORTS_BY_SQL,
  reviewScanSql,
  VOTES_BY_SQL,
  type ScanShape,
} from '../../src/storage/sqlite/review-queries';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';
import { createSqliteGenerationStore, GENERATION_OF_SQL } from '../../src/storage/sqlite/generation-store';
import { createSqliteReviewStore } from '../../src/storage/sqlite/review-store';
import { CATALOGUE_SQL } from '../../src/storage/sqlite/catalogue-store';
import type { LtiDatabasePlugin, Storage } from '../../src/storage/port';
import { consultationsContract } from './consultations-contract';
import { storageContract } from './contract';
import { reviewsContract } from './reviews-contract';
import { reviewLoopContract } from './review-loop-contract';
import { generationsContract } from './generations-contract';
import { authorNamesContract } from './author-names-contract';
import { catalogueContract } from './catalogue-contract';
import { externalSourcesContract } from './external-sources-contract';
import { mentionsContract } from './mentions-contract';
import { gradeOutboxContract } from './grade-outbox-contract';
import { retentionContract } from './retention-contract';
import { userDataContract } from './user-data-contract';
import { managersContract } from './managers-contract';
import { alertsContract } from './alerts-contract';
import { contributionsContract } from './contributions-contract';
import { DUE_SOURCES_SQL, LIST_ENTRIES_SQL, LIST_SOURCES_SQL } from '../../src/storage/sqlite/external-source-store';
import { buildAudit } from '../support/audit';
import { rateLimitsContract } from './rate-limits-contract';
import { apiTokensContract } from './api-tokens-contract';
import { listeningContract } from './listening-contract';
import { listeningMonthsContract } from './listening-months-contract';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let tmp: string;
let counter = 0;
/** A database path in a directory that does not exist yet, so every open also exercises its creation. */
const freshFile = (): string => path.join(tmp, `run-${++counter}`, 'nested', 'learner-voice.sqlite');

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'learner-voice-storage-'));
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

storageContract('sqlite storage in a file', async () => openSqliteStorage({ file: freshFile() }));
storageContract('sqlite storage in memory', async () => openSqliteStorage({ file: ':memory:' }));
apiTokensContract('sqlite storage in memory', async () => openSqliteStorage({ file: ':memory:' }));
consultationsContract('sqlite storage in a file', async () => openSqliteStorage({ file: freshFile() }));
consultationsContract('sqlite storage in memory', async () => openSqliteStorage({ file: ':memory:' }));
reviewsContract('sqlite storage in a file', async () => openSqliteStorage({ file: freshFile() }));
reviewsContract('sqlite storage in memory', async () => openSqliteStorage({ file: ':memory:' }));
reviewLoopContract('sqlite storage in a file', async () => openSqliteStorage({ file: freshFile() }));
reviewLoopContract('sqlite storage in memory', async () => openSqliteStorage({ file: ':memory:' }));
generationsContract('sqlite storage in a file', async () => openSqliteStorage({ file: freshFile() }));
generationsContract('sqlite storage in memory', async () => openSqliteStorage({ file: ':memory:' }));
authorNamesContract('sqlite storage in a file', async () => openSqliteStorage({ file: freshFile() }));
authorNamesContract('sqlite storage in memory', async () => openSqliteStorage({ file: ':memory:' }));
catalogueContract('sqlite storage in a file', async () => openSqliteStorage({ file: freshFile() }));
catalogueContract('sqlite storage in memory', async () => openSqliteStorage({ file: ':memory:' }));
externalSourcesContract('sqlite storage in a file', async () => openSqliteStorage({ file: freshFile() }));
externalSourcesContract('sqlite storage in memory', async () => openSqliteStorage({ file: ':memory:' }));
mentionsContract('sqlite storage in memory', async () => openSqliteStorage({ file: ':memory:' }));
gradeOutboxContract('sqlite storage in a file, and a second connection to it', async () => {
  const file = freshFile();
  const storage = openSqliteStorage({ file });
  return { storage, peer: openSqliteStorage({ file }) };
});
gradeOutboxContract('sqlite storage in memory', async () => {
  const storage = openSqliteStorage({ file: ':memory:' });
  return { storage, peer: storage };
});
rateLimitsContract('sqlite storage in a file', async () => openSqliteStorage({ file: freshFile() }), async () => {
  const file = freshFile();
  return [openSqliteStorage({ file }), openSqliteStorage({ file })];
});
rateLimitsContract('sqlite storage in memory', async () => openSqliteStorage({ file: ':memory:' }));
retentionContract('sqlite storage in a file', async () => openSqliteStorage({ file: freshFile() }));
retentionContract('sqlite storage in memory', async () => openSqliteStorage({ file: ':memory:' }));
userDataContract('sqlite storage in a file', async () => openSqliteStorage({ file: freshFile() }));
userDataContract('sqlite storage in memory', async () => openSqliteStorage({ file: ':memory:' }));
managersContract('sqlite storage in memory', async () => openSqliteStorage({ file: ':memory:' }));
listeningContract('sqlite storage in memory', async () => openSqliteStorage({ file: ':memory:' }));
listeningMonthsContract('sqlite storage in a file', async () => openSqliteStorage({ file: freshFile() }));
alertsContract('sqlite storage in a file, and a second connection to it', async () => {
  const file = freshFile();
  return { storage: openSqliteStorage({ file }), peer: openSqliteStorage({ file }) };
});
alertsContract('sqlite storage in memory', async () => {
  const storage = openSqliteStorage({ file: ':memory:' });
  return { storage, peer: storage };
});
contributionsContract('sqlite storage in memory', async () => openSqliteStorage({ file: ':memory:' }));

function pluginOf(storage: Storage): LtiDatabasePlugin {
  const config = storage.ltiDatabase();
  return config.plugin;
}

describe('sqlite storage specifics', () => {
  it('creates the directory of the database file when it is missing', async () => {
    const file = freshFile();
    expect(fs.existsSync(path.dirname(file))).toBe(false);
    const storage = openSqliteStorage({ file });
    await storage.close();
    expect(fs.existsSync(file)).toBe(true);
  });

  it('runs the file in WAL mode with foreign keys on and a busy timeout', async () => {
    const file = freshFile();
    const storage = openSqliteStorage({ file });
    const db = openDatabase(file);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    } finally {
      db.close();
      await storage.close();
    }
  });

  it('records every migration it applies, in order', async () => {
    const file = freshFile();
    const before = Date.now();
    await openSqliteStorage({ file }).close();
    const db = openDatabase(file);
    try {
      const applied = appliedMigrations(db);
      expect(applied.map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
      for (const m of applied) expect(m.appliedAt.getTime()).toBeGreaterThanOrEqual(before);
    } finally {
      db.close();
    }
  });

  it('re-opening an existing file runs no migration again and keeps the data', async () => {
    const file = freshFile();
    const first = openSqliteStorage({ file, clock: () => 1_000 });
    const record = {
      issuer: 'https://lms.example',
      clientId: 'c1',
      name: 'LMS',
      deploymentIds: ['d1'],
      frameOrigins: ['https://lms.example'],
      source: 'manual' as const,
      registeredAt: new Date(1_000),
    };
    await first.platforms.savePlatform(record);
    await pluginOf(first).Insert(false, 'platform', { platformUrl: 'https://lms.example', clientId: 'c1', kid: 'k1' });
    await first.close();

    const second = openSqliteStorage({ file, clock: () => 2_000 });
    try {
      expect(await second.platforms.findPlatform(record)).toEqual(record);
      expect(await pluginOf(second).Get(false, 'platform', { kid: 'k1' })).toHaveLength(1);
    } finally {
      await second.close();
    }

    const db = openDatabase(file);
    try {
      expect(appliedMigrations(db).map((m) => m.appliedAt.getTime())).toEqual(MIGRATIONS.map(() => 1_000));
      expect(migrate(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('applies only the migrations a database has not seen, and refuses a database from a newer build', async () => {
    const file = freshFile();
    await openSqliteStorage({ file }).close();
    const later: Migration = { version: MIGRATIONS[MIGRATIONS.length - 1].version + 1, name: 'later change', up: 'CREATE TABLE later_table (x INTEGER)' };
    const db = openDatabase(file);
    try {
      expect(migrate(db, [...MIGRATIONS, later])).toEqual([later.version]);
      expect(migrate(db, [...MIGRATIONS, later])).toEqual([]);
    } finally {
      db.close();
    }
    expect(() => openSqliteStorage({ file })).toThrow(/unknown to this build/);
  });

  it('a failing migration is rolled back entirely and not recorded', () => {
    const db = openDatabase(':memory:');
    try {
      migrate(db);
      const broken: Migration = {
        version: 99,
        name: 'broken',
        up: 'CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);',
      };
      expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow();
      expect(appliedMigrations(db).map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    } finally {
      db.close();
    }
  });

  it('refuses migrations listed out of order', () => {
    const db = openDatabase(':memory:');
    try {
      expect(() => migrate(db, [...MIGRATIONS].reverse())).toThrow(/increasing/);
    } finally {
      db.close();
    }
  });

  it('never returns expired ltijs records, even before they are purged', async () => {
    let now = Date.UTC(2030, 0, 1);
    const storage = openSqliteStorage({ file: freshFile(), clock: () => now });
    const plugin = pluginOf(storage);
    try {
      await plugin.Insert(false, 'nonce', { nonce: 'n' });
      await plugin.Insert(false, 'state', { state: 's', query: {} });
      await plugin.Insert(false, 'idtoken', { iss: 'i', user: 'u' });
      await plugin.Insert(false, 'contexttoken', { contextId: 'c', user: 'u' });
      await plugin.Insert(false, 'platform', { platformUrl: 'p', kid: 'k' });
      await plugin.Insert(false, 'platformStatus', { id: 'k', active: true });
      await plugin.Insert('key-for-this-test-0123456789', 'accesstoken', { token: { access_token: 't' } }, { platformUrl: 'p', scopes: 'x' });
      await plugin.Insert('key-for-this-test-0123456789', 'publickey', { key: 'PEM', kid: 'k' }, { kid: 'k' });
      const visible = async (collection: string) => (await plugin.Get(false, collection)) !== false;

      now += 10 * MINUTE - 1;
      expect(await visible('nonce')).toBe(true);
      expect(await visible('state')).toBe(true);
      now += 1;
      expect(await visible('nonce')).toBe(false);
      expect(await visible('state')).toBe(false);
      expect(await visible('accesstoken')).toBe(true);

      now += HOUR;
      expect(await visible('accesstoken')).toBe(false);
      expect(await visible('idtoken')).toBe(true);

      now += DAY;
      expect(await visible('idtoken')).toBe(false);
      expect(await visible('contexttoken')).toBe(false);

      now += 3650 * DAY;
      for (const permanent of ['platform', 'platformStatus', 'publickey']) expect(await visible(permanent)).toBe(true);
    } finally {
      await storage.close();
    }
  });

  it('an expired ltijs record is neither modified nor replaced in place: Replace starts a new one', async () => {
    let now = Date.UTC(2030, 0, 1);
    const storage = openSqliteStorage({ file: ':memory:', clock: () => now });
    const plugin = pluginOf(storage);
    try {
      await plugin.Insert(false, 'idtoken', { iss: 'i', user: 'u', name: 'old' });
      now += 2 * DAY;
      await plugin.Modify(false, 'idtoken', { user: 'u' }, { name: 'modified' });
      expect(await plugin.Get(false, 'idtoken', { user: 'u' })).toBe(false);
      await plugin.Replace(false, 'idtoken', { user: 'u' }, { iss: 'i', user: 'u', name: 'new' });
      expect(await plugin.Get(false, 'idtoken', { user: 'u' })).toEqual([{ iss: 'i', user: 'u', name: 'new', createdAt: now }]);
    } finally {
      await storage.close();
    }
  });

  it('replacing an ltijs token restarts its lifetime', async () => {
    let now = Date.UTC(2030, 0, 1);
    const storage = openSqliteStorage({ file: ':memory:', clock: () => now });
    const plugin = pluginOf(storage);
    try {
      await plugin.Replace(false, 'idtoken', { user: 'u' }, { user: 'u', launch: 1 });
      now += 20 * HOUR;
      await plugin.Replace(false, 'idtoken', { user: 'u' }, { user: 'u', launch: 2 });
      now += 20 * HOUR;
      expect(await plugin.Get(false, 'idtoken', { user: 'u' })).toEqual([{ user: 'u', launch: 2, createdAt: now - 20 * HOUR }]);
    } finally {
      await storage.close();
    }
  });

  it('purging deletes expired ltijs rows from the file', async () => {
    const file = freshFile();
    const start = Date.UTC(2030, 0, 1);
    const storage = openSqliteStorage({ file, clock: () => start });
    const plugin = pluginOf(storage);
    const db = openDatabase(file);
    try {
      await plugin.Insert(false, 'nonce', { nonce: 'n' });
      await plugin.Insert(false, 'platform', { platformUrl: 'p' });
      const count = () => (db.prepare('SELECT count(*) AS n FROM ltijs_records').get() as { n: number }).n;
      expect(count()).toBe(2);
      await storage.purgeExpired(new Date(start + 10 * MINUTE));
      expect(count()).toBe(1);
    } finally {
      db.close();
      await storage.close();
    }
  });

  it('stores dates as epoch milliseconds and the launch context as JSON', async () => {
    const file = freshFile();
    const storage = openSqliteStorage({ file });
    const db = openDatabase(file);
    try {
      await storage.members.recordLaunch({ issuer: 'i', clientId: 'c', deploymentId: 'd', contextId: 'x' }, 'u', 'U', 'learner', new Date(1_234));
      const row = db.prepare('SELECT first_launch_at, typeof(first_launch_at) AS t FROM course_members').get() as { first_launch_at: number; t: string };
      expect(row).toEqual({ first_launch_at: 1_234, t: 'integer' });
    } finally {
      db.close();
      await storage.close();
    }
  });

  it('a second connection to the same file sees the same nonces, so a replay is refused across processes', async () => {
    const file = freshFile();
    const a = openSqliteStorage({ file });
    const b = openSqliteStorage({ file });
    try {
      const platform = { issuer: 'https://lms.example', clientId: 'c1' };
      const expiresAt = new Date(Date.now() + HOUR);
      expect(await a.nonces.rememberNonce(platform, 'n', expiresAt)).toBe(true);
      expect(await b.nonces.rememberNonce(platform, 'n', expiresAt)).toBe(false);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

/*
 * The review reads must stay index range scans that start with the full item (or course) key and
 * need no sort step, whatever the statistics say: they are checked on a database holding a skewed
 * spread of reviews, before and after ANALYZE (which is when SQLite's choices can change).
 */
describe('sqlite review query plans', () => {
  let db: ReturnType<typeof openDatabase>;

  beforeAll(() => {
    db = openDatabase(':memory:');
    migrate(db);
    const insert = db.prepare(`
      INSERT INTO reviews (id, issuer, client_id, deployment_id, context_id, item_id, author_id, author_name, author_number,
        rating, aspects, title, liked, improve, status, hold_reasons, verified, helpful_count, report_count,
        created_at, updated_at, rated_at)
      VALUES (@id, 'https://lms.example', 'c1', 'd1', @contextId, @itemId, @id, 'Name', 1,
        @rating, '{}', '', '', '', @status, '[]', 1, @helpful, @reports, @at, @at, @at)
    `);
    // 20,000 reviews: one item with 15,000 of them, the rest spread over 100 items of 10 courses.
    db.transaction(() => {
      for (let i = 0; i < 20_000; i++) {
        insert.run({
          id: `r-${i}`,
          contextId: i < 15_000 ? 'big-course' : `course-${i % 10}`,
          itemId: i < 15_000 ? 'course' : `item-${i % 100}`,
          rating: (i % 5) + 1,
          status: i % 13 === 0 ? 'held' : i % 17 === 0 ? 'hidden' : 'published',
          helpful: i % 7,
          reports: i % 101 === 0 ? 1 : 0,
          at: 1_900_000_000_000 + Math.floor(i / 3) * 1000,
        });
      }
    })();
  });

  afterAll(() => db.close());

  const params = {
    issuer: 'https://lms.example',
    clientId: 'c1',
    deploymentId: 'd1',
    contextId: 'big-course',
    itemId: 'course',
    status: 'published',
    rating: 4,
    afterHelpful: 3,
    afterCreated: 1_900_000_500_000,
    afterId: 'r-1500',
    limit: 8,
    id: 'r-7',
    ids: JSON.stringify(['r-1', 'r-2', 'r-3']),
    voterId: 'v-1',
    reporterId: 'v-2',
  };
  /** The plan's detail lines, with only the parameters the statement names. */
  const plan = (sql: string): string[] => {
    const names = new Set((sql.match(/@\w+/g) ?? []).map((n) => n.slice(1)));
    const bound = Object.fromEntries(Object.entries(params).filter(([k]) => names.has(k)));
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(bound) as { detail: string }[]).map((r) => r.detail);
  };
  const ITEM_RANGE = 'issuer=? AND client_id=? AND deployment_id=? AND context_id=? AND item_id=? AND status=?';
  const COURSE_RANGE = 'issuer=? AND client_id=? AND deployment_id=? AND context_id=?';

  const shapes: Array<{ shape: ScanShape; index: string }> = [
    { shape: { order: 'created', rating: false, after: false }, index: 'reviews_recent' },
    { shape: { order: 'created', rating: false, after: true }, index: 'reviews_recent' },
    { shape: { order: 'helpful', rating: false, after: false }, index: 'reviews_helpful' },
    { shape: { order: 'helpful', rating: false, after: true }, index: 'reviews_helpful' },
    { shape: { order: 'created', rating: true, after: false }, index: 'reviews_rating' },
    { shape: { order: 'created', rating: true, after: true }, index: 'reviews_rating' },
    { shape: { order: 'helpful', rating: true, after: false }, index: 'reviews_rating_helpful' },
    { shape: { order: 'helpful', rating: true, after: true }, index: 'reviews_rating_helpful' },
    // The instructors' triage filters: each one range of its own partial index, newest first.
    ...(['unanswered', 'low', 'reported', 'edited-after-response'] as const).flatMap((triage) =>
      [false, true].map((after) => ({ shape: { order: 'created' as const, rating: false, after, triage }, index: `reviews_${triage.replace(/-/g, '_')}` })),
    ),
  ];

  for (const analyzed of [false, true]) {
    describe(analyzed ? 'after ANALYZE' : 'without statistics', () => {
      beforeAll(() => {
        if (analyzed) db.exec('ANALYZE');
      });

      for (const { shape, index } of shapes) {
        const name = `${shape.order === 'created' ? 'recent' : 'helpful'} order${shape.rating ? ' with a rating' : ''}${shape.triage ? ` triaged "${shape.triage}"` : ''}${shape.after ? ' after a cursor' : ''}`;
        it(`reads the ${name} as one range of ${index}, with no temp B-tree for ORDER BY`, () => {
          const detail = plan(reviewScanSql(shape));
          expect(detail).toHaveLength(1);
          expect(detail[0]).toMatch(new RegExp(`^SEARCH reviews USING INDEX ${index} \\(${ITEM_RANGE.replace(/[?()]/g, '\\$&')}`));
          if (shape.after) expect(detail[0]).toMatch(shape.order === 'helpful' ? /\(helpful_count,created_at,id\)<\(\?,\?,\?\)\)$/ : /\(created_at,id\)<\(\?,\?\)\)$/);
          expect(detail.join('\n')).not.toMatch(/TEMP B-TREE/);
        });
      }

      it('reads the moderation queue and its count through the partial index, oldest first without sorting', () => {
        for (const sql of [moderationQueueSql(false), moderationQueueSql(true), MODERATION_COUNT_SQL]) {
          const detail = plan(sql);
          expect(detail).toHaveLength(1);
          expect(detail[0]).toContain(`SEARCH reviews USING INDEX reviews_moderation (${COURSE_RANGE}`);
        }
      });

      it('reads a page of hidden reviews as one range of a partial index, newest first without sorting, with or without stars', () => {
        for (const rating of [false, true]) {
          for (const after of [false, true]) {
            const detail = plan(hiddenReviewsSql({ rating, after }));
            expect(detail).toHaveLength(1);
            expect(detail[0]).toContain(`SEARCH reviews USING INDEX ${rating ? 'reviews_hidden_rating' : 'reviews_hidden'} (${COURSE_RANGE}${rating ? ' AND rating=?' : ''}`);
            if (after) expect(detail[0]).toMatch(/\(created_at,id\)<\(\?,\?\)\)$/);
            expect(detail.join('\n')).not.toMatch(/TEMP B-TREE/);
          }
        }
      });

      it("looks up a person's votes and reports on a page by primary key, id by id, not through the course", () => {
        for (const [sql, table] of [[VOTES_BY_SQL, 'v'], [REPORTS_BY_SQL, 'p']] as const) {
          const detail = plan(sql);
          expect(detail[0]).toMatch(/^SCAN j VIRTUAL TABLE/);
          // Both keys as equalities: the primary key, or the person's index of migration 17, which on
          // these WITHOUT ROWID tables holds the same two columns (person first) and covers the read.
          const person = table === 'v' ? 'voter_id' : 'reporter_id';
          const index = table === 'v' ? 'review_helpful_votes_voter' : 'review_reports_reporter';
          expect([`SEARCH ${table} USING PRIMARY KEY (review_id=? AND ${person}=?)`, `SEARCH ${table} USING COVERING INDEX ${index} (${person}=? AND review_id=?)`]).toContain(detail[1]);
          expect(detail).toContain('SEARCH r USING INDEX sqlite_autoindex_reviews_1 (id=?)');
        }
        const reports = plan(OPEN_REPORTS_OF_SQL);
        expect(reports[0]).toBe('SEARCH r USING INDEX sqlite_autoindex_reviews_1 (id=?)');
        expect(reports[1]).toBe('SEARCH p USING PRIMARY KEY (review_id=?)');
      });

      it('exports a course batch by batch through reviews_course without sorting', () => {
        for (const sql of [courseBatchSql(false), courseBatchSql(true)]) {
          const detail = plan(sql);
          expect(detail).toHaveLength(1);
          expect(detail[0]).toContain(`SEARCH reviews USING INDEX reviews_course (${COURSE_RANGE}`);
        }
      });
    });
  }
});

describe('sqlite course generations', () => {
  const COURSE = { issuer: 'https://lms.example', clientId: 'c1', deploymentId: 'd1', contextId: 'course-1' };
  const ITEM = { ...COURSE, itemId: 'course' };
  const T0 = new Date('2030-03-01T10:00:00.000Z');
  const TEACHER = { id: 't', name: 'Teacher', role: 'instructor' as const };
  const write = (authorId: string) => ({
    item: ITEM, author: { id: authorId, name: authorId }, rating: 4 as const, aspects: {}, title: '', liked: '', improve: '',
    status: 'published' as const, holdReasons: [], verified: true,
  });

  it('are counted by triggers on every table the reviews panel or the catalogue shows, and only those, and stamped by the store clock', () => {
    const db = openDatabase(':memory:');
    try {
      migrate(db);
      const triggers = db.prepare("SELECT tbl_name AS tableName, name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all() as { tableName: string; name: string }[];
      const tables = ['corrective_action_reviews', 'corrective_actions', 'course_settings', 'course_versions', 'reviews'];
      const ops = (table: string, list: string[]) => list.map((op) => ({ tableName: table, name: `course_generation_${table}_${op}` }));
      expect(triggers).toEqual(
        [
          ...ops('catalogue_courses', ['insert', 'update']),
          ...ops('cg_consultations', ['delete', 'insert', 'update']),
          ...tables.flatMap((table) => ops(table, ['delete', 'insert', 'update'])),
          { tableName: 'course_generations', name: 'course_generations_stamp_insert' },
          { tableName: 'course_generations', name: 'course_generations_stamp_update' },
        ].sort((a, b) => (a.name < b.name ? -1 : 1)),
      );
    } finally {
      db.close();
    }
  });

  it('are read with one primary-key lookup', () => {
    const db = openDatabase(':memory:');
    try {
      migrate(db);
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${GENERATION_OF_SQL}`).all({ ...COURSE }) as { detail: string }[]).map((r) => r.detail);
      expect(plan).toEqual(['SEARCH course_generations USING PRIMARY KEY (issuer=? AND client_id=? AND deployment_id=? AND context_id=?)']);
    } finally {
      db.close();
    }
  });

  it('roll back with a write that fails inside its transaction after its review row changed', async () => {
    // The audit append runs last in the moderation's transaction, after the review row changed and
    // its trigger bumped the generation; making it fail must undo both.
    const db = openDatabase(':memory:');
    try {
      migrate(db);
      let failAudit = false;
      const reviews = createSqliteReviewStore(db, {
        appendAudit: (entry) => {
          if (failAudit) throw new Error('audit refused');
          return { ...entry, id: 'audit-1' } as never;
        },
      });
      const generations = createSqliteGenerationStore(db);
      const { review } = await reviews.saveReview(write('a'), T0);
      const before = await generations.generationOf(COURSE);
      expect(before).toBeGreaterThan(0);
      failAudit = true;
      await expect(reviews.moderate(COURSE, review.id, { status: 'hidden', hiddenReason: 'x' }, { course: COURSE, at: T0, actor: TEACHER, action: 'review.hide', subject: { type: 'review', id: review.id } })).rejects.toThrow('audit refused');
      expect((await reviews.findReview(COURSE, review.id))?.status).toBe('published');
      expect(await generations.generationOf(COURSE)).toBe(before);
    } finally {
      db.close();
    }
  });

  it('count a write made outside the stores (any future write path), and a row moved to another course in both courses', async () => {
    const file = freshFile();
    const storage = openSqliteStorage({ file });
    const db = openDatabase(file);
    try {
      const { review } = await storage.reviews.saveReview(write('a'), T0);
      await storage.settings.saveSettings(COURSE, { reviewsEnabled: true, consumerGroupEnabled: false, textVisibility: 'everyone', moderation: 'immediate', authorDisplay: 'full', minRatings: 1, aspects: [], reviewWindow: { mode: 'any' } }, buildAudit(COURSE));
      const other = { ...COURSE, contextId: 'course-2' };
      const before = await storage.generations.generationOf(COURSE);
      db.prepare("UPDATE reviews SET title = 'changed by hand' WHERE id = ?").run(review.id);
      const afterUpdate = await storage.generations.generationOf(COURSE);
      expect(afterUpdate).toBeGreaterThan(before);
      db.prepare("UPDATE course_settings SET context_id = 'course-2' WHERE context_id = 'course-1'").run();
      expect(await storage.generations.generationOf(COURSE)).toBeGreaterThan(afterUpdate);
      expect(await storage.generations.generationOf(other)).toBe(1);
      // Rows of tables without a trigger (a member, an invite) do not count.
      const stable = await storage.generations.generationOf(COURSE);
      await storage.members.recordLaunch(COURSE, 'a', 'A', 'learner', T0);
      await storage.reviewInvites.setInviteState(COURSE, 'a', { dismissed: true });
      expect(await storage.generations.generationOf(COURSE)).toBe(stable);
    } finally {
      db.close();
      await storage.close();
    }
  });

  it('start at 0 for every course of a database migrated from version 6, and count from the first write on', async () => {
    const file = freshFile();
    const db = openDatabase(file);
    migrate(db, MIGRATIONS.filter((m) => m.version <= 6));
    db.close();
    const storage = openSqliteStorage({ file });
    try {
      expect(await storage.generations.generationOf(COURSE)).toBe(0);
      await storage.courseVersions.createVersion({ course: COURSE, label: 'v2', startsOn: '2031-01-01', createdAt: T0, createdBy: TEACHER });
      expect(await storage.generations.generationOf(COURSE)).toBe(1);
    } finally {
      await storage.close();
    }
  });
});

describe('sqlite catalogue queries', () => {
  const DEPLOYMENT = { issuer: 'https://lms.example', clientId: 'c', deploymentId: 'd' };
  const plans = (sql: string, params: Record<string, unknown>) => {
    const db = openDatabase(':memory:');
    try {
      migrate(db);
      return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail);
    } finally {
      db.close();
    }
  };

  it('reads the changes of a deployment since a time as one range of course_generations_changed', () => {
    expect(plans(CATALOGUE_SQL.changesSince, { ...DEPLOYMENT, since: 0 })).toEqual([
      'SEARCH course_generations USING INDEX course_generations_changed (issuer=? AND client_id=? AND deployment_id=? AND changed_at>?)',
    ]);
  });

  it('lists a deployment courses by primary-key prefix, each joined to its generation by primary key', () => {
    const plan = plans(CATALOGUE_SQL.listCourses, DEPLOYMENT);
    expect(plan).toHaveLength(2);
    expect(plan[0]).toMatch(/^SEARCH c USING PRIMARY KEY \(issuer=\? AND client_id=\? AND deployment_id=\?\)$/);
    expect(plan[1]).toMatch(/^SEARCH g USING PRIMARY KEY \(issuer=\? AND client_id=\? AND deployment_id=\? AND context_id=\?\) LEFT-JOIN$/);
  });

  it('counts buy-in and answered reviews within one course range', () => {
    expect(plans(CATALOGUE_SQL.buyIn, { ...DEPLOYMENT, contextId: 'k' })).toEqual([
      'SEARCH catalogue_visits USING PRIMARY KEY (issuer=? AND client_id=? AND deployment_id=? AND context_id=?)',
    ]);
    const answers = plans(CATALOGUE_SQL.answerCounts, { ...DEPLOYMENT, contextId: 'k', itemId: 'course' });
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatch(/^SEARCH reviews USING (COVERING )?INDEX \w+ \(issuer=\? AND client_id=\? AND deployment_id=\? AND context_id=\? AND item_id=\? AND status=\?/);
  });
});

/*
 * External catalogue sources: the worker's due scan and the deployment's lists are index ranges in
 * order (no sort step), checked on a store with sources spread over many deployments.
 */
describe('sqlite external source query plans', () => {
  let db: ReturnType<typeof openDatabase>;
  beforeAll(() => {
    db = openDatabase(':memory:');
    migrate(db);
    const source = db.prepare(`INSERT INTO external_sources (id, issuer, client_id, deployment_id, name, url, added_at, added_by, next_attempt_at)
      VALUES (@id, 'https://lms.example', 'c1', @deploymentId, 'Feed', @url, @at, 'admin', @at)`);
    const entry = db.prepare(`INSERT INTO external_entries (source_id, position, issuer, client_id, deployment_id, entry_key, title, summary, url)
      VALUES (@id, @position, 'https://lms.example', 'c1', @deploymentId, @key, 'T', '', 'https://x.example/')`);
    db.transaction(() => {
      for (let i = 0; i < 2_000; i++) {
        const row = { id: `s-${i}`, deploymentId: `d-${i % 50}`, url: `https://feeds.example/${i}`, at: 1_900_000_000_000 + i * 1000 };
        source.run(row);
        for (let position = 0; position < 5; position++) entry.run({ ...row, position, key: `k-${position}` });
      }
    })();
  });
  afterAll(() => db.close());

  const plan = (sql: string): string[] =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ issuer: 'https://lms.example', clientId: 'c1', deploymentId: 'd-7', now: 1_900_000_500_000, limit: 10 }) as { detail: string }[]).map((r) => r.detail);

  for (const analyzed of [false, true]) {
    describe(analyzed ? 'after ANALYZE' : 'without statistics', () => {
      beforeAll(() => {
        if (analyzed) db.exec('ANALYZE');
      });
      it('reads due sources as one range of next_attempt_at, in order', () => {
        expect(plan(DUE_SOURCES_SQL)).toEqual(['SEARCH external_sources USING INDEX external_sources_due (next_attempt_at<?)']);
      });
      it("reads a deployment's sources and entries as one range of the deployment key, in order", () => {
        expect(plan(LIST_SOURCES_SQL)).toEqual(['SEARCH external_sources USING INDEX external_sources_deployment (issuer=? AND client_id=? AND deployment_id=?)']);
        expect(plan(LIST_ENTRIES_SQL)).toEqual(['SEARCH external_entries USING INDEX external_entries_deployment (issuer=? AND client_id=? AND deployment_id=?)']);
      });
    });
  }
});
