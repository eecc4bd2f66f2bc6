/**
 * The local data-folder adapter of the contribution files: streamed with the limit enforced while
 * streaming, atomic (no partial or temporary file left on failure), never named after the upload.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { createLocalContributionFileStore } from '../../src/storage/local/contribution-file-store';
import { FileTooLargeError } from '../../src/storage/ports/contribution-files';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'lv-files-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const everyFile = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? everyFile(path.join(dir, e.name)) : [path.join(dir, e.name)]));

/** Yields `chunks` chunks of 1 KiB and counts how many were pulled. */
function source(chunks: number): { stream: AsyncIterable<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  return {
    stream: (async function* () {
      for (let i = 0; i < chunks; i++) {
        pulled++;
        yield Buffer.alloc(1024, i % 256);
      }
    })(),
    pulled: () => pulled,
  };
}

describe('local contribution file store', () => {
  it('stores the bytes under a random id with their size and SHA-256, and streams them back', async () => {
    const store = createLocalContributionFileStore(root);
    const bytes = Buffer.from('hello, contribution');
    const saved = await store.saveFile(Readable.from([bytes]), { maxBytes: 100 });
    expect(saved).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(await text((await store.openFile(saved.id))!)).toBe('hello, contribution');
    expect(await store.fileSize(saved.id)).toBe(bytes.length);
    expect(everyFile(root)).toEqual([path.join(root, saved.id.slice(0, 2), saved.id)]);
  });

  it('accepts exactly the limit, and stops reading one chunk past it, leaving no partial or temporary file', async () => {
    const store = createLocalContributionFileStore(root);
    expect((await store.saveFile(source(4).stream, { maxBytes: 4096 })).size).toBe(4096);
    const big = source(10_000);
    await expect(store.saveFile(big.stream, { maxBytes: 4096 })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(big.pulled()).toBeLessThanOrEqual(6);
    expect(everyFile(root)).toHaveLength(1);
  });

  it('leaves nothing when the source fails midway', async () => {
    const store = createLocalContributionFileStore(root);
    const failing = (async function* () {
      yield Buffer.from('half');
      throw new Error('client went away');
    })();
    await expect(store.saveFile(failing, { maxBytes: 100 })).rejects.toThrow('client went away');
    expect(everyFile(root)).toEqual([]);
  });

  it('treats any id that is not 32 hex characters as absent, so no path reaches the disk', async () => {
    const store = createLocalContributionFileStore(root);
    fs.writeFileSync(path.join(root, 'secret'), 'x');
    for (const id of ['../secret', 'secret', '..', '', 'A'.repeat(32), `${'a'.repeat(31)}/`]) {
      expect(await store.openFile(id)).toBeNull();
      expect(await store.fileSize(id)).toBeNull();
      expect(await store.deleteFile(id)).toBe(false);
    }
    expect(fs.existsSync(path.join(root, 'secret'))).toBe(true);
  });

  it('deletes idempotently', async () => {
    const store = createLocalContributionFileStore(root);
    const saved = await store.saveFile(Readable.from([Buffer.from('x')]), { maxBytes: 10 });
    expect(await store.deleteFile(saved.id)).toBe(true);
    expect(await store.deleteFile(saved.id)).toBe(false);
    expect(await store.openFile(saved.id)).toBeNull();
  });

  it('is the SQLite storage’s file store: beside the database file, or a temporary folder removed on close for :memory:', async () => {
    const onFile = openSqliteStorage({ file: path.join(root, 'db', 'lv.sqlite') });
    const saved = await onFile.contributionFiles.saveFile(Readable.from([Buffer.from('x')]), { maxBytes: 10 });
    expect(fs.existsSync(path.join(root, 'db', 'files', 'contributions', saved.id.slice(0, 2), saved.id))).toBe(true);
    await onFile.close();
    const inMemory = openSqliteStorage({ file: ':memory:' });
    const temp = await inMemory.contributionFiles.saveFile(Readable.from([Buffer.from('y')]), { maxBytes: 10 });
    expect(await inMemory.contributionFiles.fileSize(temp.id)).toBe(1);
    await inMemory.close();
    expect(await inMemory.contributionFiles.fileSize(temp.id)).toBeNull();
  });
});
