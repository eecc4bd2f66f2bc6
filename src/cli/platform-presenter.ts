/**
 * What `learner-voice platform` shows of a platform: the JSON document (field names are a promise to
 * scripts: add, never rename) and the text for people.
 */
import type { PlatformView } from '../launch/platform-registry';
import type { PlatformStatus } from '../launch/platform-status';
import type { KeyRotation } from '../launch/tool-keys';
import type { PlatformKey } from '../context/tenant';

const STATUS_LABEL: Record<PlatformStatus, string> = {
  active: 'active',
  'pending-approval': 'pending approval',
  inactive: 'inactive',
};

export function platformDocument(p: PlatformView) {
  return {
    issuer: p.issuer,
    clientId: p.clientId,
    name: p.name,
    status: p.status,
    active: p.active,
    deploymentIds: [...p.deploymentIds],
    frameOrigins: [...p.frameOrigins],
    authEndpoint: p.authEndpoint,
    tokenEndpoint: p.tokenEndpoint,
    keysetUrl: p.keysetUrl,
    authorizationServer: p.authorizationServer ?? null,
    source: p.source,
    productFamily: p.productFamily ?? null,
    registeredAt: p.registeredAt.toISOString(),
    deactivatedAt: p.deactivatedAt?.toISOString() ?? null,
    keys: { signing: p.keys.signing, retired: p.keys.retired.map((k) => ({ kid: k.kid, until: k.until.toISOString() })) },
  };
}

export function rotationDocument(key: PlatformKey, rotation: KeyRotation) {
  return { issuer: key.issuer, clientId: key.clientId, signingKid: rotation.signingKid, retiredKid: rotation.retiredKid, retiredUntil: rotation.retiredUntil.toISOString() };
}

export function summaryLine(p: PlatformView): string {
  return `${STATUS_LABEL[p.status].padEnd(16)}  ${p.issuer}  client ${p.clientId}  deployments [${p.deploymentIds.join(', ')}]  (${p.source})`;
}

/** The list, then how many are in each state and what to run for the pending ones. */
export function listLines(platforms: readonly PlatformView[]): string[] {
  if (platforms.length === 0) return ['No platform registered yet. Add one with: learner-voice platform add --help'];
  const count = (status: PlatformStatus) => platforms.filter((p) => p.status === status).length;
  const pending = count('pending-approval');
  return [
    ...platforms.map(summaryLine),
    '',
    `${count('active')} active, ${pending} pending approval, ${count('inactive')} inactive.` +
      (pending ? ' Approve one with: learner-voice platform activate ISSUER CLIENT_ID' : ''),
  ];
}

export function detailLines(p: PlatformView): string[] {
  const status: Record<PlatformStatus, string> = {
    active: 'active',
    'pending-approval': `pending approval (approve with: learner-voice platform activate ${p.issuer} ${p.clientId})`,
    inactive: `inactive since ${p.deactivatedAt?.toISOString() ?? '?'} (deactivated by an admin; launches refused)`,
  };
  return [
    `Name:               ${p.name}`,
    `Issuer:             ${p.issuer}`,
    `Client id:          ${p.clientId}`,
    `Status:             ${status[p.status]}`,
    `Deployments:        ${p.deploymentIds.join(', ') || '(none: add one with add-deployment)'}`,
    `Auth endpoint:      ${p.authEndpoint}`,
    `Token endpoint:     ${p.tokenEndpoint}`,
    ...(p.authorizationServer ? [`Authorization server: ${p.authorizationServer}`] : []),
    `Keyset URL:         ${p.keysetUrl}`,
    `Frame origins:      ${p.frameOrigins.join(' ')}`,
    `Tool signing key:   ${p.keys.signing || '(none: ltijs has no record of this platform)'}`,
    ...p.keys.retired.map((k) => `Retired tool key:   ${k.kid} (in the keyset until ${k.until.toISOString()})`),
    `Registered:         ${p.registeredAt.toISOString()} (${p.source})`,
  ];
}

export function rotationLines(rotation: KeyRotation): string[] {
  return [
    `New signing key:    ${rotation.signingKid}`,
    `Retired key:        ${rotation.retiredKid} (still in the keyset until ${rotation.retiredUntil.toISOString()})`,
  ];
}
