/**
 * Which URLs the tool may fetch a feed from. An admin types the URL, so without a rule the server
 * could be made to read its own network (cloud metadata at 169.254.169.254, an internal admin API):
 * in production only https to public addresses is allowed, checked on the URL and on every address
 * its host name resolves to, and again on each redirect hop (feed-fetch.ts).
 *
 * Known gap: the name is resolved here and again by fetch, so a DNS answer that changes in between
 * (rebinding) is not caught; closing it needs a connection-level lookup hook in the HTTP client.
 */
import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';
import { FeedError } from './feed-error';

export interface FeedAddressPolicy {
  readonly allowHttp: boolean;
  readonly allowPrivateAddresses: boolean;
  /** Replaceable in tests; the system resolver otherwise. */
  readonly resolve?: (host: string) => Promise<string[]>;
}

const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !NOT_PUBLIC.check(address, 'ipv4');
  if (family !== 6) return false;
  // ::ffff:10.0.0.1 is 10.0.0.1.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPublicAddress(mapped[1]);
  return !NOT_PUBLIC.check(address, 'ipv6');
}

/** The URL's scheme as the policy allows it, or a reason in words (for forms and the CLI). */
export function schemeProblem(url: URL, policy: Pick<FeedAddressPolicy, 'allowHttp'>): 'scheme' | 'http' | null {
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:') return policy.allowHttp ? null : 'http';
  return 'scheme';
}

/** Throws FeedError('address-refused') unless the URL may be fetched under the policy. */
export async function checkFeedAddress(url: URL, policy: FeedAddressPolicy): Promise<void> {
  const scheme = schemeProblem(url, policy);
  if (scheme) throw new FeedError('address-refused', scheme === 'http' ? 'http:// feeds are not allowed here' : `scheme ${url.protocol} is not fetched`);
  if (url.username || url.password) throw new FeedError('address-refused', 'credentials in the URL');
  if (policy.allowPrivateAddresses) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : await resolveAll(host, policy);
  if (addresses.length === 0 || !addresses.every(isPublicAddress))
    throw new FeedError('address-refused', 'the host is not a public address');
}

async function resolveAll(host: string, policy: FeedAddressPolicy): Promise<string[]> {
  try {
    if (policy.resolve) return await policy.resolve(host);
    return (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch (err) {
    throw new FeedError('unreachable', `name not resolved (${(err as { code?: string }).code ?? 'error'})`);
  }
}
