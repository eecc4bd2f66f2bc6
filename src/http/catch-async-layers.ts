/**
 * Express 4 ignores the promise an async handler returns, so a rejection inside a dependency's
 * routes (ltijs runs its own Express app) reaches no error handler: the request hangs and Node
 * reports an unhandled rejection. This walks an app's router once, at start-up, and makes every
 * handler pass its rejection to `next`, so the request gets our error page and the log its id.
 */
import type { Express, NextFunction, Request, Response } from 'express';

type Handler = (...args: unknown[]) => unknown;
interface Layer {
  handle: Handler;
  route?: { stack: Layer[] };
}

export function catchAsyncLayers(app: Express): void {
  const router = (app as unknown as { _router?: { stack: Layer[] } })._router;
  if (!router) throw new Error('catchAsyncLayers: the app has no router yet (call it after its routes are added)');
  for (const layer of router.stack) wrapLayer(layer);
}

function wrapLayer(layer: Layer): void {
  if (layer.route) for (const inner of layer.route.stack) wrapLayer(inner);
  const original = layer.handle;
  if ((original as { catchesAsync?: boolean }).catchesAsync) return;
  // Express tells error handlers from others by their arity: keep it.
  const wrapped =
    original.length === 4
      ? function (this: unknown, err: unknown, req: Request, res: Response, next: NextFunction) {
          return forwardRejection(original.call(this, err, req, res, next), next);
        }
      : function (this: unknown, req: Request, res: Response, next: NextFunction) {
          return forwardRejection(original.call(this, req, res, next), next);
        };
  Object.assign(wrapped, original, { catchesAsync: true });
  layer.handle = wrapped as Handler;
}

function forwardRejection(result: unknown, next: NextFunction): unknown {
  if (result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(undefined, next);
  return result;
}
