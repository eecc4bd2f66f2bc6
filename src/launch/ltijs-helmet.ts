/**
 * ltijs's own Express app runs helmet 6 with its defaults on every /lti request, after the tool's
 * security headers (http/security-headers.ts) have been set, and overwrites some of them: the
 * login's redirect, the launch's and every page answered from inside ltijs (the platform-storage
 * page, refused launches) went out with Cross-Origin-Embedder-Policy: require-corp and
 * Cross-Origin-Resource-Policy: same-origin, which the tool turns off because LMSs frame it, and a
 * shorter HSTS. Its layer is taken out at start-up, so /lti answers with the tool's one policy
 * and a launch stops paying for a second set of headers (two requests of every launch).
 */
import type { Express } from 'express';

interface Layer {
  readonly name: string;
}

/** helmet names the middleware it returns; the name is checked, not assumed (see the test). */
const HELMET_LAYER = 'helmetMiddleware';

export function dropLtijsHelmet(app: Express): void {
  const router = (app as unknown as { _router?: { stack: Layer[] } })._router;
  if (!router) throw new Error('dropLtijsHelmet: ltijs has no router yet (call it after lti.deploy)');
  const index = router.stack.findIndex((layer) => layer.name === HELMET_LAYER);
  // An ltijs that no longer runs helmet needs nothing taken out; one that runs it twice is not this one.
  if (index === -1) return;
  router.stack.splice(index, 1);
  if (router.stack.some((layer) => layer.name === HELMET_LAYER)) throw new Error('dropLtijsHelmet: ltijs runs helmet more than once');
}
