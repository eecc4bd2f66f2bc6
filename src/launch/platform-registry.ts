/**
 * Registering, listing and removing LMS platforms. Two stores are kept in step: ltijs's (endpoints,
 * the key pair it generates per platform, active flag) and ours (deployment ids, frame origins).
 * Used by the command line (cli/platform.ts), dynamic registration and the demo.
 */
import type { LtiProvider } from 'ltijs';
import type { PlatformKey } from '../context/tenant';
import type { PlatformRecord, Storage } from '../storage/port';

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
  readonly authEndpoint: string;
  readonly tokenEndpoint: string;
  readonly keysetUrl: string;
  readonly kid: string;
}

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

const MAX_ID_LENGTH = 255;

export class PlatformRegistry {
  constructor(
    private readonly lti: LtiProvider,
    private readonly storage: Storage,
    private readonly options: { readonly allowHttp: boolean },
  ) {}

  /** Every problem with the input at once, worded for the person who typed it. */
  problemsWith(input: NewPlatform): string[] {
    const problems: string[] = [];
    const url = (label: string, value: string | undefined) => {
      if (!value) return problems.push(`${label} is required.`);
      try {
        const parsed = new URL(value);
        if (parsed.protocol !== 'https:' && !(this.options.allowHttp && parsed.protocol === 'http:'))
          problems.push(`${label} must be an https:// URL (got "${value}").`);
      } catch {
        problems.push(`${label} is not a valid URL (got "${value}").`);
      }
      return 0;
    };
    url('Issuer', input.issuer);
    url('Authorization endpoint', input.authEndpoint);
    url('Token endpoint', input.tokenEndpoint);
    url('Keyset URL', input.keysetUrl);
    if (input.authorizationServer) url('Authorization server', input.authorizationServer);
    if (!input.clientId?.trim()) problems.push('Client id is required.');
    else if (input.clientId.length > MAX_ID_LENGTH) problems.push(`Client id is longer than ${MAX_ID_LENGTH} characters.`);
    for (const id of input.deploymentIds) {
      if (!id.trim()) problems.push('Deployment ids cannot be empty.');
      else if (id.length > MAX_ID_LENGTH) problems.push(`Deployment id "${id.slice(0, 20)}…" is longer than ${MAX_ID_LENGTH} characters.`);
    }
    return problems;
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
      // The name may be the admin's own (npm run platform -- add --name): an update keeps it.
      deploymentIds: [...new Set([...existing.deploymentIds, ...input.deploymentIds.map((d) => d.trim())])],
      frameOrigins: [...new Set([...existing.frameOrigins, new URL(input.issuer).origin, ...(input.frameOrigins ?? [])])],
      productFamily: input.productFamily ?? existing.productFamily,
    };
    const platform = await this.lti.registerPlatform({
      url: existing.issuer,
      clientId: existing.clientId,
      name: record.name,
      authenticationEndpoint: input.authEndpoint,
      accesstokenEndpoint: input.tokenEndpoint,
      authorizationServer: input.authorizationServer,
      authConfig: { method: 'JWK_SET', key: input.keysetUrl },
    });
    if (input.active && !before.active) await platform.platformActive(true);
    await this.storage.platforms.savePlatform(record);
    const after = await this.viewOf(record);
    return { kind: 'updated', platform: after, changes: changesBetween(before, after) };
  }

  async remove(key: PlatformKey): Promise<void> {
    const known = (await this.lti.getPlatform(key.issuer, key.clientId)) || (await this.storage.platforms.findPlatform(key));
    if (!known) throw new RegistryError(`No platform ${key.issuer} with client id ${key.clientId}.`, 'missing');
    await this.lti.deletePlatform(key.issuer, key.clientId);
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

  async setActive(key: PlatformKey, active: boolean): Promise<PlatformView> {
    const platform = await this.lti.getPlatform(key.issuer, key.clientId);
    if (!platform) throw new RegistryError(`No platform ${key.issuer} with client id ${key.clientId}.`, 'missing');
    await platform.platformActive(active);
    return this.show(key);
  }

  async addDeployment(key: PlatformKey, deploymentId: string): Promise<PlatformView> {
    const id = deploymentId.trim();
    if (!id || id.length > MAX_ID_LENGTH) throw new RegistryError(`Deployment id must be 1 to ${MAX_ID_LENGTH} characters.`, 'invalid');
    if (!(await this.storage.platforms.addDeployment(key, id))) throw new RegistryError(`No platform ${key.issuer} with client id ${key.clientId}.`, 'missing');
    return this.show(key);
  }

  private async viewOf(record: PlatformRecord): Promise<PlatformView> {
    const platform = await this.lti.getPlatform(record.issuer, record.clientId);
    if (!platform) return { ...record, active: false, authEndpoint: '', tokenEndpoint: '', keysetUrl: '', kid: '' };
    const auth = await platform.platformAuthConfig();
    return {
      ...record,
      active: await platform.platformActive(),
      authEndpoint: await platform.platformAuthEndpoint(),
      tokenEndpoint: await platform.platformAccessTokenEndpoint(),
      keysetUrl: auth.key,
      kid: await platform.platformKid(),
    };
  }
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
