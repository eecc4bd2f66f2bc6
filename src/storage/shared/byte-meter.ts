/**
 * A pass-through stream that counts and hashes bytes, and fails with FileTooLargeError as soon as
 * they exceed the limit: the limit holds while streaming, before the bytes reach storage.
 */
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { FileTooLargeError } from '../ports/contribution-files';

export class ByteMeter extends Transform {
  private count = 0;
  private readonly hash = createHash('sha256');

  constructor(private readonly maxBytes: number) {
    super();
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new RangeError(`maxBytes must be a positive integer, got ${String(maxBytes)}`);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.count += chunk.length;
    if (this.count > this.maxBytes) {
      done(new FileTooLargeError(this.maxBytes));
      return;
    }
    this.hash.update(chunk);
    done(null, chunk);
  }

  /** Size and SHA-256 of what went through; call once, after the stream ended. */
  result(): { size: number; sha256: string } {
    return { size: this.count, sha256: this.hash.digest('hex') };
  }
}
