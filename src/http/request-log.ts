/**
 * One log line per request, once its response has ended: method and masked URL, status, time taken
 * and the request's id, the lines pino-http wrote before ("request completed", "request errored" for
 * a 5xx or a response that failed, "request aborted" when the client left first), at info level.
 *
 * Written here because pino-http builds a child logger (two with its defaults) for every request,
 * each with its own bound log methods, serialised and redacted bindings: a tenth of all the tool
 * allocated per request under the soak (issue 14), for a line of five fields. This keeps one closure
 * per request and builds the line's fields only when it is written.
 */
import type { RequestHandler } from 'express';
import type { Logger } from './logger';

export function requestLog(logger: Logger, maskUrl: (url: string) => string): RequestHandler {
  return (req, res, next) => {
    const started = Date.now();
    // The id of request-scope.ts: the line is written from a socket event, maybe outside the request's scope.
    const reqId = String(res.locals.requestId ?? '-');
    const method = req.method;
    const url = maskUrl(req.originalUrl || req.url);
    const ended = (err?: Error) => {
      res.removeListener('close', ended);
      res.removeListener('finish', ended);
      res.removeListener('error', ended);
      const fields = {
        req: { method, url },
        // Before its headers are sent a response has no status yet.
        res: { statusCode: res.headersSent ? res.statusCode : null },
        responseTime: Date.now() - started,
        reqId,
      };
      if (err || res.statusCode >= 500) {
        logger.info({ ...fields, err: err ?? new Error(`failed with status code ${res.statusCode}`) }, 'request errored');
        return;
      }
      logger.info(fields, !req.readableAborted && res.writableEnded ? 'request completed' : 'request aborted');
    };
    res.on('close', ended);
    res.on('finish', ended);
    res.on('error', ended);
    next();
  };
}
