/**
 * What the platform's pages share: who is looking (the "View the course as" choice), the launch
 * buttons that post to the page-launch endpoint inside the tool frame, and the tool origins the
 * pages' scripts answer.
 */
import type { PlatformCore } from './core';
import { escapeHtml, hiddenInputs } from './html';
import { USER_KEYS } from './users';
import type { UserKey } from './types';

export const USER_LABELS: Record<UserKey, string> = {
  learner: 'learner',
  instructor: 'instructor',
  admin: 'site administrator',
  teachingAssistant: 'teaching assistant',
  frenchLearner: 'learner, French',
};

export function viewerKey(value: unknown): UserKey {
  return typeof value === 'string' && (USER_KEYS as string[]).includes(value) ? (value as UserKey) : 'instructor';
}

export function launchButton(core: PlatformCore, label: string, fields: Record<string, string>, options: { secondary?: boolean; id?: string } = {}): string {
  const id = options.id ? ` id="${escapeHtml(options.id)}"` : '';
  const secondary = options.secondary ?? false;
  return `<form class="inline"${id} method="post" action="${escapeHtml(core.urls.courseLaunch)}" target="tool">
${hiddenInputs(fields)}
<button type="submit"${secondary ? ' class="secondary"' : ''}>${escapeHtml(label)}</button>
</form>`;
}

/** The "View the course as" choices, the viewer selected. */
export function viewerOptions(core: PlatformCore, viewer: UserKey): string {
  const { users } = core.config;
  return USER_KEYS.map(
    (key) =>
      `<option value="${escapeHtml(key)}"${key === viewer ? ' selected' : ''}>${escapeHtml(`${users[key].name} (${USER_LABELS[key]})`)}</option>`,
  ).join('');
}

/**
 * The origins whose messages the platform-storage handlers answer: the registered tools' launch
 * origins (LTI Platform Storage: data is kept per sending origin, and only a launched tool's frame
 * may use it). Messages from any other origin, or from an opaque ("null") one, are ignored.
 */
export function toolOrigins(core: PlatformCore): string[] {
  const urls = [core.config.tool.launchUrl, core.config.tool.loginUrl, ...[...core.registrations.values()].flatMap((r) => [r.loginUrl, ...r.redirectUris])];
  const origins = new Set<string>();
  for (const url of urls) {
    try {
      origins.add(new URL(url).origin);
    } catch {
      // a malformed URL from a dynamic registration names no origin
    }
  }
  return [...origins];
}
