import type { LaunchContext, PanelId } from '../../context/launch-context';
import { translator } from '../../i18n/translate';
import { knownName } from '../../context/person-name';

/** What the launch page shows: who you are, where you are, and which panel this link opens. */
export interface LaunchPageModel {
  readonly contextTitle: string;
  readonly contextLabel?: string;
  readonly activityTitle: string;
  readonly userName: string;
  readonly roleLabel: string;
  readonly role: LaunchContext['role'];
  readonly platformName?: string;
  readonly panel?: { readonly id: PanelId; readonly title: string; readonly description: string };
}

export function presentLaunchPage(context: LaunchContext, panelId?: PanelId): LaunchPageModel {
  const t = translator(context.locale);
  return {
    contextTitle: context.contextTitle,
    contextLabel: context.contextLabel && context.contextLabel !== context.contextTitle ? context.contextLabel : undefined,
    activityTitle: context.resourceLinkTitle ?? t('launch.noActivity'),
    userName: knownName({ id: context.userId, name: context.userName }) ?? t('launch.nameNotShared'),
    roleLabel: t(`role.${context.role}`),
    role: context.role,
    platformName: context.platformName,
    panel: panelId ? { id: panelId, title: t(`panel.${panelId}`), description: t(`panel.${panelId}.description`) } : undefined,
  };
}
