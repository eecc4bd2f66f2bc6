/**
 * The store switch: without MONGODB_URI it opens the SQLite file and leaves the MongoDB adapter
 * (mongoose and its driver, about 12 MB of RSS) unloaded; with one it loads the adapter on demand.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

describe('openStorage', () => {
  let dir: string;
  beforeEach(() => {
    jest.resetModules();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lv-open-storage-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('opens the SQLite file when no MongoDB URI is set, without loading the MongoDB adapter', async () => {
    const loaded: string[] = [];
    jest.doMock('../../src/storage/mongo/mongo-storage', () => {
      loaded.push('mongo-storage');
      return { openMongoStorage: jest.fn() };
    });
    const { openStorage, sqliteFile } = await import('../../src/storage/open-storage');
    const storage = await openStorage({ mongodbUri: undefined, dataDir: dir });
    try {
      expect(storage.kind).toBe('sqlite');
      expect(fs.existsSync(sqliteFile(dir))).toBe(true);
      expect(loaded).toEqual([]);
    } finally {
      await storage.close();
    }
  });

  it('loads the MongoDB adapter when a URI is set, and hands it the URI', async () => {
    const fake = { kind: 'mongo' };
    const openMongoStorage = jest.fn().mockResolvedValue(fake);
    jest.doMock('../../src/storage/mongo/mongo-storage', () => ({ openMongoStorage }));
    const { openStorage } = await import('../../src/storage/open-storage');
    await expect(openStorage({ mongodbUri: 'mongodb://db.invalid/lv?replicaSet=rs0', dataDir: dir })).resolves.toBe(fake);
    expect(openMongoStorage).toHaveBeenCalledWith({ uri: 'mongodb://db.invalid/lv?replicaSet=rs0' });
  });
});
