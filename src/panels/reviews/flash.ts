import type { Locale } from '../../context/launch-context';
import { translator } from '../../i18n/translate';
import type { MessageKey } from '../../i18n/en';

/** Short confirmations shown after a redirect (?done=…), never echoing user input. */
export const FLASHES = {
  posted: { key: 'reviews.flash.posted', tone: 'ok' },
  held: { key: 'reviews.flash.held', tone: 'warn' },
  stillHidden: { key: 'reviews.flash.stillHidden', tone: 'warn' },
  deleted: { key: 'reviews.flash.deleted', tone: 'ok' },
  reported: { key: 'reviews.flash.reported', tone: 'ok' },
  moderated: { key: 'reviews.flash.moderated', tone: 'ok' },
  saved: { key: 'settings.flash.saved', tone: 'ok' },
  savedCredited: { key: 'loop.credit.flash.backfilled', tone: 'ok' },
  responded: { key: 'loop.flash.responded', tone: 'ok' },
  responseRemoved: { key: 'loop.flash.responseRemoved', tone: 'ok' },
  actionCreated: { key: 'loop.flash.actionCreated', tone: 'ok' },
  actionUpdated: { key: 'loop.flash.actionUpdated', tone: 'ok' },
  versionCreated: { key: 'loop.flash.versionCreated', tone: 'ok' },
  invitePostponed: { key: 'loop.invite.postponed', tone: 'ok' },
  inviteDismissed: { key: 'loop.invite.dismissed', tone: 'ok' },
} as const satisfies Record<string, { key: MessageKey; tone: 'ok' | 'warn' }>;

export function flashFrom(done: unknown, locale: Locale): { text: string; tone: 'ok' | 'warn' } | undefined {
  // Own keys only: ?done=__proto__ or ?done=toString must not reach Object.prototype.
  const flash = typeof done === 'string' && Object.hasOwn(FLASHES, done) ? FLASHES[done as keyof typeof FLASHES] : undefined;
  return flash ? { text: translator(locale)(flash.key), tone: flash.tone } : undefined;
}
