/**
 * TRUST_PROXY read into a value Express's "trust proxy" setting takes without throwing
 * (https://expressjs.com/en/guide/behind-proxies.html): true, false, a hop count, or a comma-separated
 * list of addresses, CIDR ranges (an IPv4 range may give a netmask) and the names loopback, linklocal
 * and uniquelocal. Express would accept a bad address at start-up and throw a stack trace later
 * (proxy-addr compiles the list): the problem is said here, with the other settings, instead.
 *
 * Addresses are read by Node's own isIP, stricter than proxy-addr's parser (no "127.1" or hex
 * octets): an admin writes an address the usual way, and an unusual one is more likely a typo.
 */
import net from 'node:net';

const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
/** The largest hop count worth writing: more proxies than this in front of one tool is a typo. */
const MAX_HOPS = 100;

export type TrustProxy = boolean | number | string;

/** The setting, or a problem line (the value is then false: trust nobody). */
export function readTrustProxy(raw: string | undefined, problems: string[]): TrustProxy {
  const value = raw?.trim();
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops <= MAX_HOPS) return hops;
    problems.push(`TRUST_PROXY as a hop count must be between 0 and ${MAX_HOPS} (got "${raw}").`);
    return false;
  }
  const entries = value.split(',').map((entry) => entry.trim());
  const wrong = entries.filter((entry) => !isTrustEntry(entry));
  if (wrong.length > 0) {
    problems.push(
      `TRUST_PROXY must be true, false, a hop count (1) or a comma-separated list of IP addresses, CIDR ranges and loopback, linklocal, uniquelocal (not understood: ${wrong.map((w) => `"${w}"`).join(', ')}).`,
    );
    return false;
  }
  return entries.join(',');
}

function isTrustEntry(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const slash = entry.lastIndexOf('/');
  const address = slash === -1 ? entry : entry.slice(0, slash);
  const family = net.isIP(address);
  if (family === 0) return false;
  if (slash === -1) return true;
  const range = entry.slice(slash + 1);
  const max = family === 4 ? 32 : 128;
  if (/^\d+$/.test(range)) return Number(range) >= 1 && Number(range) <= max;
  return family === 4 && net.isIPv4(range) && isContiguousNetmask(range);
}

/** 255.255.240.0 is a range; 255.0.255.0 is not (proxy-addr refuses it too). */
function isContiguousNetmask(mask: string): boolean {
  const bits = mask.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const inverted = 0xffffffff - bits;
  return bits !== 0 && (inverted & (inverted + 1)) === 0;
}
