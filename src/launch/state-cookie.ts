/**
 * ltijs's state cookie, `state<state>` = issuer, signed by cookie-parser with the LTI key. Read here
 * (presence only: ltijs checks the signature) and, for a launch whose state came back through the
 * platform's storage instead (platform-storage.ts), supplied to ltijs on that one request.
 */
import { createHmac } from 'node:crypto';
import type { Request } from 'express';

export function hasStateCookie(req: Request, state: string): boolean {
  const name = `state${state}=`;
  return (req.headers.cookie ?? '').split(';').some((pair) => pair.trim().startsWith(name));
}

/** cookie-parser's signed value: "s:" + value + "." + base64 HMAC-SHA256 without padding. */
export function supplyStateCookie(req: Request, state: string, issuer: string, secret: string): void {
  const mac = createHmac('sha256', secret).update(issuer).digest('base64').replace(/=+$/, '');
  const cookie = `state${state}=${encodeURIComponent(`s:${issuer}.${mac}`)}`;
  req.headers.cookie = req.headers.cookie ? `${req.headers.cookie}; ${cookie}` : cookie;
}
