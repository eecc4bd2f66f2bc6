/**
 * The process survives a dependency's bug, and logs never carry a session id, an LTI hint or a user id.
 */
import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { catchAsyncLayers } from '../../src/http/catch-async-layers';
import { createLogger, maskUrl, shortHash } from '../../src/http/logger';
import { requestScope } from '../../src/http/request-scope';
import { guardProcess } from '../../src/process-guards';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('a dependency handler that rejects', () => {
  it('when an async handler of a dependency app rejects, then the request gets the error handler instead of hanging', async () => {
    const dependency = express();
    dependency.get('/boom', async () => {
      throw new Error('bug inside the dependency');
    });
    catchAsyncLayers(dependency);
    const app = express();
    app.use(dependency);
    app.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => res.status(500).send(`handled: ${err.message}`));
    const res = await request(app).get('/boom').timeout(2000);
    expect(res.status).toBe(500);
    expect(res.text).toBe('handled: bug inside the dependency');
  });

  it('keeps error handlers recognisable by their four arguments', () => {
    const app = express();
    app.use((_err: unknown, _req: express.Request, _res: express.Response, _next: express.NextFunction) => undefined);
    catchAsyncLayers(app);
    const stack = (app as unknown as { _router: { stack: { handle: { length: number } }[] } })._router.stack;
    expect(stack[stack.length - 1].handle.length).toBe(4);
  });
});

describe('process guards', () => {
  it('when a promise rejects unhandled during a request, then it is logged with that request and the process goes on', async () => {
    const { lines, logger } = capture();
    const exits: number[] = [];
    const release = guardProcess(logger, (code) => exits.push(code));
    try {
      const app = express();
      app.use(requestScope(maskUrl));
      app.get('/s/:sid/x', (_req, res) => {
        process.emit('unhandledRejection', new Error('lost promise'), Promise.resolve());
        res.send('ok');
      });
      const res = await request(app).get('/s/secret-session-id-123456/x');
      expect(res.status).toBe(200);
      const line = lines.find((l) => l.msg === 'unhandled promise rejection (process continues)');
      expect(line).toBeDefined();
      expect(line!.request).toMatchObject({ id: res.headers['x-request-id'], method: 'GET', url: '/s/[session]/x' });
      expect(line!.reqId).toBe(res.headers['x-request-id']);
      expect(exits).toEqual([]);
    } finally {
      release();
    }
  });

  it('when an exception is uncaught, then it is logged as fatal and the process exits with 1 for the supervisor to restart it', () => {
    const { lines, logger } = capture();
    const exits: number[] = [];
    const release = guardProcess(logger, (code) => exits.push(code));
    try {
      process.emit('uncaughtException', new Error('corrupted state'));
      expect(exits).toEqual([1]);
      expect(lines.some((l) => l.level === 60 && String(l.msg).includes('uncaught exception'))).toBe(true);
    } finally {
      release();
    }
  });
});

describe('log masking', () => {
  it.each([
    ['/s/AbCdEf0123456789abcdef/reviews', '/s/[session]/reviews'],
    ['/s/Ab%2FCd%20Ef/reviews?done=posted', '/s/[session]/reviews?done=posted'],
    ['/s/%E2%80%AEevil', '/s/[session]'],
    ['/lti/login?iss=x&login_hint=42&lti_message_hint=secret', '/lti/login?[query dropped]'],
    ['/lti/register?openid_configuration=u&registration_token=bearer', '/lti/register?[query dropped]'],
    ['/lti/keys', '/lti/keys'],
    ['/badge/AbCdEf0123456789abcdefgh.svg?lang=fr', '/badge/[token].svg?lang=fr'],
    ['/badge/AbCdEf0123456789abcdefgh', '/badge/[token]'],
  ])('masks %s as %s', (url, masked) => {
    expect(maskUrl(url)).toBe(masked);
  });

  it('when a log line carries an LTI user id or a hint, then only a short hash of it is written', () => {
    const { lines, logger } = capture();
    logger.warn({ detail: { sub: 'moodle-user-6', iss: 'https://lms' }, userId: 'moodle-user-6', login_hint: '6', url: '/s/sessionid123/x' }, 'refused');
    const [line] = lines;
    const text = JSON.stringify(line);
    expect(text).not.toContain('moodle-user-6');
    expect((line.detail as Record<string, unknown>).sub).toBe(shortHash('moodle-user-6'));
    expect(line.userId).toBe(shortHash('moodle-user-6'));
    expect(line.login_hint).toBe(shortHash('6'));
    expect(line.url).toBe('/s/[session]/x');
    expect((line.detail as Record<string, unknown>).iss).toBe('https://lms');
  });
});
