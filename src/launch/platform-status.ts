/**
 * A registered platform is in one of three states. ltijs keeps only "launches accepted or not"
 * (platformStatus.active); our record says why not: an admin switched it off (deactivatedAt), or
 * it was registered (dynamic registration, or `add --inactive`) and nobody approved it yet.
 * Launches from either are refused, each with its own page (LAUNCH_PLATFORM_INACTIVE / _PENDING).
 */
import { AppError } from '../http/errors';
import type { PlatformRecord, Storage } from '../storage/port';

export type PlatformStatus = 'active' | 'pending-approval' | 'inactive';

export function platformStatus(ltijsActive: boolean, record: Pick<PlatformRecord, 'deactivatedAt'>): PlatformStatus {
  if (ltijsActive) return 'active';
  return record.deactivatedAt ? 'inactive' : 'pending-approval';
}

/**
 * The refusal of a launch or login ltijs found not active. ltijs picks the platform by issuer and,
 * when given, client id (the first of the issuer's otherwise): the same one is looked up here.
 */
export async function notActiveError(storage: Storage, issuer: string, clientId: string | undefined): Promise<AppError> {
  const records = (await storage.platforms.listPlatforms()).filter((p) => p.issuer === issuer && (!clientId || p.clientId === clientId));
  const record = records[0];
  const params = { issuer, clientId: record?.clientId ?? clientId ?? '?' };
  const code = record?.deactivatedAt ? 'LAUNCH_PLATFORM_INACTIVE' : 'LAUNCH_PLATFORM_PENDING';
  return new AppError(code, { issuer, clientId }, params);
}
