/**
 * The pieces of alert delivery alone: a webhook call's safety (address rule, no redirect to another
 * origin, time limit, a huge answer cut at the cap), the signature a receiver checks, the back-off,
 * and raiseMentionAlert as the mention worker calls it (on an in-memory store).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { alertRetryDelayMs } from '../../src/listening/alerts/alert-worker';
import { raiseMentionAlert } from '../../src/listening/alerts/raise-alert';
import { sendWebhook, type WebhookLimits } from '../../src/listening/alerts/webhook-send';
import { signWebhook, verifyWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../src/listening/alerts/webhook-signature';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';

let server: http.Server;
let base = '';
const hits: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/ok') return void res.writeHead(204).end();
    if (req.url === '/same-origin') return void res.writeHead(307, { location: '/ok' }).end();
    if (req.url === '/elsewhere') return void res.writeHead(307, { location: 'http://localhost:1/steal' }).end();
    if (req.url === '/see-other') return void res.writeHead(303, { location: '/ok' }).end();
    if (req.url === '/slow') return void setTimeout(() => res.writeHead(200).end(), 2_000);
    if (req.url === '/huge') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 97);
      let sent = 0;
      const pump = () => {
        while (sent < 200 && res.write(chunk)) sent++;
        if (sent < 200) res.once('drain', pump);
        else res.end();
      };
      return void pump();
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const open: WebhookLimits = { timeoutMs: 500, policy: { allowHttp: true, allowPrivateAddresses: true } };
const NOW = new Date('2031-01-01T00:00:00Z');
const send = (path: string, limits = open) => sendWebhook(`${base}${path}`, 'a-secret-of-some-length', '{"text":"x"}', NOW, limits);

describe('a webhook call', () => {
  it('succeeds on 2xx and follows a 307 on the same origin', async () => {
    expect(await send('/ok')).toEqual({ ok: true, status: 204 });
    expect(await send('/same-origin')).toEqual({ ok: true, status: 204 });
  });

  it('never follows a redirect to another origin, nor one that would turn the POST into a GET', async () => {
    hits.length = 0;
    expect(await send('/elsewhere')).toEqual({ ok: false, status: 307, error: 'redirect not followed' });
    expect(await send('/see-other')).toEqual({ ok: false, status: 303, error: 'HTTP 303' });
    expect(hits).toEqual(['/elsewhere', '/see-other']);
  });

  it('gives up after its time limit, and reads a huge answer no further than the cap', async () => {
    expect(await send('/slow')).toEqual({ ok: false, error: 'no answer within 500 ms' });
    const started = Date.now();
    expect(await send('/huge', { ...open, timeoutMs: 3_000 })).toEqual({ ok: true, status: 200 });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('refuses http, private addresses and other schemes where the policy says so, before any request', async () => {
    hits.length = 0;
    expect(await send('/ok', { timeoutMs: 500, policy: { allowHttp: false, allowPrivateAddresses: true } })).toMatchObject({ ok: false, error: expect.stringMatching(/http/) });
    expect(await send('/ok', { timeoutMs: 500, policy: { allowHttp: true, allowPrivateAddresses: false } })).toMatchObject({ ok: false, error: expect.stringMatching(/public/) });
    expect(await sendWebhook('file:///etc/passwd', 's', '{}', NOW, open)).toMatchObject({ ok: false });
    expect(await sendWebhook('not a url', 's', '{}', NOW, open)).toMatchObject({ ok: false });
    expect(hits).toEqual([]);
  });
});

describe('the signature', () => {
  it('verifies the exact body and timestamp within the replay window only', () => {
    const headers = signWebhook('shared-secret-0123456789', '{"a":1}', NOW);
    expect(headers[TIMESTAMP_HEADER]).toBe(String(NOW.getTime() / 1000));
    const check = (body: string, at: Date, signature = headers[SIGNATURE_HEADER]) => verifyWebhook('shared-secret-0123456789', body, headers[TIMESTAMP_HEADER], signature, at);
    expect(check('{"a":1}', NOW)).toBe(true);
    expect(check('{"a":2}', NOW)).toBe(false);
    expect(check('{"a":1}', new Date(NOW.getTime() + 301_000))).toBe(false);
    expect(check('{"a":1}', NOW, 'v1=00')).toBe(false);
    expect(check('{"a":1}', NOW, 'nonsense')).toBe(false);
  });
});

describe('the back-off', () => {
  it('doubles from the first delay and stops growing at the cap', () => {
    expect([1, 2, 3, 4, 10, 100].map((n) => alertRetryDelayMs(n, 30_000, 3_600_000))).toEqual([30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000]);
  });
});

describe('raiseMentionAlert (called by the mention worker)', () => {
  it('raises one alert per negative mention, with a webhook delivery when the platform has one, and none for a positive one', async () => {
    const storage = openSqliteStorage({ file: ':memory:' });
    const course = { issuer: 'https://lms.example', clientId: 'c1', deploymentId: 'd1', contextId: 'course-1' };
    await storage.alerts.saveWebhook(course, 'https://hooks.example/x', 'a-secret-of-some-length', NOW);
    const nudges: number[] = [];
    const deps = { alerts: storage.alerts, mailEnabled: false, now: () => NOW, nudge: () => nudges.push(1) };
    const mention = { course, mentionId: 'm-1', url: 'https://forum.example/t/1', title: 'Feedback', text: 'The training was terrible and a waste of time.', at: NOW };

    const alert = await raiseMentionAlert(deps, mention);
    expect(alert).toMatchObject({ kind: 'negative-mention', course, facts: { url: 'https://forum.example/t/1' } });
    expect(await raiseMentionAlert(deps, mention)).toBeNull();
    expect(await raiseMentionAlert(deps, { ...mention, mentionId: 'm-2', text: 'A wonderful, excellent and useful training.' })).toBeNull();
    expect(await storage.alerts.countPendingDeliveries()).toBe(1);
    expect(nudges).toHaveLength(1);

    await storage.alerts.saveRules(course, { ...(await import('../../src/listening/alerts/alert-rules')).DEFAULT_ALERT_RULES, negativeMention: { enabled: false } }, NOW);
    expect(await raiseMentionAlert(deps, { ...mention, mentionId: 'm-3' })).toBeNull();
    await storage.close();
  });
});

describe('the webhook payload', () => {
  it('escapes what Slack would read as a mention or a link, and carries the machine-readable alert', async () => {
    const { webhookPayload } = await import('../../src/listening/alerts/webhook-payload');
    const alert = {
      id: 'a-1', kind: 'negative-mention' as const, dedupeKey: 'k', state: 'open' as const, reviewIds: [], raisedAt: NOW,
      course: { issuer: 'https://lms.example', clientId: 'c1', deploymentId: 'd1', contextId: 'course-1' },
      facts: { title: 'Bad <b>course</b> & co', url: 'https://forum.example/t/1' },
    };
    const payload = webhookPayload(alert, '<!channel> Data & AI');
    expect(payload.text).toBe('[&lt;!channel&gt; Data &amp; AI] Negative mention: A negative post outside the LMS: “Bad &lt;b&gt;course&lt;/b&gt; &amp; co”.');
    expect(JSON.stringify(payload.blocks)).not.toMatch(/<!channel>|<b>/);
    expect(payload.alert).toMatchObject({ id: 'a-1', kind: 'negative-mention', raisedAt: NOW.toISOString(), course: { contextId: 'course-1', title: '<!channel> Data & AI' } });
  });
});
