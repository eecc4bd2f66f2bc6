import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs. Session ids travel in URLs (/s/<id>/…), so they are masked wherever a URL is logged. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'learner-voice' },
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'], censor: '[redacted]' },
  });
}

export function maskSessionIds(url: string): string {
  return url.replace(/\/s\/[A-Za-z0-9_-]+/g, '/s/[session]');
}
