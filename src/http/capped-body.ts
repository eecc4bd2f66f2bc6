/**
 * Reads a fetch Response's body with a byte cap, for the tool's requests to URLs that someone else
 * chose (dynamic registration's configuration URL, an admin's catalogue feed). The cap is enforced
 * while streaming: past it the stream is cancelled and the request aborted, so a huge or endless
 * body costs at most the cap in memory, never its whole size.
 */

/** Why a body could not be read; callers map it onto their own error vocabulary. */
export class CappedBodyError extends Error {
  constructor(
    readonly kind: 'too-large' | 'unreadable',
    readonly bytesRead: number,
    readonly reason: string,
  ) {
    super(`${kind}: ${reason}`);
    this.name = 'CappedBodyError';
  }
}

/** The body's bytes, at most maxBytes; throws CappedBodyError past it or when the stream fails. */
export async function readCappedBody(response: Response, maxBytes: number, abort: AbortController): Promise<Buffer> {
  // A declared length over the cap is refused before a byte is read.
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    abort.abort();
    throw new CappedBodyError('too-large', 0, `declared ${declared} bytes`);
  }
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytesRead = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytesRead += value.byteLength;
      if (bytesRead > maxBytes) {
        abort.abort();
        await reader.cancel().catch(() => undefined);
        throw new CappedBodyError('too-large', bytesRead, `more than ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof CappedBodyError) throw err;
    throw new CappedBodyError('unreadable', bytesRead, describeFetchError(err));
  }
  return Buffer.concat(chunks);
}

/** Decodes UTF-8 strictly: a body in another encoding is refused rather than read as mojibake. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** undici hides the useful part (ECONNREFUSED, ENOTFOUND) in `cause`. */
export function describeFetchError(err: unknown): string {
  const error = err as { message?: string; cause?: { code?: string; message?: string } };
  return [error?.message, error?.cause?.code ?? error?.cause?.message].filter(Boolean).join(': ') || String(err);
}
