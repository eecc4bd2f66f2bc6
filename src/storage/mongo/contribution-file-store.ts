/**
 * The MongoDB GridFS adapter of ports/contribution-files.ts, bucket 'contributionFiles' on the
 * store's own mongoose connection (the driver's GridFSBucket, through mongoose.mongo so there is one
 * copy of the driver). Our id is the GridFS filename (the bucket's own filename index finds it);
 * the user's file name is never stored here. GridFS writes the files document only after the last
 * chunk, so a reader never sees a partial file; on the limit or a source error the upload is
 * aborted, which deletes the chunks already written.
 */
import mongoose from 'mongoose';
import type { Readable, Writable } from 'node:stream';
import { Readable as ReadableStream } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ContributionFileStore } from '../ports/contribution-files';
import { ByteMeter } from '../shared/byte-meter';
import { isFileId, newFileId } from '../shared/file-ids';

export const CONTRIBUTION_BUCKET = 'contributionFiles';

/** The part of the driver's GridFSBucket this adapter uses (a fake in the unit test). */
export interface FileBucket {
  openUploadStream(filename: string): Writable & { abort(): Promise<void> };
  find(filter: { filename: string }): { toArray(): Promise<Array<{ _id: unknown; length: number }>> };
  openDownloadStream(id: never): Readable;
  delete(id: never): Promise<void>;
}

export function defaultBucket(): FileBucket {
  const db = mongoose.connection.db;
  if (!db) throw new Error('The MongoDB connection is not open');
  return new mongoose.mongo.GridFSBucket(db, { bucketName: CONTRIBUTION_BUCKET }) as unknown as FileBucket;
}

export function createGridFsContributionFileStore(bucketOf: () => FileBucket = defaultBucket): ContributionFileStore {
  const findOne = async (id: string) => (await bucketOf().find({ filename: id }).toArray())[0] ?? null;

  return {
    async saveFile(source, options) {
      const meter = new ByteMeter(options.maxBytes);
      const id = newFileId();
      const upload = bucketOf().openUploadStream(id);
      try {
        await pipeline(source instanceof ReadableStream ? source : ReadableStream.from(source), meter, upload);
      } catch (err) {
        await upload.abort().catch(() => undefined);
        throw err;
      }
      return { id, ...meter.result() };
    },

    async openFile(id) {
      if (!isFileId(id)) return null;
      const file = await findOne(id);
      return file ? bucketOf().openDownloadStream(file._id as never) : null;
    },

    async fileSize(id) {
      if (!isFileId(id)) return null;
      return (await findOne(id))?.length ?? null;
    },

    async deleteFile(id) {
      if (!isFileId(id)) return false;
      const file = await findOne(id);
      if (!file) return false;
      await bucketOf().delete(file._id as never);
      return true;
    },
  };
}
