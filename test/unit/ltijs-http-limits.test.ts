/**
 * ltijs's HTTP client to platforms, once limited: an endless body is cancelled as it streams, an
 * answer that never comes (or trickles) ends within the time limit, a 500 is not retried by got,
 * and a normal answer reads as before.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import ltijsHttp from 'ltijs/dist/Utils/Http';
import { limitLtijsPlatformCalls } from '../../src/launch/ltijs-http-limits';

const MAX_BODY = 64 * 1024;
let server: http.Server;
let base: string;
const hits = new Map<string, number>();
let endlessBytesSent = 0;
let endlessClosed: Promise<void>;

beforeAll(async () => {
  limitLtijsPlatformCalls({ totalMs: 400, maxBodyBytes: MAX_BODY });
  let closed: () => void = () => undefined;
  endlessClosed = new Promise((resolve) => (closed = resolve));
  server = http.createServer((req, res) => {
    const path = req.url ?? '';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === '/ok') return res.end(JSON.stringify({ members: [{ user_id: '4' }] }));
    if (path === '/fails') return res.writeHead(500).end('no');
    if (path === '/silent') return; // never answers
    if (path === '/trickle') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
      return;
    }
    // /endless: 16 KiB chunks as fast as the socket takes them, until the client goes away.
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    const pump = () => {
      while (!res.destroyed && res.write(chunk)) endlessBytesSent += chunk.length;
    };
    res.on('drain', pump);
    res.on('close', () => closed());
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('ltijs platform calls, limited', () => {
  it('read a normal answer as before', async () => {
    await expect(ltijsHttp.get(`${base}/ok`).json()).resolves.toEqual({ members: [{ user_id: '4' }] });
  });

  it('cancel an endless body once it passes the size limit, and the connection is closed', async () => {
    await expect(ltijsHttp.get(`${base}/endless`).json()).rejects.toThrow(/cancel/i);
    await endlessClosed;
    // What the server could push before the cancel: socket buffers, not gigabytes.
    expect(endlessBytesSent).toBeLessThan(16 * 1024 * 1024);
  });

  it('give up on an answer that never comes, or comes a byte at a time, within the time limit', async () => {
    await expect(ltijsHttp.get(`${base}/silent`)).rejects.toThrow(/Timeout/i);
    await expect(ltijsHttp.post(`${base}/trickle`, { json: {} }).json()).rejects.toThrow(/Timeout/i);
  });

  it('leave retries to their callers: a 500 is asked once', async () => {
    await expect(ltijsHttp.get(`${base}/fails`)).rejects.toThrow(/500/);
    expect(hits.get('/fails')).toBe(1);
  });
});
