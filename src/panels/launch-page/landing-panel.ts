/**
 * Where a session lands: the deep-linked panel if the link names one the course has on, otherwise
 * the first panel the course has switched on (staff always have every panel), or null for the
 * welcome page (a learner in a course where every panel is off). The catalogue is the platform's,
 * not the course's: no course setting switches it off.
 *
 * Decided once here for the launch, which redirects straight to the panel (a round trip less per
 * launch), and for GET /s/:sid/ (links back to the session's start).
 */
import type { LaunchContext, PanelId } from '../../context/launch-context';
import type { Storage } from '../../storage/port';
import { courseSettings } from '../settings/settings-defaults';

export async function landingPanel(storage: Pick<Storage, 'settings'>, context: LaunchContext): Promise<PanelId | null> {
  if (context.panel === 'catalogue') return 'catalogue';
  const settings = await courseSettings(storage.settings, context.link);
  const staff = context.role === 'instructor';
  const enabled: PanelId[] = [];
  if (settings.reviewsEnabled || staff) enabled.push('reviews');
  if (settings.consumerGroupEnabled || staff) enabled.push('consumer-group');
  if (settings.contributionsEnabled || staff) enabled.push('contributions');
  return context.panel && enabled.includes(context.panel) ? context.panel : (enabled[0] ?? null);
}
