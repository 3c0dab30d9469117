import dns from 'node:dns';
import net from 'node:net';
import { AppError } from '../shared/errors';

/**
 * Where a webhook may be sent (SSRF): public unicast addresses only. Loopback, private,
 * shared (CGNAT), link-local (cloud metadata at 169.254.169.254), multicast, reserved and
 * documentation ranges are refused, and so is every IPv6 range that carries an IPv4 address
 * a gateway may turn into a private one (mapped ::ffff:0:0/96, translated ::ffff:0:0:0/96,
 * compatible ::/96, NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4 2002::/16, Teredo 2001::/32),
 * whole: a webhook receiver has a native address. A host name counts as the addresses it
 * resolves to, checked at registration and again at each connection (DNS can change), on
 * the very address then connected to.
 *
 * Node's own address classification (net.BlockList) parses every spelling of an address;
 * nothing here parses one by hand. Two lists, each asked only of its own family: a
 * BlockList also matches an IPv4 address against IPv6 rules through its mapped form
 * (::ffff:a.b.c.d), so ::ffff:0:0/96 in one list would refuse every IPv4 address.
 */
const REFUSED_IPV4 = new net.BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  REFUSED_IPV4.addSubnet(network, prefix, 'ipv4');
const REFUSED_IPV6 = new net.BlockList();
for (const [network, prefix] of [
  // IPv4-compatible (deprecated), with :: and ::1 inside
  ['::', 96],
  // IPv4-mapped
  ['::ffff:0:0', 96],
  // IPv4-translated (SIIT)
  ['::ffff:0:0:0', 96],
  // NAT64, well-known and local-use prefixes
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  // IETF protocol assignments, Teredo inside
  ['2001::', 23],
  ['2001:db8::', 32],
  // 6to4
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  REFUSED_IPV6.addSubnet(network, prefix, 'ipv6');

export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return !REFUSED_IPV4.check(address, 'ipv4');
  if (family === 6) return !REFUSED_IPV6.check(address, 'ipv6');
  return false;
}

export interface TargetPolicy {
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS: tests and closed networks deliver to private addresses */
  allowPrivateTargets: boolean;
  /**
   * How host names are resolved, dns.lookup's shape (default dns.lookup): tests give a
   * resolver of their own to play a DNS that answers a private address.
   */
  resolve?: typeof dns.lookup;
}

const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** The addresses `host` resolves to (itself when it is an address). */
async function addressesOf(host: string, policy: TargetPolicy): Promise<string[]> {
  if (net.isIP(host)) return [host];
  const resolve = policy.resolve ?? dns.lookup;
  const found = await new Promise<dns.LookupAddress[]>((done, fail) =>
    resolve(host, { all: true, verbatim: true }, (error, entries) =>
      error ? fail(error) : done(entries),
    ),
  );
  return found.map((entry) => entry.address);
}

/**
 * At registration: refuses (400, field `url`) a target that is or resolves to a refused
 * address, or that does not resolve at all.
 */
export async function assertAllowedTarget(rawUrl: string, policy: TargetPolicy): Promise<void> {
  if (policy.allowPrivateTargets) return;
  const host = hostOf(new URL(rawUrl));
  let addresses: string[];
  try {
    addresses = await addressesOf(host, policy);
  } catch {
    throw AppError.invalid('url', `the host ${host} does not resolve`);
  }
  const refused = addresses.find((address) => !isPublicAddress(address));
  if (refused !== undefined || addresses.length === 0) {
    throw AppError.invalid(
      'url',
      `points to a loopback, private, link-local or multicast address (${refused ?? host}): webhooks go to public addresses only`,
    );
  }
}

/**
 * A `lookup` for node:http(s) that resolves as usual and refuses the connection when the
 * address it would connect to is not public: the check and the connection use the same
 * answer, so a DNS change between them (rebinding) cannot slip a private address through.
 */
export function guardedLookup(policy: TargetPolicy): net.LookupFunction {
  return (hostname, options, callback) => {
    (policy.resolve ?? dns.lookup)(
      hostname,
      { ...options, all: true, verbatim: true },
      (error, found) => {
        if (error) return callback(error, '', 0);
        const entries = found as dns.LookupAddress[];
        const allowed = policy.allowPrivateTargets
          ? entries
          : entries.filter((entry) => isPublicAddress(entry.address));
        if (allowed.length === 0) {
          const refused = Object.assign(
            new Error(`refused: ${hostname} resolves to a non-public address`),
            { code: 'EPRIVATETARGET' },
          );
          return callback(refused, '', 0);
        }
        if ((options as dns.LookupOptions).all) return callback(null, allowed as never, 0);
        return callback(null, allowed[0]!.address, allowed[0]!.family);
      },
    );
  };
}

/** Whether an address literal in a URL is refused (node:http skips `lookup` for literals). */
export function literalTargetRefused(rawUrl: string, policy: TargetPolicy): boolean {
  const host = hostOf(new URL(rawUrl));
  return !policy.allowPrivateTargets && net.isIP(host) !== 0 && !isPublicAddress(host);
}
