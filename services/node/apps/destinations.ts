/**
 * Where an app's request may land: public internet addresses only. A listed origin whose name
 * resolves to loopback, a private network, link-local (cloud metadata), CGNAT, multicast or an
 * unspecified address is refused, whatever the name is. The check runs inside the connection's
 * own DNS lookup, so the address checked is the address connected to (a name that answers
 * public once and private the next time cannot slip between a check and the connect).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/** Non-public ranges (IANA special-purpose registries, IPv4 and IPv6). */
const NON_PUBLIC = new BlockList();
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
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** Why `address` is not a public destination, or null when it is. */
export function nonPublicReason(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  if (family === 6) {
    // IPv4 written inside IPv6 (::ffff:127.0.0.1, ::127.0.0.1, 64:ff9b::7f00:1) is judged as the IPv4 it carries.
    const embedded = embeddedIPv4(address);
    if (embedded !== null) return nonPublicReason(embedded);
    return NON_PUBLIC.check(address, 'ipv6') ? `${address} is not a public address` : null;
  }
  return NON_PUBLIC.check(address, 'ipv4') ? `${address} is not a public address` : null;
}

/** The IPv4 address an IPv6 address carries (mapped, compatible or NAT64), or null. */
function embeddedIPv4(address: string): string | null {
  const groups = expandIPv6(address.toLowerCase());
  if (groups === null) return null;
  const mapped = groups.slice(0, 5).every((group) => group === 0) && (groups[5] === 0xffff || groups[5] === 0);
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((group) => group === 0);
  if (!mapped && !nat64) return null;
  if (mapped && groups[5] === 0 && groups[6] === 0 && (groups[7] ?? 0) <= 1) return null; // :: and ::1 themselves
  const high = groups[6] ?? 0;
  const low = groups[7] ?? 0;
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}

function expandIPv6(address: string): number[] | null {
  let text = address.replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const parts = (dotted[1] as string).split('.').map(Number);
    text = `${text.slice(0, dotted.index)}${(((parts[0] ?? 0) << 8) | (parts[1] ?? 0)).toString(16)}:${(((parts[2] ?? 0) << 8) | (parts[3] ?? 0)).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  if (tail === undefined ? missing !== 0 : missing < 0) return null;
  return [...headGroups, ...Array.from({ length: missing }, () => '0'), ...tailGroups].map((group) => parseInt(group, 16));
}

/**
 * A URL host written as an IP address is connected to without any lookup, so it is judged here
 * (before the request) rather than in `publicOnlyLookup`. Null when it is a name or public.
 */
export function literalHostRefusal(hostname: string): string | null {
  const literal = hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) === 0) return null;
  const reason = nonPublicReason(literal);
  return reason === null ? null : `${reason}; apps may reach public servers only`;
}

/** Resolves a host name to its addresses (every one, as the connection may use any). */
export type Resolver = (hostname: string) => Promise<readonly string[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses: LookupAddress[]) => (error ? reject(error) : resolve(addresses.map((entry) => entry.address)))));

/** A refused destination: the name, where it resolved and why. */
export class DestinationRefused extends Error {}

/**
 * A `lookup` for node:http(s) that resolves with `resolver` and refuses the connection unless
 * every address is public (a name with one private address among public ones is refused too:
 * which one the socket would take is not ours to guess).
 */
export function publicOnlyLookup(resolver: Resolver) {
  return (hostname: string, options: { all?: boolean }, callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void): void => {
    const literal = hostname.replace(/^\[|\]$/g, '');
    const found = isIP(literal) !== 0 ? Promise.resolve([literal]) : resolver(hostname);
    found.then(
      (addresses) => {
        if (addresses.length === 0) return callback(new DestinationRefused(`${hostname} has no address`), '');
        for (const address of addresses) {
          const reason = nonPublicReason(address);
          if (reason !== null) return callback(new DestinationRefused(`${hostname} resolves to ${address}: ${reason}; apps may reach public servers only`), '');
        }
        const entries = addresses.map((address) => ({ address, family: isIP(address) }));
        if (options.all) callback(null, entries);
        else callback(null, (entries[0] as LookupAddress).address, (entries[0] as LookupAddress).family);
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), ''),
    );
  };
}
