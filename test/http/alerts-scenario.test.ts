/**
 * Alerts fire on a scripted scenario through real launches (issue 15, "Done when"): a platform
 * administrator sets the rules and a webhook, an instructor's launch shares their address, six
 * learners rate the course (three 5s, then three 1s); two alert workers on the one store evaluate
 * and send. The webhook receiver on loopback verifies every signature and answers the first call
 * 500: that delivery is retried after its back-off (the workers' clock is moved, not waited for)
 * and succeeds. Each alert reaches the receiver and the SMTP server on loopback exactly once; the
 * alerts show on the course's needs-attention page, and the delivery log on the admin page.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createLogger } from '../../src/http/logger';
import { alertMailer } from '../../src/listening/alerts/alert-settings';
import { AlertWorker } from '../../src/listening/alerts/alert-worker';
import { TEST_ALERT_WORKER_SETTINGS } from '../support/alert-worker-settings';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from '../../src/listening/alerts/webhook-signature';
import { openSession, type PanelSession } from '../support/review-session';
import { launch, startHarness, type Harness } from '../support/tool-harness';
import { instructor, textOf } from './review-loop-helpers';

const SECRET = 'a-long-shared-secret-for-the-receiver';

interface Received {
  readonly body: string;
  readonly timestamp?: string;
  readonly signature?: string;
  readonly status: number;
}

let h: Harness;
let receiver: http.Server;
let receiverUrl = '';
const received: Received[] = [];
let smtp: SMTPServer;
const mails: Array<{ to: string[]; data: string }> = [];

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // The first call fails: the outbox must retry it.
      const status = received.length === 0 ? 500 : 200;
      received.push({ body: Buffer.concat(chunks).toString('utf8'), timestamp: req.headers[TIMESTAMP_HEADER.toLowerCase()] as string, signature: req.headers[SIGNATURE_HEADER.toLowerCase()] as string, status });
      res.writeHead(status).end(status === 200 ? 'ok' : 'boom');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/alerts`;

  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  h = await startHarness({ env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, SMTP_FROM: 'Learner Voice <voice@example.edu>' } });
});

afterAll(async () => {
  await h.close();
  await new Promise((resolve) => receiver.close(resolve));
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const course = () => ({ issuer: h.platform.issuer, clientId: h.platform.clientId, deploymentId: h.platform.deploymentId, contextId: h.platform.course.id });

describe('alerts on a scripted scenario', () => {
  let admin: PanelSession;
  let teacher: PanelSession;

  it('only platform administrators reach the alerts page; a refused rules form keeps what was typed, with the message at the field', async () => {
    admin = await openAdmin();
    const page = await admin.get('/listening/alerts');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Alerts: rules and where they go');

    const learner = await openSession(h, {});
    expect((await learner.get('/listening/alerts')).status).toBe(403);
    teacher = await instructor(h);
    const refused = await teacher.get('/listening/alerts');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('FORBIDDEN_PLATFORM_ADMIN');

    const bad = await admin.post('/listening/alerts/rules', { ...rulesForm(), averageDropRatings: 'lots' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Enter a number from 3 to 100.');
    expect(bad.text).toMatch(/id="rule-averageDropRatings" name="averageDropRatings" value="lots"[^>]*aria-invalid="true"/);
    const badHook = await admin.post('/listening/alerts/webhook', { url: 'ftp://example.org/x', secret: 'short' });
    expect(badHook.status).toBe(422);
    expect(badHook.text).toContain('Enter a web address starting with https://.');
    expect(badHook.text).toContain('The secret must have at least 16 characters.');
    // Without the session's CSRF token, nothing changes.
    expect((await admin.browser.post(`${admin.base}/listening/alerts/rules`, rulesForm())).status).toBe(403);

    expect((await admin.post('/listening/alerts/rules', rulesForm())).status).toBe(303);
    expect((await admin.post('/listening/alerts/webhook', { url: receiverUrl, secret: SECRET })).status).toBe(303);
    const saved = await admin.get('/listening/alerts?done=webhook');
    expect(saved.text).toContain('The webhook is saved.');
    expect(saved.text).not.toContain(SECRET);
    // Sealed in the store (webhook-secret.ts): a copy of the database does not give the secret away.
    const stored = await h.storage.alerts.webhookForSending({ issuer: h.platform.issuer, clientId: h.platform.clientId });
    expect(stored?.secret).toMatch(/^lv1:/);
    expect(stored?.secret).not.toContain(SECRET);
  });

  it('fires once per condition across two workers, signs every call, retries the refused one after its back-off, and e-mails each staff address once', async () => {
    // The staff's launches shared their addresses (kept for the course's alert e-mails): the teacher's, and the
    // site administrator's, who launched in the course and acts there as an instructor.
    const addresses = [h.platform.users.admin.email, h.platform.users.instructor.email].sort();
    expect(await h.storage.alerts.instructorEmails(course())).toEqual(addresses);
    // Each address keeps the language of the launch that shared it, for the e-mails written to it.
    expect(await h.storage.alerts.mailLocale(course(), h.platform.users.instructor.email!)).toBe('en');
    for (const rating of ['5', '5', '5', '1', '1', '1']) {
      const learner = await openSession(h, {});
      expect((await learner.post('/reviews', { rating, title: rating === '1' ? 'Confusing and far too fast' : 'Great course' })).status).toBe(303);
    }

    let offsetMs = 0;
    const now = () => new Date(Date.now() + offsetMs);
    const worker = () => new AlertWorker({ storage: h.storage, settings: SETTINGS, logger: createLogger('silent'), mailer: alertMailer(h.config.alerts), ltiKey: h.config.ltiKey, now });
    const [a, b] = [worker(), worker()];
    await Promise.all([a.runOnce(), b.runOnce()]);

    const alerts = await h.storage.alerts.listAlerts({ kind: 'course', course: course() }, 10);
    expect(alerts.map((x) => x.kind).sort()).toEqual(['average-drop', 'low-spike']);
    expect(alerts.find((x) => x.kind === 'average-drop')!.facts).toMatchObject({ before: 5, after: 1 });
    expect(received.map((r) => r.status)).toEqual([500, 200]);

    // Not yet due: the refused call waits for its back-off.
    await Promise.all([a.runOnce(), b.runOnce()]);
    expect(received).toHaveLength(2);
    offsetMs = SETTINGS.retryFirstMs + 1;
    await Promise.all([a.runOnce(), b.runOnce()]);
    expect(received.map((r) => r.status)).toEqual([500, 200, 200]);
    offsetMs += 60_000;
    await Promise.all([a.runOnce(), b.runOnce()]);
    expect(received).toHaveLength(3);

    for (const call of received) {
      expect(verifyWebhook(SECRET, call.body, call.timestamp, call.signature, now())).toBe(true);
      expect(verifyWebhook(SECRET, call.body.replace('"kind"', '"kinD"'), call.timestamp, call.signature, now())).toBe(false);
      expect(verifyWebhook('another-secret-of-enough-length', call.body, call.timestamp, call.signature, now())).toBe(false);
    }
    const payloads = received.map((r) => JSON.parse(r.body) as { text: string; blocks: unknown[]; alert: { id: string; kind: string } });
    expect(payloads[0]!.alert.id).toBe(payloads[2]!.alert.id);
    expect(new Set(payloads.map((p) => p.alert.id))).toEqual(new Set(alerts.map((x) => x.id)));
    expect(payloads.find((p) => p.alert.kind === 'average-drop')!.text).toMatch(/^\[.+\] Average rating dropped: The last 3 ratings average 1\.0, against 5\.0 for the 3 before\.$/);
    expect(payloads[0]!.blocks).toHaveLength(2);
    // The replay window: the same call a quarter of an hour later is refused.
    expect(verifyWebhook(SECRET, received[0]!.body, received[0]!.timestamp, received[0]!.signature, new Date(now().getTime() + 15 * 60_000))).toBe(false);

    // One e-mail per alert and address.
    expect(mails.map((m) => m.to.join()).sort()).toEqual([...addresses, ...addresses].sort());
    const subjects = mails.map((m) => /^Subject: (.*)$/m.exec(m.data)?.[1] ?? '');
    expect(subjects.filter((x) => x.startsWith('Average rating dropped: '))).toHaveLength(2);
    expect(subjects.filter((x) => x.startsWith('More low ratings: '))).toHaveLength(2);
    expect(await h.storage.alerts.countPendingDeliveries()).toBe(0);

    const log = await h.storage.alerts.deliveryLog({ issuer: h.platform.issuer, clientId: h.platform.clientId }, 20);
    expect(log.map((l) => [l.channel, l.outcome, l.status ?? null]).sort()).toEqual(
      [...Array(4).fill(['email', 'delivered', null]), ['webhook', 'delivered', 200], ['webhook', 'delivered', 200], ['webhook', 'retry', 500]].sort(),
    );
    await Promise.all([a.stop(), b.stop()]);
  });

  it('shows the alerts on the course’s needs-attention page, linked to their reviews, and lets the instructor acknowledge one', async () => {
    const page = await teacher.get('/reviews/loop');
    expect(page.status).toBe(200);
    const text = textOf(page.text);
    expect(text).toContain('Average rating dropped');
    expect(text).toContain('3 reviews of 1 or 2 stars in the last 7 days');
    expect(page.text).toMatch(/href="\/s\/[^"]+\/reviews\/loop\?review=[^"]+">review 1</);
    const id = /id="alert-([0-9a-f-]+)" data-kind="low-spike"/.exec(page.text)![1]!;
    const done = await teacher.post(`/listening/alerts/${id}/acknowledge`, { back: 'loop' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toMatch(/\/reviews\/loop#alerts-heading$/);
    expect((await h.storage.alerts.findAlert({ kind: 'course', course: course() }, id))!.state).toBe('acknowledged');
    // Another platform's instructor cannot reach it.
    const other = await h.addPlatform('other-lms');
    const stranger = await openSession(h, 'instructor', { platform: other });
    expect((await stranger.post(`/listening/alerts/${id}/acknowledge`, {})).status).toBe(404);

    const adminPage = textOf((await admin.get('/listening/alerts')).text);
    expect(adminPage).toContain('Delivery log');
    expect(adminPage).toMatch(/Webhook 1 500 Failed, will retry HTTP 500/);
    expect(adminPage).toContain('Acknowledged');
  });

  it('keeps the language of the launch that shared an address: an instructor launching in French gets French alert e-mails', async () => {
    const email = h.platform.users.instructor.email!;
    const { res } = await launch(h, { user: 'instructor', locale: 'fr-FR' });
    expect(res.status).toBe(200);
    expect(await h.storage.alerts.mailLocale(course(), email)).toBe('fr');
  });
});

const SETTINGS = TEST_ALERT_WORKER_SETTINGS;

function rulesForm(): Record<string, string> {
  return {
    averageDropEnabled: 'on', averageDropRatings: '3', averageDropDrop: '1',
    lowSpikeEnabled: 'on', lowSpikeDays: '7', lowSpikeMinCount: '3', lowSpikeFactor: '2',
    unansweredLowEnabled: 'on', unansweredLowDays: '3',
    topicNegativeDays: '30', topicNegativeMinMentions: '3', topicNegativeRise: '25',
    negativeMentionEnabled: 'on',
  };
}

/** The site administrator's session (openSession builds learners and instructors only). */
async function openAdmin(): Promise<PanelSession> {
  const { res, url, browser } = await launch(h, { user: 'admin' });
  if (res.status !== 200) throw new Error(`admin launch failed: ${res.status}`);
  const base = /^(.*\/s\/[A-Za-z0-9_-]+)/.exec(url)![1]!;
  const csrf = /name="csrf-token" content="([^"]+)"/.exec((await browser.get(`${base}/listening/alerts`)).text)?.[1] ?? '';
  return {
    browser,
    base,
    sub: h.platform.users.admin.sub,
    get: (path: string) => browser.get(`${base}${path}`),
    post: (path: string, fields: Record<string, string | string[]>) => browser.post(`${base}${path}`, { _csrf: csrf, ...fields }),
  };
}
