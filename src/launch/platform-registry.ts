/**
 * Registering, listing and removing LMS platforms. Two stores are kept in step: ltijs's (endpoints,
 * the key pair it generates per platform, active flag) and ours (deployment ids, frame origins, why
 * a platform is off). Used by the command line (cli/platform.ts), dynamic registration and the demo.
 */
import type { LtiPlatform, LtiProvider } from 'ltijs';
import type { PlatformKey } from '../context/tenant';
import type { PlatformRecord, Storage } from '../storage/port';
import { endpointChangeProblems, MAX_ID_LENGTH, newPlatformProblems } from './platform-input';
import { platformStatus, type PlatformStatus } from './platform-status';
import { ToolKeys, type KeyRotation, type ToolKeyring } from './tool-keys';

export interface NewPlatform {
  readonly issuer: string;
  readonly clientId: string;
  readonly name?: string;
  readonly authEndpoint: string;
  readonly tokenEndpoint: string;
  readonly keysetUrl: string;
  /** OAuth2 audience for client assertions when it differs from the token endpoint (Canvas, Brightspace). */
  readonly authorizationServer?: string;
  readonly deploymentIds: readonly string[];
  readonly frameOrigins?: readonly string[];
  readonly source: PlatformRecord['source'];
  readonly productFamily?: string;
  readonly active: boolean;
}

export interface PlatformView extends PlatformRecord {
  readonly active: boolean;
  readonly status: PlatformStatus;
  readonly authEndpoint: string;
  readonly tokenEndpoint: string;
  readonly keysetUrl: string;
  /** Set only when it differs from the token endpoint. */
  readonly authorizationServer?: string;
  /** The tool's signing kid for this platform (keys.signing). */
  readonly kid: string;
  readonly keys: ToolKeyring;
}

/** What `platform update` may change; the key pair, deployments and frame origins stay. */
export interface EndpointChanges {
  readonly name?: string;
  readonly authEndpoint?: string;
  readonly tokenEndpoint?: string;
  readonly keysetUrl?: string;
  readonly authorizationServer?: string;
}

/** Longest grace a rotation may give the old key: a key kept for months is not rotated. */
export const MAX_GRACE_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/** One thing a re-registration changed, for the admin's page and the log. */
export interface PlatformChange {
  readonly field: 'authEndpoint' | 'tokenEndpoint' | 'keysetUrl' | 'deploymentAdded' | 'frameOriginAdded' | 'activated';
  readonly before?: string;
  readonly after: string;
}

export type RegistrationOutcome =
  | { readonly kind: 'created'; readonly platform: PlatformView }
  | { readonly kind: 'updated'; readonly platform: PlatformView; readonly changes: readonly PlatformChange[] };

/** A registration problem a person can fix; the message says how. */
export class RegistryError extends Error {
  constructor(
    message: string,
    readonly kind: 'invalid' | 'exists' | 'missing',
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}


export class PlatformRegistry {
  private readonly keys: ToolKeys;

  constructor(
    private readonly lti: LtiProvider,
    private readonly storage: Storage,
    private readonly options: {
      readonly allowHttp: boolean;
      /** ltijs's encryption key (LTI_KEY): new private keys are stored encrypted with it, as ltijs stores its own. */
      readonly encryptionKey: string;
      readonly now?: () => Date;
    },
  ) {
    this.keys = new ToolKeys(storage.ltiDatabase().plugin, options.encryptionKey, () => this.now().getTime());
  }

  /** Every problem with the input at once, worded for the person who typed it. */
  problemsWith(input: NewPlatform): string[] {
    return newPlatformProblems(input, this.options.allowHttp);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  async add(input: NewPlatform): Promise<PlatformView> {
    const problems = this.problemsWith(input);
    if (problems.length) throw new RegistryError(problems.join('\n'), 'invalid');
    const key: PlatformKey = { issuer: input.issuer, clientId: input.clientId };
    if ((await this.lti.getPlatform(key.issuer, key.clientId)) || (await this.storage.platforms.findPlatform(key)))
      throw new RegistryError(`Platform ${key.issuer} with client id ${key.clientId} is already registered.`, 'exists');

    const record: PlatformRecord = {
      ...key,
      name: input.name?.trim() || new URL(input.issuer).host,
      deploymentIds: [...new Set(input.deploymentIds.map((d) => d.trim()))],
      frameOrigins: [...new Set([new URL(input.issuer).origin, ...(input.frameOrigins ?? [])])],
      source: input.source,
      productFamily: input.productFamily,
      registeredAt: new Date(),
    };
    const platform = await this.lti.registerPlatform({
      url: key.issuer,
      clientId: key.clientId,
      name: record.name,
      authenticationEndpoint: input.authEndpoint,
      accesstokenEndpoint: input.tokenEndpoint,
      authorizationServer: input.authorizationServer,
      authConfig: { method: 'JWK_SET', key: input.keysetUrl },
    });
    try {
      await platform.platformActive(input.active);
      await this.storage.platforms.savePlatform(record);
    } catch (err) {
      // Leave nothing half-written: without our record the platform could not launch anyway.
      await this.lti.deletePlatform(key.issuer, key.clientId);
      await this.storage.platforms.deletePlatform(key);
      throw err;
    }
    return this.viewOf(record);
  }

  /**
   * Dynamic registration: a new (issuer, client id) is added; a known one (Moodle's "Update" reuses
   * the client id) gets the new endpoints and deployment while keeping its name, key pair (ltijs's
   * registerPlatform modifies a known platform in place and keeps its kid), its data, its old
   * deployments and frame origins, and its approval. `input.active` can only switch it on.
   */
  async register(input: NewPlatform): Promise<RegistrationOutcome> {
    const problems = this.problemsWith(input);
    if (problems.length) throw new RegistryError(problems.join('\n'), 'invalid');
    const existing = await this.storage.platforms.findPlatform({ issuer: input.issuer, clientId: input.clientId });
    if (!existing || !(await this.lti.getPlatform(input.issuer, input.clientId))) return { kind: 'created', platform: await this.add(input) };
    return this.update(existing, input);
  }

  private async update(existing: PlatformRecord, input: NewPlatform): Promise<RegistrationOutcome> {
    const before = await this.viewOf(existing);
    const record: PlatformRecord = {
      ...existing,
      // The name may be the admin's own (learner-voice platform add --name): an update keeps it.
      deploymentIds: [...new Set([...existing.deploymentIds, ...input.deploymentIds.map((d) => d.trim())])],
      frameOrigins: [...new Set([...existing.frameOrigins, new URL(input.issuer).origin, ...(input.frameOrigins ?? [])])],
      productFamily: input.productFamily ?? existing.productFamily,
    };
    const platform = await this.ltijsPlatform(existing);
    await setEndpoints(platform, input);
    // An LMS registering again approves nothing an admin switched off.
    if (input.active && before.status === 'pending-approval') await platform.platformActive(true);
    await this.storage.platforms.savePlatform(record);
    const after = await this.viewOf(record);
    return { kind: 'updated', platform: after, changes: changesBetween(before, after) };
  }

  /** `platform update`: new endpoints or name; the tool's keys, the deployments and frame origins stay. */
  async updateEndpoints(key: PlatformKey, changes: EndpointChanges): Promise<PlatformView> {
    const problems = endpointChangeProblems(changes, this.options.allowHttp);
    if (problems.length) throw new RegistryError(problems.join('\n'), 'invalid');

    const record = await this.storage.platforms.findPlatform(key);
    if (!record) throw missing(key);
    const platform = await this.ltijsPlatform(record);
    await setEndpoints(platform, changes);
    const name = changes.name?.trim();
    if (name) {
      await platform.platformName(name);
      await this.storage.platforms.savePlatform({ ...record, name });
    }
    return this.show(key);
  }

  /** `platform rotate-key`: a new signing pair; the old public key stays in the keyset for `graceDays`. */
  async rotateKey(key: PlatformKey, graceDays: number): Promise<KeyRotation> {
    if (!Number.isInteger(graceDays) || graceDays < 0 || graceDays > MAX_GRACE_DAYS)
      throw new RegistryError(`The grace period must be a whole number of days from 0 to ${MAX_GRACE_DAYS}.`, 'invalid');
    const rotation = await this.keys.rotate(key, graceDays * DAY_MS);
    if (!rotation) throw missing(key);
    return rotation;
  }

  async remove(key: PlatformKey): Promise<void> {
    const known = (await this.lti.getPlatform(key.issuer, key.clientId)) || (await this.storage.platforms.findPlatform(key));
    if (!known) throw missing(key);
    await this.lti.deletePlatform(key.issuer, key.clientId);
    await this.keys.forget(key);
    await this.storage.platforms.deletePlatform(key);
  }

  async list(): Promise<PlatformView[]> {
    const records = await this.storage.platforms.listPlatforms();
    return Promise.all(records.map((r) => this.viewOf(r)));
  }

  async show(key: PlatformKey): Promise<PlatformView> {
    const record = await this.storage.platforms.findPlatform(key);
    if (!record) throw new RegistryError(`No platform ${key.issuer} with client id ${key.clientId}.`, 'missing');
    return this.viewOf(record);
  }

  /** `activate` approves a pending platform or switches an inactive one back on; `deactivate` makes it inactive. */
  async setActive(key: PlatformKey, active: boolean): Promise<PlatformView> {
    const record = await this.storage.platforms.findPlatform(key);
    const platform = record && (await this.lti.getPlatform(key.issuer, key.clientId));
    if (!record || !platform) throw missing(key);
    const { deactivatedAt: _previous, ...rest } = record;
    await this.storage.platforms.savePlatform(active ? rest : { ...rest, deactivatedAt: this.now() });
    await platform.platformActive(active);
    return this.show(key);
  }

  async addDeployment(key: PlatformKey, deploymentId: string): Promise<PlatformView> {
    const id = deploymentId.trim();
    if (!id || id.length > MAX_ID_LENGTH) throw new RegistryError(`Deployment id must be 1 to ${MAX_ID_LENGTH} characters.`, 'invalid');
    if (!(await this.storage.platforms.addDeployment(key, id))) throw new RegistryError(`No platform ${key.issuer} with client id ${key.clientId}.`, 'missing');
    return this.show(key);
  }

  private async ltijsPlatform(key: PlatformKey): Promise<LtiPlatform> {
    const platform = await this.lti.getPlatform(key.issuer, key.clientId);
    if (!platform) throw missing(key);
    return platform;
  }

  private async viewOf(record: PlatformRecord): Promise<PlatformView> {
    const platform = await this.lti.getPlatform(record.issuer, record.clientId);
    const keys = (await this.keys.keyringOf(record)) ?? { signing: '', retired: [] };
    if (!platform) return { ...record, active: false, status: platformStatus(false, record), authEndpoint: '', tokenEndpoint: '', keysetUrl: '', kid: '', keys };
    const auth = await platform.platformAuthConfig();
    const active = await platform.platformActive();
    const tokenEndpoint = await platform.platformAccessTokenEndpoint();
    const authorizationServer = await platform.platformAuthorizationServer();
    return {
      ...record,
      active,
      status: platformStatus(active, record),
      authEndpoint: await platform.platformAuthEndpoint(),
      tokenEndpoint,
      keysetUrl: auth.key,
      ...(authorizationServer && authorizationServer !== tokenEndpoint ? { authorizationServer } : {}),
      kid: keys.signing,
      keys,
    };
  }
}

function missing(key: PlatformKey): RegistryError {
  return new RegistryError(`No platform ${key.issuer} with client id ${key.clientId}.`, 'missing');
}

/**
 * Through ltijs's per-field setters rather than registerPlatform, which on a known platform also
 * writes its old authorization server (the old token endpoint when none was set) over the new one.
 */
async function setEndpoints(platform: LtiPlatform, changes: EndpointChanges): Promise<void> {
  if (changes.authEndpoint) await platform.platformAuthenticationEndpoint(changes.authEndpoint);
  if (changes.tokenEndpoint) await platform.platformAccessTokenEndpoint(changes.tokenEndpoint);
  if (changes.authorizationServer) await platform.platformAuthorizationServer(changes.authorizationServer);
  if (changes.keysetUrl) await platform.platformAuthConfig('JWK_SET', changes.keysetUrl);
}

function changesBetween(before: PlatformView, after: PlatformView): PlatformChange[] {
  const changes: PlatformChange[] = [];
  const fields = ['authEndpoint', 'tokenEndpoint', 'keysetUrl'] as const;
  for (const field of fields) if (before[field] !== after[field]) changes.push({ field, before: before[field], after: after[field] });
  for (const id of after.deploymentIds) if (!before.deploymentIds.includes(id)) changes.push({ field: 'deploymentAdded', after: id });
  for (const origin of after.frameOrigins) if (!before.frameOrigins.includes(origin)) changes.push({ field: 'frameOriginAdded', after: origin });
  if (after.active && !before.active) changes.push({ field: 'activated', after: 'active' });
  return changes;
}
