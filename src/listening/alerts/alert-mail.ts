/**
 * Alert e-mails through the SMTP server of SMTP_URL, with nodemailer (the maintained SMTP client of
 * Node: TLS, STARTTLS, authentication, pooled connections and header encoding done right, which a
 * hand-written client would get wrong). Plain text only: the sentence, the course and where to look,
 * in the recipient's language (alert-worker.ts mailLocaleOf; the French texts follow French
 * typography, a narrow no-break space before the colon, and Intl writes decimal commas). Time
 * limits on connecting and on every exchange, so an SMTP server that hangs never holds a claim past
 * its lease.
 */
import type { Transporter } from 'nodemailer';
import type { Locale } from '../../context/launch-context';
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
      await (await transportOf()).sendMail({
        from,
        to,
        subject: translate(locale, 'alerts.mail.subject', { kind: alertKindLabel(alert, locale), course: title }),
        text: [alertSentence(alert, locale), '', translate(locale, 'alerts.mail.where', { course: title })].join('\n'),
      });
    },
    close: () => void transport?.then((t) => t.close(), () => undefined),
  };
}
