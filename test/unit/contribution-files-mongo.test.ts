/**
 * The GridFS adapter of contribution files over a stubbed bucket (no server here): it streams
 * through the size limit, aborts the upload (which deletes the written chunks) on the limit or a
 * source error, finds files by our random id only, and never touches the bucket for a malformed id.
 */
import { Readable, Writable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { createGridFsContributionFileStore, type FileBucket } from '../../src/storage/mongo/contribution-file-store';
import { FileTooLargeError } from '../../src/storage/ports/contribution-files';

/** An in-memory bucket that, like GridFS, records a file only once its upload finished. */
function fakeBucket() {
  const files = new Map<string, { _id: string; length: number; bytes: Buffer }>();
  const aborted: string[] = [];
  const calls: string[] = [];
  const bucket: FileBucket = {
    openUploadStream(filename) {
      calls.push('upload');
      const chunks: Buffer[] = [];
      const stream = new Writable({
        write(chunk: Buffer, _enc, done) {
          chunks.push(chunk);
          done();
        },
        final(done) {
          const bytes = Buffer.concat(chunks);
          files.set(filename, { _id: `oid-${filename}`, length: bytes.length, bytes });
          done();
        },
      });
      return Object.assign(stream, { abort: async () => void aborted.push(filename) });
    },
    find(filter) {
      calls.push('find');
      const file = files.get(filter.filename);
      return { toArray: async () => (file ? [{ _id: file._id, length: file.length }] : []) };
    },
    openDownloadStream(id) {
      const file = [...files.values()].find((f) => f._id === (id as unknown as string));
      return Readable.from([file!.bytes]);
    },
    async delete(id) {
      for (const [name, f] of files) if (f._id === (id as unknown as string)) files.delete(name);
    },
  };
  return { bucket, files, aborted, calls };
}

describe('GridFS contribution file store', () => {
  it('stores under a random id as the GridFS filename, with size and hash, and reads it back', async () => {
    const fake = fakeBucket();
    const store = createGridFsContributionFileStore(() => fake.bucket);
    const saved = await store.saveFile(Readable.from([Buffer.from('abc'), Buffer.from('def')]), { maxBytes: 6 });
    expect(saved).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), size: 6, sha256: 'bef57ec7f53a6d40beb640a780a639c83bc29ac8a9816f1fc6c5c6dcd93c4721' });
    expect([...fake.files.keys()]).toEqual([saved.id]);
    expect(await text((await store.openFile(saved.id))!)).toBe('abcdef');
    expect(await store.fileSize(saved.id)).toBe(6);
    expect(await store.deleteFile(saved.id)).toBe(true);
    expect(await store.deleteFile(saved.id)).toBe(false);
    expect(await store.openFile(saved.id)).toBeNull();
  });

  it('aborts the upload past the limit or on a source error, so no file is recorded', async () => {
    const fake = fakeBucket();
    const store = createGridFsContributionFileStore(() => fake.bucket);
    await expect(store.saveFile(Readable.from([Buffer.alloc(4), Buffer.alloc(4)]), { maxBytes: 6 })).rejects.toBeInstanceOf(FileTooLargeError);
    const failing = (async function* () {
      yield Buffer.from('x');
      throw new Error('client went away');
    })();
    await expect(store.saveFile(failing, { maxBytes: 6 })).rejects.toThrow('client went away');
    expect(fake.aborted).toHaveLength(2);
    expect(fake.files.size).toBe(0);
  });

  it('answers "not found" for malformed ids without asking the bucket', async () => {
    const fake = fakeBucket();
    const store = createGridFsContributionFileStore(() => fake.bucket);
    for (const id of ['../x', { $ne: null } as unknown as string, '']) {
      expect(await store.openFile(id)).toBeNull();
      expect(await store.fileSize(id)).toBeNull();
      expect(await store.deleteFile(id)).toBe(false);
    }
    expect(fake.calls).toEqual([]);
  });
});
