import dns from 'node:dns';
import net from 'node:net';

/**
 * The SSRF guard. A delivery may only reach public addresses: every form of a literal IP in a
 * URL is checked after WHATWG parsing (which already turns decimal, hex and octal IPv4 into
 * dotted quads), and every address a host name resolves to is checked in the socket's own
 * lookup, so the address that was checked is the address that is dialled (no DNS rebinding
 * window). Ranges follow Svix's `is_allowed` list.
 */

const BLOCKED_V4: [string, number, string][] = [
  ['0.0.0.0', 8, 'this-network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved or broadcast'],
];

const BLOCKED_V6: [string, number, string][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'IPv4-compatible'],
  ['64:ff9b::', 96, 'NAT64'],
  ['64:ff9b:1::', 48, 'NAT64'],
  ['100::', 64, 'discard'],
  ['2001::', 23, 'IETF protocol assignments (Teredo)'],
  ['2001:db8::', 32, 'documentation'],
  ['2002::', 16, '6to4'],
  ['3fff::', 20, 'documentation'],
  ['5f00::', 16, 'SRv6'],
  ['fc00::', 7, 'unique local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

function blockList(ranges: [string, number, string][], family: 'ipv4' | 'ipv6') {
  return ranges.map(([address, prefix, label]) => {
    const list = new net.BlockList();
    list.addSubnet(address, prefix, family);
    return { list, label, cidr: `${address}/${prefix}` };
  });
}

const V4 = blockList(BLOCKED_V4, 'ipv4');
const V6 = blockList(BLOCKED_V6, 'ipv6');

/** The eight 16-bit groups of an IPv6 address (which `net.isIPv6` accepted). */
function hextets(address: string): number[] {
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const [a, b, c, d] = dotted[1].split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((h) => Number.parseInt(h, 16));
}

/** Why Patchbay will not deliver to `ip`, or null when it is a public address. */
export function blockedReason(ip: string): string | null {
  const address = ip.replace(/^\[|\]$/g, '');
  if (address.includes('%')) return `${address} carries an interface zone`;
  if (net.isIPv4(address)) {
    const hit = V4.find((r) => r.list.check(address, 'ipv4'));
    return hit ? `${address} is a ${hit.label} address (${hit.cidr})` : null;
  }
  if (!net.isIPv6(address)) return `${address} is not an IP address`;
  const groups = hextets(address);
  // IPv4-mapped (::ffff:a.b.c.d) is the IPv4 address itself, whichever way it is written.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const v4 = [groups[6] as number, groups[7] as number].flatMap((g) => [g >> 8, g & 0xff]).join('.');
    const reason = blockedReason(v4);
    return reason && `${address} maps to ${reason}`;
  }
  const hit = V6.find((r) => r.list.check(address, 'ipv6'));
  return hit ? `${address} is a ${hit.label} address (${hit.cidr})` : null;
}

/** Why a URL may not be delivered to before any lookup: its scheme, or a literal non-public IP. */
export function urlProblem(url: URL): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `${url.protocol} URLs are not allowed, only http and https`;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) return blockedReason(host);
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return `${host} is loopback`;
  return null;
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

export class BlockedDestinationError extends Error {
  readonly code = 'EBLOCKED';
  constructor(reason: string) {
    super(`Blocked destination: ${reason}`);
    this.name = 'BlockedDestinationError';
  }
}

/** Resolves `hostname` and refuses it if any address is non-public. */
export async function resolvePublic(hostname: string, resolve: Resolver): Promise<ResolvedAddress[]> {
  const addresses = await resolve(hostname);
  for (const { address } of addresses) {
    const reason = blockedReason(address);
    if (reason) throw new BlockedDestinationError(`${hostname} resolves to ${reason}`);
  }
  if (addresses.length === 0) throw new BlockedDestinationError(`${hostname} resolves to no address`);
  return addresses;
}

type LookupCallback = (err: Error | null, address: string | ResolvedAddress[], family?: number) => void;

/**
 * A `lookup` for `net.connect`: the socket dials only addresses that were checked right here.
 * Node skips `lookup` for IP literals, which is why {@link urlProblem} must run first.
 */
export function guardedLookup(resolve: Resolver) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    resolvePublic(hostname, resolve).then(
      (addresses) => {
        if (options.all) callback(null, addresses);
        else callback(null, (addresses[0] as ResolvedAddress).address, (addresses[0] as ResolvedAddress).family);
      },
      // Later, not inside the lookup: a synchronous failure there can trip an assertion in net.
      (err: Error) => process.nextTick(callback, err, ''),
    );
  };
}

/**
 * The save-time check: refuses literal non-public IPs and names that resolve to them. A name
 * that does not resolve (yet) is accepted; the send-time check is the one that counts.
 */
export async function checkDestinationOnSave(url: string, resolve: Resolver, timeoutMs = 2000): Promise<string | null> {
  const parsed = new URL(url);
  const problem = urlProblem(parsed);
  if (problem || net.isIP(parsed.hostname.replace(/^\[|\]$/g, ''))) return problem;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      resolvePublic(parsed.hostname, resolve),
      new Promise((resolveTimeout) => {
        timer = setTimeout(resolveTimeout, timeoutMs);
      }),
    ]);
    return null;
  } catch (err) {
    return err instanceof BlockedDestinationError ? err.message.replace(/^Blocked destination: /, '') : null;
  } finally {
    clearTimeout(timer);
  }
}
