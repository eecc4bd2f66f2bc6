import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * helmet on every response, with the CSP frame-ancestors and form-action computed per request
 * (res.locals.frameAncestors / res.locals.formAction, set by session-loader.ts) and without
 * X-Frame-Options, which would stop LMSs from framing the tool.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    frameguard: false,
    // The tool is framed cross-site; COEP/CORP defaults would block legitimate embedding.
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    // Session ids travel in URLs; never leak them to other sites.
    referrerPolicy: { policy: 'no-referrer' },
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameSrc: ["'self'"],
        formAction: [(_req, res) => ((res as unknown as { locals: { formAction?: string[] } }).locals.formAction ?? ["'self'"]).join(' ')],
        frameAncestors: [(_req, res) => ((res as unknown as { locals: { frameAncestors?: string[] } }).locals.frameAncestors ?? ["'self'"]).join(' ')],
      },
    },
  });
}
