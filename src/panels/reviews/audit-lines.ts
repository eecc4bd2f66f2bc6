/**
 * The moderation log as readers see it: every line in the reader's language. Actions are stored as
 * codes (ports/audit.ts AUDIT_ACTIONS) and system reasons as a code with parameters, both translated
 * here; a reason a person typed is shown as typed. Rows this version does not know stay readable,
 * and merge reasons written as text before codes existed are read back as their code.
 */
import type { Locale } from '../../context/launch-context';
import { isMessageKey, translator } from '../../i18n/translate';
import type { AuditEntry, SystemReason } from '../../storage/ports/audit';
import { formatDate } from '../../i18n/format';
import { personLabel } from '../person-label';


export interface AuditLine {
  readonly text: string;
  readonly reason?: string;
  readonly isoDate: string;
}

/*
 * Merges logged before reasons had codes stored the text of the merging instructor's language
 * (en: Merged into “…”, fr: Fusionnée dans « … »): read back as the code they stand for.
 */
const LEGACY_MERGE_REASONS = [/^Merged into “(.*)”$/s, /^Fusionnée dans «[\s\u202f\u00a0](.*)[\s\u202f\u00a0]»$/s];

function systemReasonOf(entry: AuditEntry): SystemReason | undefined {
  if (entry.systemReason) return entry.systemReason;
  if (entry.action !== 'idea.merge' || entry.reason === undefined) return undefined;
  for (const pattern of LEGACY_MERGE_REASONS) {
    const title = pattern.exec(entry.reason)?.[1];
    if (title !== undefined) return { code: 'idea.mergedInto', params: { title } };
  }
  return undefined;
}

export function presentAuditLine(entry: AuditEntry, locale: Locale): AuditLine {
  const t = translator(locale);
  const actionKey = `moderation.action.${entry.action}`;
  const action = isMessageKey(actionKey) ? t(actionKey) : t('moderation.action.unknown', { action: entry.action });
  const system = systemReasonOf(entry);
  const reasonKey = system ? `audit.reason.${system.code}` : '';
  const reason = system && isMessageKey(reasonKey) ? t(reasonKey, system.params) : entry.reason;
  return {
    text: t('moderation.logEntry', { date: formatDate(entry.at, locale), actor: personLabel(entry.actor, t), action }),
    ...(reason ? { reason } : {}),
    isoDate: entry.at.toISOString(),
  };
}
