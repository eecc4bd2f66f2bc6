/**
 * Every request line and every error line of the JSON logs names its request (reqId), the same id
 * the response carries in X-Request-Id and an error page shows as its reference: an admin finds the
 * lines of the request a user reports.
 */
import net from 'node:net';
import { Writable } from 'node:stream';
import request from 'supertest';
import { createLogger } from '../../src/http/logger';
import { launch, startHarness, type Harness } from '../support/tool-harness';

type Line = Record<string, unknown>;
const lines: Line[] = [];
const stream = new Writable({
  write(chunk, _encoding, done) {
    for (const text of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(text));
    done();
  },
});

/** The line request-log.ts writes for each request, and the error handler's. */
const isRequestOrErrorLine = (line: Line) => /^request (completed|errored|aborted)$|^request refused: |^unexpected error$/.test(String(line.msg));
const linesOf = (reqId: string) => lines.filter((line) => line.reqId === reqId).map((line) => String(line.msg));

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ logger: createLogger('info', stream) });
});
afterAll(async () => h.close());

it('when requests succeed, are refused or fail, then each of their request and error lines carries their request id', async () => {
  const accepted = await launch(h, { user: 'learner' });
  const refused = await launch(h, { user: 'learner', forge: { iatOffsetSeconds: 3600 } });
  const notFound = await request(h.baseUrl).get('/no/such/page');
  const unreadable = await request(h.baseUrl).post('/lti/launch').set('Content-Type', 'application/json').send('{"id_token": ');
  const original = h.storage.generations.generationOf;
  h.storage.generations.generationOf = async () => {
    throw new Error('store failed while reading');
  };
  let failed;
  try {
    failed = await accepted.browser.get(accepted.url);
  } finally {
    h.storage.generations.generationOf = original;
  }

  const requestLines = lines.filter(isRequestOrErrorLine);
  expect(requestLines.length).toBeGreaterThanOrEqual(10);
  expect(requestLines.filter((line) => typeof line.reqId !== 'string' || line.reqId === '-' || line.reqId === '')).toEqual([]);

  expect(refused.res.status).toBe(401);
  expect(linesOf(refused.res.headers['x-request-id'])).toEqual(['request refused: LAUNCH_IAT_IN_FUTURE', 'request completed']);
  expect(linesOf(notFound.headers['x-request-id'])).toEqual(['request refused: NOT_FOUND', 'request completed']);
  expect(unreadable.status).toBe(400);
  expect(linesOf(unreadable.headers['x-request-id'])).toEqual(['request refused: REQUEST_UNREADABLE', 'request completed']);
  expect(failed.status).toBe(500);
  const failedId = failed.headers['x-request-id'];
  expect(failed.text).toContain(failedId);
  expect(linesOf(failedId)).toEqual(['unexpected error', 'request errored']);
});

it('when a proxy sends a well-formed X-Request-Id, then the logs use it', async () => {
  const res = await request(h.baseUrl).get('/healthz').set('X-Request-Id', 'proxy-id-0123456789');
  expect(res.headers['x-request-id']).toBe('proxy-id-0123456789');
  expect(linesOf('proxy-id-0123456789')).toEqual(['request completed']);
  // The line names the method, the URL and the status sent (request-log.ts).
  const line = lines.find((l) => l.reqId === 'proxy-id-0123456789');
  expect(line).toMatchObject({ req: { method: 'GET', url: '/healthz' }, res: { statusCode: 200 }, responseTime: expect.any(Number) });
});

it('when a client goes away in the middle of its body, then the refusal and the "request aborted" line both name the request', async () => {
  const before = lines.length;
  await new Promise<void>((resolve) => {
    const socket = net.connect(Number(new URL(h.baseUrl).port), '127.0.0.1', () => {
      // Announces 1,000 bytes, sends 8, then hangs up: request-log.ts logs the end from the socket's event.
      socket.write('POST /lti/launch HTTP/1.1\r\nHost: tool\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nstate=ab');
      setTimeout(() => socket.destroy(), 200);
    });
    socket.on('close', () => setTimeout(resolve, 300));
  });
  const written = lines.slice(before);
  const aborted = written.find((line) => line.msg === 'request aborted');
  expect(aborted?.reqId).toEqual(expect.any(String));
  expect(linesOf(String(aborted!.reqId))).toEqual(['request refused: REQUEST_UNREADABLE', 'request aborted']);
});
