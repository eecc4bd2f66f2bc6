/**
 * nodemailer is loaded with the first alert e-mail, not when the tool starts (issue 14: its modules
 * would sit in every process's memory for nothing), and once only.
 */
import type { Alert } from '../../src/storage/ports/alerts';

it('loads nodemailer at the first e-mail, once, and closes the transport it made', async () => {
  let loads = 0;
  const sent: unknown[] = [];
  const close = jest.fn();
  jest.doMock('nodemailer', () => {
    loads++;
    return { __esModule: true, default: { createTransport: () => ({ sendMail: async (mail: unknown) => void sent.push(mail), close }) } };
  });
  const { smtpMailer } = await import('../../src/listening/alerts/alert-mail');
  const mailer = smtpMailer('smtp://127.0.0.1:2525', 'alerts@example.edu', 5_000);
  expect(loads).toBe(0);
  const alert = { id: 'a1', kind: 'negative-mention', course: { issuer: 'i', clientId: 'c', deploymentId: 'd', contextId: 'k1' }, reviewIds: [], facts: { mentionTitle: 'Slow', feedTitle: 'Forum' }, raisedAt: new Date('2026-12-07T10:00:00Z'), state: 'open' } as unknown as Alert;
  await mailer.send('teacher@example.edu', alert, 'Agile basics', 'en');
  await mailer.send('other@example.edu', alert, 'Agile basics', 'fr');
  expect(loads).toBe(1);
  expect(sent).toHaveLength(2);
  mailer.close();
  await new Promise((resolve) => setImmediate(resolve));
  expect(close).toHaveBeenCalledTimes(1);
});
