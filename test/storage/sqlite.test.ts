import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/storage/sqlite/database';
import { appliedMigrations, migrate, MIGRATIONS, type Migration } from '../../src/storage/sqlite/migrations';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';
import type { LtiDatabasePlugin, Storage } from '../../src/storage/port';
import { consultationsContract } from './consultations-contract';
import { storageContract } from './contract';

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
consultationsContract('sqlite storage in memory', async () => openSqliteStorage({ file: ':memory:' }));

function pluginOf(storage: Storage): LtiDatabasePlugin {
  const config = storage.ltiDatabase();
  if (!('plugin' in config)) throw new Error('the SQLite adapter must provide an ltijs plugin');
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
