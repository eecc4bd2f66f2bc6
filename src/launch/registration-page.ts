/**
 * The page the LMS shows in its registration dialog once the tool is registered (or updated): what
 * happened, what changed, the command that approves the platform, and a script that asks the LMS
 * to close the dialog (public/js/registration-close.js; the CSP allows no inline script).
 */
import type { Response } from 'express';
import { renderPage } from '../http/render';
import type { PlatformConfiguration } from './platform-configuration';
import type { PlatformChange, PlatformView } from './platform-registry';

/** Seconds before the page asks the LMS to close its dialog: longer when there is a command to copy. */
const AUTO_CLOSE_SECONDS = { active: 5, pending: 30 } as const;

export function presentRegistrationDone(
  res: Response,
  platform: PlatformView,
  outcome: 'created' | 'updated',
  changes: readonly PlatformChange[],
  configuration: PlatformConfiguration,
): void {
  renderPage(res, 'register/done', res.locals.locale, {
    platformName: configuration.productFamily ? `${configuration.productFamily} (${platform.issuer})` : platform.issuer,
    issuer: platform.issuer,
    clientId: platform.clientId,
    deploymentIds: platform.deploymentIds,
    isMoodle: configuration.productFamily === 'moodle',
    active: platform.active,
    updated: outcome === 'updated',
    changes: changes.map((change) => ({ field: change.field, before: change.before ?? '', after: change.after })),
    approvalCommand: approvalCommand(platform),
    autoCloseSeconds: platform.active ? AUTO_CLOSE_SECONDS.active : AUTO_CLOSE_SECONDS.pending,
  });
}

/** The command the tool admin runs to approve this platform, quoted for a POSIX shell when needed. */
export function approvalCommand(platform: { readonly issuer: string; readonly clientId: string }): string {
  return `learner-voice platform activate ${shellWord(platform.issuer)} ${shellWord(platform.clientId)}`;
}

function shellWord(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
