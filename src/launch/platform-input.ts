/**
 * What a platform's registration or update must look like, checked before ltijs or the store sees
 * it: every problem at once, each worded for the admin who typed the value.
 */
import type { EndpointChanges, NewPlatform } from './platform-registry';

export const MAX_ID_LENGTH = 255;
const MAX_NAME_LENGTH = 200;

export function newPlatformProblems(input: NewPlatform, allowHttp: boolean): string[] {
  const problems: string[] = [];
  const url = (label: string, value: string | undefined) => {
    const problem = urlProblem(label, value, allowHttp);
    if (problem) problems.push(problem);
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

/** `platform update`: only the values given are checked, and at least one must be. */
export function endpointChangeProblems(changes: EndpointChanges, allowHttp: boolean): string[] {
  const problems: string[] = [];
  const labels = { authEndpoint: 'Authorization endpoint', tokenEndpoint: 'Token endpoint', keysetUrl: 'Keyset URL', authorizationServer: 'Authorization server' } as const;
  for (const [field, label] of Object.entries(labels) as [keyof typeof labels, string][]) {
    const problem = changes[field] === undefined ? null : urlProblem(label, changes[field], allowHttp);
    if (problem) problems.push(problem);
  }
  const name = changes.name?.trim();
  if (changes.name !== undefined && (!name || name.length > MAX_NAME_LENGTH)) problems.push(`Name must be 1 to ${MAX_NAME_LENGTH} characters.`);
  if (Object.values(changes).every((value) => value === undefined)) problems.push('Nothing to change: give at least one of the options.');
  return problems;
}

/** https only, unless http is allowed (development, tests). */
function urlProblem(label: string, value: string | undefined, allowHttp: boolean): string | null {
  if (!value) return `${label} is required.`;
  try {
    const parsed = new URL(value);
    if (parsed.protocol !== 'https:' && !(allowHttp && parsed.protocol === 'http:')) return `${label} must be an https:// URL (got "${value}").`;
  } catch {
    return `${label} is not a valid URL (got "${value}").`;
  }
  return null;
}
