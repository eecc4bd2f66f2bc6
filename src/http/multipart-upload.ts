/**
 * Reads a multipart/form-data request with one optional file (contribution forms), with busboy:
 * it streams parts and enforces per-part limits, so no oversized body is ever buffered whole.
 * Limits: one file of at most `maxFileBytes` (held in memory, bounded by that limit, for the pure
 * checks of contributions/files/), at most `maxFields` fields of at most `maxFieldBytes` each, field
 * names of at most 100 bytes. On the first broken limit the request is unpiped and drained, and the
 * caller gets a problem with its status (413 for the file size, 422 for the other limits, 400 for a
 * request that is not readable multipart) and the fields read before it, to show the form again with
 * a message and what was typed (a form that puts its file input last has sent every text field by then).
 * The file's name and type as the browser sent them are returned as given: the name only goes
 * through safeFileName, the type is never trusted (contributions/files/sniff.ts decides).
 */
import type { Busboy } from 'busboy';
import type { IncomingMessage } from 'node:http';

export interface UploadLimits {
  readonly maxFileBytes: number;
  readonly maxFields?: number;
  readonly maxFieldBytes?: number;
}

export interface UploadedFile {
  /** The form field that carried it. */
  readonly field: string;
  /** The name the browser sent (unsafe: display it only after safeFileName). */
  readonly clientName: string;
  readonly bytes: Buffer;
}

export type UploadProblem = 'not-multipart' | 'malformed' | 'file-too-large' | 'too-many-files' | 'too-many-fields' | 'field-too-large';

export type UploadResult =
  | { readonly ok: true; readonly fields: Readonly<Record<string, string>>; readonly file: UploadedFile | null }
  | { readonly ok: false; readonly problem: UploadProblem; readonly status: 400 | 413 | 422; readonly fields: Readonly<Record<string, string>> };

const STATUS: Record<UploadProblem, 400 | 413 | 422> = {
  'not-multipart': 400,
  malformed: 400,
  'file-too-large': 413,
  'too-many-files': 422,
  'too-many-fields': 422,
  'field-too-large': 422,
};

export async function readMultipartUpload(req: IncomingMessage, limits: UploadLimits): Promise<UploadResult> {
  // busboy is loaded at the first upload, not at start (issue 14). The request is not read before
  // it is piped below, so nothing is lost while the module loads.
  const { default: busboy } = await import('busboy');
  const maxFields = limits.maxFields ?? 20;
  const maxFieldBytes = limits.maxFieldBytes ?? 16 * 1024;
  return new Promise((resolve) => {
    let settled = false;
    const fields: Record<string, string> = Object.create(null);
    let file: UploadedFile | null = null;
    let parser: Busboy;

    const stop = (problem: UploadProblem) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      // Drain what the client still sends, without keeping it, so the answer can be read.
      req.resume();
      resolve({ ok: false, problem, status: STATUS[problem], fields: { ...fields } });
    };

    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: 1, fileSize: limits.maxFileBytes, fields: maxFields, fieldSize: maxFieldBytes, fieldNameSize: 100, parts: maxFields + 1 },
      });
    } catch {
      // busboy throws on a missing or non-multipart Content-Type, or a boundary it cannot use.
      resolve({ ok: false, problem: 'not-multipart', status: 400, fields: {} });
      return;
    }

    parser.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => stop('file-too-large'));
      // A body that ends inside this part fails this stream, not only the parser: with no listener
      // that error would be thrown out of the event loop and end the process.
      stream.on('error', () => stop('malformed'));
      stream.on('end', () => {
        if (settled) return;
        const bytes = Buffer.concat(chunks);
        // A file input left empty still sends a part with no name and no bytes: no file.
        if (info.filename === undefined || (info.filename === '' && bytes.length === 0)) return;
        file = { field, clientName: info.filename, bytes };
      });
    });
    parser.on('field', (name, value, info) => {
      if (info.nameTruncated || info.valueTruncated) return stop('field-too-large');
      fields[name] = value;
    });
    parser.on('filesLimit', () => stop('too-many-files'));
    parser.on('fieldsLimit', () => stop('too-many-fields'));
    parser.on('partsLimit', () => stop('too-many-fields'));
    parser.on('error', () => stop('malformed'));
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      resolve({ ok: true, fields: { ...fields }, file });
    });
    req.on('error', () => stop('malformed'));
    req.pipe(parser);
  });
}
