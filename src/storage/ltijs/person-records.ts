/**
 * ltijs's records about one person's launches, kept 24 hours (records.ts): the id token ('idtoken':
 * the claims as the platform sent them, with iss, clientId and user) and the context token
 * ('contexttoken': context, resource link and lis claims, with user). A context token names its
 * platform only inside its contextId, which ltijs builds as encodeURIComponent(iss + clientId +
 * deploymentId + course + …) (Provider.js), so it is matched on that prefix.
 */
import type { UserKey } from '../ports/user-data';

export const LAUNCH_RECORD_COLLECTIONS = ['idtoken', 'contexttoken'] as const;

export function isPersonLaunchRecord(collection: string, doc: Record<string, unknown>, user: UserKey): boolean {
  if (doc.user !== user.userId) return false;
  if (collection === 'idtoken') return doc.iss === user.issuer && doc.clientId === user.clientId;
  if (collection === 'contexttoken') return typeof doc.contextId === 'string' && doc.contextId.startsWith(encodeURIComponent(user.issuer + user.clientId));
  return false;
}
