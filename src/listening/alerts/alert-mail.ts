/**
 * Alert e-mails through the SMTP server of SMTP_URL, with nodemailer (the maintained SMTP client of
 * Node: TLS, STARTTLS, authentication, pooled connections and header encoding done right, which a
 * hand-written client would get wrong). Plain text only: the sentence, the course and where to look,
 * in the recipient's language (alert-worker.ts mailLocaleOf; the French texts follow French
 * typography, a narrow no-break space before the colon, and Intl writes decimal commas). Time
 * limits on connecting, on every exchange and on the whole send, so an SMTP server that hangs or
 * trickles never holds a claim past its lease.
 */
import type { Transporter } from 'nodemailer';
import type { Locale } from '../../context/launch-context';
import { withTimeLimit } from '../../background/time-limit';
import { translate } from '../../i18n/translate';
import type { Alert } from '../../storage/ports/alerts';
import { alertKindLabel, alertSentence } from './alert-text';

export interface AlertMailer {
  send(to: string, alert: Alert, courseTitle: string, locale: Locale): Promise<void>;
  close(): void;
}

/**
 * nodemailer is loaded with the first e-mail, not at start: most tools never send one between two
 * restarts, and its modules would sit in every process's memory for nothing (issue 14).
 */
export function smtpMailer(smtpUrl: string, from: string, timeoutMs: number): AlertMailer {
  let transport: Promise<Transporter> | undefined;
  const transportOf = () => (transport ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(smtpUrl, { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs })));
  return {
    async send(to, alert, courseTitle, locale) {
      const title = courseTitle || alert.course.contextId;
      const mailer = await transportOf();
      const sending = mailer.sendMail({
        from,
        to,
        subject: translate(locale, 'alerts.mail.subject', { kind: alertKindLabel(alert, locale), course: title }),
        text: [alertSentence(alert, locale), '', translate(locale, 'alerts.mail.where', { course: title })].join('\n'),
      });
      // nodemailer's limits count idle time only: a server that answers a byte every few seconds is
      // never idle long enough, and nodemailer offers no way to abort a send. The whole send gets twice
      // the exchange limit; past it the delivery fails (and is retried) and the worker goes on, so one
      // slow server cannot hold every alert. Its connection ends when that server stops or goes idle.
      const seconds = (2 * timeoutMs) / 1000;
      await withTimeLimit(sending, 2 * timeoutMs, `the SMTP server did not take the message within ${seconds} s`);
    },
    close: () => void transport?.then((t) => t.close(), () => undefined),
  };
}
