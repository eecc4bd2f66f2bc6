/**
 * What the settings page says about the course in the catalogue: the LMS link learned from
 * launches, the badge's paste-in code, and the buy-in (learners who opened the course from the
 * catalogue, and how many of them then started it).
 */
import { badgeSnippet } from '../../catalogue/badge/badge-snippet';
import { formatNumber } from '../../i18n/format';
import { translator } from '../../i18n/translate';
import type { LaunchSession } from '../../storage/port';
import type { PanelDeps } from '../panel-deps';
import { DESCRIPTION_MAX } from './settings-form';

export async function catalogueFacts(deps: PanelDeps, session: LaunchSession) {
  const context = session.context;
  const t = translator(context.locale);
  const [record, buyIn] = await Promise.all([deps.storage.catalogue.findCourse(context.link), deps.storage.catalogue.buyIn(context.link)]);
  const percent = buyIn.opened ? Math.round((buyIn.launched / buyIn.opened) * 100) : 0;
  return {
    descriptionMax: DESCRIPTION_MAX,
    courseUrlHint: record?.lmsUrl ? t('catalogue.settings.courseUrlHint', { url: record.lmsUrl }) : t('catalogue.settings.courseUrlNone'),
    snippet: record ? badgeSnippet({ baseUrl: deps.config.baseUrl, token: record.badgeToken, title: record.title, locale: context.locale }) : null,
    buyIn: buyIn.opened ? t('catalogue.settings.buyIn.figure', { opened: buyIn.opened, launched: buyIn.launched, percent: formatNumber(context.locale, percent) }) : t('catalogue.settings.buyIn.none'),
  };
}
