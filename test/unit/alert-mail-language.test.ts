/**
 * Alert e-mails in their recipient's language, through nodemailer to an SMTP server on loopback (as
 * test/http/alerts-scenario.test.ts): the language kept with each instructor's address, French
 * typography (a narrow no-break space before the colon, a decimal comma), English otherwise.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createLogger } from '../../src/http/logger';
import { smtpMailer } from '../../src/listening/alerts/alert-mail';
import { AlertWorker } from '../../src/listening/alerts/alert-worker';
import { TEST_ALERT_WORKER_SETTINGS } from '../support/alert-worker-settings';
import type { Storage } from '../../src/storage/port';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';

const COURSE = { issuer: 'https://lms.example.edu', clientId: 'client-1', deploymentId: 'dep-1', contextId: 'course-42' };
const NOW = new Date('2031-03-02T09:00:00Z');
const SETTINGS = TEST_ALERT_WORKER_SETTINGS;

interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** The header or body of a message as its reader sees it: RFC 2047 words and quoted-printable or base64 undone. */
function readMail(to: string, raw: string): Mail {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = head.replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(headers)?.[1] ?? '';
  const words = (value: string) =>
    value.replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_w, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : quotedPrintable(text.replace(/_/g, ' ')),
    );
  const body = rest.join('\n\n');
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text = encoding === 'base64' ? Buffer.from(body, 'base64').toString('utf8') : encoding === 'quoted-printable' ? quotedPrintable(body.replace(/=\r?\n/g, '')) : body;
  return { to, subject: words(header('Subject')).trim(), text: text.replace(/\r\n/g, '\n').trim() };
}

function quotedPrintable(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

let smtp: SMTPServer;
let smtpUrl = '';
const mails: Mail[] = [];
let storage: Storage;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
      stream.on('end', () => {
        for (const r of session.envelope.rcptTo) mails.push(readMail(r.address, data));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  storage = openSqliteStorage({ file: ':memory:' });
});

afterAll(async () => {
  await storage.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

it('writes each instructor’s alert e-mail in the language of their launch: one in French, one in English', async () => {
  await storage.catalogue.recordCourse(COURSE, { title: 'Sécurité incendie' }, 'badge-token-mail-language-xxxx', NOW);
  await storage.alerts.rememberInstructorEmail(COURSE, 'prof-1', 'prof@example.fr', NOW, 'fr');
  await storage.alerts.rememberInstructorEmail(COURSE, 'teacher-1', 'teacher@example.edu', NOW, 'en');
  await storage.alerts.raise(
    { kind: 'average-drop', course: COURSE, dedupeKey: 'mail-language', reviewIds: [], facts: { ratings: 10, before: 4.5, after: 3.25, drop: 1.25 }, raisedAt: NOW },
    { webhook: false, emails: await storage.alerts.instructorEmails(COURSE) },
  );
  const worker = new AlertWorker({ storage, settings: SETTINGS, logger: createLogger('silent'), mailer: smtpMailer(smtpUrl, 'Learner Voice <voice@example.edu>', 5_000), ltiKey: 'test-lti-key-for-the-alert-worker-0001', now: () => NOW });
  expect(await worker.runOnce()).toBe(2);
  await worker.stop();

  const french = mails.find((m) => m.to === 'prof@example.fr')!;
  expect(french.subject).toBe('La note moyenne baisse\u202f: Sécurité incendie');
  expect(french.text).toBe(
    'Les 10 dernières notes ont une moyenne de 3,3, contre 4,5 pour les 10 précédentes.\n\n' +
      'Ouvrez Learner Voice dans le cours «\u202fSécurité incendie\u202f» pour voir les avis concernés (à traiter).',
  );
  const english = mails.find((m) => m.to === 'teacher@example.edu')!;
  expect(english.subject).toBe('Average rating dropped: Sécurité incendie');
  expect(english.text).toBe('The last 10 ratings average 3.3, against 4.5 for the 10 before.\n\nOpen Learner Voice in the course “Sécurité incendie” to see the reviews behind it (needs attention).');
  expect(mails).toHaveLength(2);
});
