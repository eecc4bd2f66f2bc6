/**
 * A loopback HTTP server that serves the feed fixtures and every misbehaviour a feed host can show:
 * malformed, huge (declared or streamed), slow, redirect chains, redirects to other schemes, the
 * wrong content type, errors, and conditional answers (ETag, Last-Modified). Records what it was
 * asked, so tests can check the conditional headers and how often a feed was fetched.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';

export interface FeedRequest {
  readonly path: string;
  readonly ifNoneMatch?: string;
  readonly ifModifiedSince?: string;
}

export interface FeedServer {
  readonly baseUrl: string;
  readonly requests: FeedRequest[];
  /** Per-path overrides, set by tests: a body, a status, a content type. */
  readonly routes: Map<string, { status?: number; type?: string; body?: string; etag?: string; lastModified?: string }>;
  /** Bytes the /huge stream managed to write before the client hung up. */
  hugeBytesWritten(): number;
  hits(pathname: string): number;
  close(): Promise<void>;
}

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'feeds', name), 'utf8');

export async function startFeedServer(): Promise<FeedServer> {
  const requests: FeedRequest[] = [];
  const routes: FeedServer['routes'] = new Map();
  let hugeWritten = 0;
  const sockets = new Set<import('node:net').Socket>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const ifNoneMatch = req.headers['if-none-match'];
    const ifModifiedSince = req.headers['if-modified-since'];
    requests.push({ path: url.pathname, ...(typeof ifNoneMatch === 'string' ? { ifNoneMatch } : {}), ...(typeof ifModifiedSince === 'string' ? { ifModifiedSince } : {}) });
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': type, ...headers });
      res.end(body);
    };
    const override = routes.get(url.pathname);
    if (override) {
      if (override.etag && ifNoneMatch === override.etag) return send(304, override.type ?? 'application/rss+xml', '');
      if (override.lastModified && !override.etag && ifModifiedSince === override.lastModified) return send(304, override.type ?? 'application/rss+xml', '');
      return send(override.status ?? 200, override.type ?? 'application/rss+xml', override.body ?? '', {
        ...(override.etag ? { ETag: override.etag } : {}),
        ...(override.lastModified ? { 'Last-Modified': override.lastModified } : {}),
      });
    }
    const redirect = /^\/redirect\/(\d+)$/.exec(url.pathname);
    if (redirect) {
      const left = Number(redirect[1]);
      res.writeHead(302, { Location: left > 1 ? `/redirect/${left - 1}` : '/rss' });
      return res.end();
    }
    switch (url.pathname) {
      case '/rss':
        if (ifNoneMatch === '"rss-v1"') return send(304, 'application/rss+xml', '');
        return send(200, 'application/rss+xml; charset=utf-8', fixture('rss.xml'), { ETag: '"rss-v1"' });
      case '/atom':
        if (ifModifiedSince === 'Sun, 01 Nov 2026 18:30:02 GMT') return send(304, 'application/atom+xml', '');
        return send(200, 'application/atom+xml', fixture('atom.xml'), { 'Last-Modified': 'Sun, 01 Nov 2026 18:30:02 GMT' });
      case '/json':
        return send(200, 'application/feed+json', fixture('feed.json'));
      case '/text-xml':
        return send(200, 'text/xml', fixture('rss.xml'));
      case '/malformed':
        return send(200, 'application/rss+xml', fixture('malformed.xml'));
      case '/bomb':
        return send(200, 'application/rss+xml', fixture('entity-bomb.xml'));
      case '/html':
        return send(200, 'text/html; charset=utf-8', '<!doctype html><title>Sign in</title>');
      case '/error':
        return send(500, 'text/plain', 'boom');
      case '/to-file':
        res.writeHead(302, { Location: 'file:///etc/passwd' });
        return res.end();
      case '/gzip-bomb': {
        // 20 MiB of spaces in about 20 KiB: the cap must count what the body inflates to.
        const bomb = zlib.gzipSync(Buffer.concat([Buffer.from('<rss version="2.0"><channel>'), Buffer.alloc(20 * 1024 * 1024, ' ')]));
        res.writeHead(200, { 'Content-Type': 'application/rss+xml', 'Content-Encoding': 'gzip', 'Content-Length': String(bomb.length) });
        return res.end(bomb);
      }
      case '/declared-huge':
        res.writeHead(200, { 'Content-Type': 'application/rss+xml', 'Content-Length': String(50 * 1024 * 1024) });
        return res.write('<rss>');
      case '/huge': {
        // Chunked, no length: only the client's cap can stop it. Writes until the client hangs up (or 20 MiB).
        res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
        const chunk = '<!-- ' + 'x'.repeat(16 * 1024) + ' -->';
        const pump = () => {
          while (hugeWritten < 20 * 1024 * 1024 && !res.destroyed) {
            hugeWritten += chunk.length;
            if (!res.write(chunk)) return res.once('drain', pump);
          }
          res.end();
        };
        res.write('<rss version="2.0"><channel>');
        return pump();
      }
      case '/slow': {
        // Headers at once, then a trickle that would take far longer than any fetch may.
        res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
        res.write('<rss version="2.0"><channel>');
        const timer = setInterval(() => res.write(' '), 100);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case '/slow-headers':
        setTimeout(() => send(200, 'application/rss+xml', fixture('rss.xml')), 5_000).unref();
        return;
      default:
        return send(404, 'text/plain', 'not found');
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    requests,
    routes,
    hugeBytesWritten: () => hugeWritten,
    hits: (pathname) => requests.filter((r) => r.path === pathname).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
