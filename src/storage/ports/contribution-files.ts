/**
 * The bytes of contributions' files (issue 16). Two adapters: the local data folder (default, with
 * SQLite: files/contributions/ under DATA_DIR) and MongoDB GridFS (with MONGODB_URI, bucket
 * 'contributionFiles'). The store knows nothing of types or names: the caller checks the bytes first
 * (contributions/files/) and keeps the name, type and hash in the contribution (ports/contributions.ts).
 *
 * Ids are random (never derived from the user's file name) and are 32 lowercase hex characters; any
 * other id is "not found" for every method, so a path-like id cannot reach the disk.
 */
import type { Readable } from 'node:stream';

export interface StoredFile {
  readonly id: string;
  /** Bytes written. */
  readonly size: number;
  /** Lowercase hex SHA-256 of the bytes written, computed while streaming. */
  readonly sha256: string;
}

/** The source grew past `maxBytes`: nothing is kept (no partial file, no temp file). */
export class FileTooLargeError extends Error {
  override readonly name = 'FileTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`The file is larger than ${maxBytes} bytes`);
  }
}

export interface ContributionFileStore {
  /**
   * Streams `source` into a new file and returns its id, size and hash. Counts bytes while streaming
   * and aborts as soon as they exceed `maxBytes` (throws FileTooLargeError; the source is not read
   * further). The file becomes visible to openFile only once complete (local: temp file + rename;
   * GridFS: the files document is written after the last chunk). An error of the source rejects the
   * promise and leaves nothing behind.
   */
  saveFile(source: Readable | AsyncIterable<Uint8Array>, options: { readonly maxBytes: number }): Promise<StoredFile>;
  /** A stream of the file's bytes, or null when there is no such file (or the id is malformed). */
  openFile(id: string): Promise<Readable | null>;
  /** Size of the file in bytes, or null when absent. */
  fileSize(id: string): Promise<number | null>;
  /** Deletes the file; false when there was none. Idempotent. */
  deleteFile(id: string): Promise<boolean>;
}
