/**
 * What an admin does with read-API tokens (the CLI's work, api-token-command.ts only parses and
 * prints): create one for a registered platform (or one of its deployments), list them, revoke one.
 */
import type { PlatformKey } from '../context/tenant';
import type { PlatformStore } from '../storage/port';
import type { ApiToken, ApiTokenStore, RevokeOutcome } from '../storage/ports/api-tokens';
import { issueToken } from './api-token';

export const MAX_TOKEN_NAME = 100;

export interface TokenManagementDeps {
  readonly tokens: ApiTokenStore;
  readonly platforms: PlatformStore;
  readonly now: () => Date;
  readonly random?: (size: number) => Buffer;
}

export type CreateOutcome =
  | { readonly ok: true; readonly token: string; readonly record: ApiToken }
  | { readonly ok: false; readonly problem: 'unknown-platform' | 'unknown-deployment' | 'name' };

export async function createApiToken(deps: TokenManagementDeps, request: { platform: PlatformKey; deploymentId?: string; name: string }): Promise<CreateOutcome> {
  const name = request.name.trim();
  if (name.length > MAX_TOKEN_NAME || /[\u0000-\u001f\u007f-\u009f]/.test(name)) return { ok: false, problem: 'name' };
  const platform = await deps.platforms.findPlatform(request.platform);
  if (!platform) return { ok: false, problem: 'unknown-platform' };
  if (request.deploymentId !== undefined && !platform.deploymentIds.includes(request.deploymentId)) return { ok: false, problem: 'unknown-deployment' };
  const issued = issueToken(deps.random);
  const record: ApiToken = {
    id: issued.id,
    platform: { issuer: platform.issuer, clientId: platform.clientId },
    ...(request.deploymentId !== undefined ? { deploymentId: request.deploymentId } : {}),
    name,
    scope: 'read',
    hint: issued.hint,
    createdAt: deps.now(),
  };
  await deps.tokens.createToken({ ...record, digest: issued.digest });
  return { ok: true, token: issued.token, record };
}

export function listApiTokens(deps: Pick<TokenManagementDeps, 'tokens'>, platform: PlatformKey): Promise<ApiToken[]> {
  return deps.tokens.listTokens(platform);
}

export function revokeApiToken(deps: Pick<TokenManagementDeps, 'tokens' | 'now'>, platform: PlatformKey, id: string): Promise<RevokeOutcome> {
  return deps.tokens.revokeToken(platform, id, deps.now());
}
