/**
 * The moderation log as readers see it: every line in the reader's language. Actions are stored as
 * codes (ports/audit.ts AUDIT_ACTIONS) and system reasons as a code with parameters, both translated
 * here; a reason a person typed is shown as typed. Rows this version does not know stay readable.
 */
import type { Locale } from '../../context/launch-context';
import { isMessageKey, translator } from '../../i18n/translate';
import type { AuditEntry } from '../../storage/ports/audit';
import { formatDate } from './review-card';

export interface AuditLine {
  readonly text: string;
  readonly reason?: string;
  readonly isoDate: string;
}

export function presentAuditLine(entry: AuditEntry, locale: Locale): AuditLine {
  const t = translator(locale);
  const actionKey = `moderation.action.${entry.action}`;
  const action = isMessageKey(actionKey) ? t(actionKey) : t('moderation.action.unknown', { action: entry.action });
  const reasonKey = entry.systemReason ? `audit.reason.${entry.systemReason.code}` : '';
  const reason = entry.systemReason && isMessageKey(reasonKey) ? t(reasonKey, entry.systemReason.params) : entry.reason;
  return {
    text: t('moderation.logEntry', { date: formatDate(entry.at, locale), actor: entry.actor.name, action }),
    ...(reason ? { reason } : {}),
    isoDate: entry.at.toISOString(),
  };
}
