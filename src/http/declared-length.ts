/**
 * A form or JSON body that declares more bytes than MAX_BODY_BYTES is refused before a byte of it is
 * read. The body parsers would refuse it too, but only after reading the whole announced body off
 * the socket (so that the client can read the answer): a request announcing 100 GB and sending
 * three bytes held its connection until Node's request timeout, five minutes, a cheap way to tie
 * up connections. The answer closes the connection, so nothing more is read from it.
 * Multipart uploads have their own, larger limit, enforced while they stream (multipart-upload.ts).
 */
import type { RequestHandler } from 'express';
import { AppError } from './errors';

export function refuseDeclaredOversize(maxBytes: number): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.headers['content-length']);
    if (!(declared > maxBytes) || isMultipart(req.headers['content-type'])) return next();
    res.setHeader('Connection', 'close');
    next(new AppError('REQUEST_TOO_LARGE', { declared }, { limit: maxBytes }));
  };
}

function isMultipart(type: string | undefined): boolean {
  return typeof type === 'string' && /^\s*multipart\//i.test(type);
}
