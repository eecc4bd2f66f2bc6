/**
 * The local data-folder adapter of ports/contribution-files.ts (the default, beside the SQLite
 * file). Files live under <root>/<first two hex characters>/<id>; the user's file name never
 * reaches the disk. A file is written to a temporary name in the same directory and renamed into
 * place once complete (rename is atomic within one file system), so a reader never sees a partial
 * file, and any failure (limit, source error) removes the temporary file.
 */
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ContributionFileStore } from '../ports/contribution-files';
import { ByteMeter } from '../shared/byte-meter';
import { isFileId, newFileId } from '../shared/file-ids';

/**
 * `root` is a folder, or a lazily made one: `ensure` makes it when the first file comes, `current`
 * says where it is (null before, so reads find nothing without making a folder).
 */
export type FilesRoot = string | { readonly current: () => string | null; readonly ensure: () => string };

export function createLocalContributionFileStore(root: FilesRoot): ContributionFileStore {
  const current = typeof root === 'string' ? () => root : root.current;
  const ensure = typeof root === 'string' ? () => root : root.ensure;
  const fileOf = (id: string, dir: string | null = current()) => (dir === null ? null : path.join(dir, id.slice(0, 2), id));

  return {
    async saveFile(source, options) {
      const meter = new ByteMeter(options.maxBytes);
      const id = newFileId();
      const target = fileOf(id, ensure()) as string;
      await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      const temp = path.join(path.dirname(target), `.${id}.partial`);
      try {
        const input = source instanceof Readable ? source : Readable.from(source);
        await pipeline(input, meter, createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
        await fs.rename(temp, target);
      } catch (err) {
        await fs.rm(temp, { force: true });
        throw err;
      }
      return { id, ...meter.result() };
    },

    async openFile(id) {
      const file = isFileId(id) ? fileOf(id) : null;
      if (file === null) return null;
      try {
        const handle = await fs.open(file, 'r');
        return handle.createReadStream();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },

    async fileSize(id) {
      const file = isFileId(id) ? fileOf(id) : null;
      if (file === null) return null;
      try {
        return (await fs.stat(file)).size;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },

    async deleteFile(id) {
      const file = isFileId(id) ? fileOf(id) : null;
      if (file === null) return false;
      try {
        await fs.unlink(file);
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw err;
      }
    },
  };
}
