import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/**
 * A per-address limit for anonymous callers: at most `limit` requests in each window. Memory stays bounded: the
 * table is cleared at each new window.
 */
export function anonymousRateLimit(limit: number, windowMs = 60_000) {
  let windowStart = Date.now();
  let counts = new Map<string, number>();
  return (address: string): { retryAfterSeconds: number } | null => {
    const now = Date.now();
    if (now - windowStart >= windowMs) {
      windowStart = now;
      counts = new Map();
    }
    const count = (counts.get(address) ?? 0) + 1;
    counts.set(address, count);
    return count > limit ? { retryAfterSeconds: Math.ceil((windowStart + windowMs - now) / 1000) } : null;
  };
}

const family = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');
const plain = (address: string) => address.replace(/^::ffff:(?=\d+\.)/, '');

/**
 * The proxies whose `X-Forwarded-For` the hub believes (HUB_TRUSTED_PROXIES: addresses or CIDR ranges, comma
 * separated). Throws naming the entry that is neither.
 */
export function trustedProxies(list: readonly string[]) {
  const blocks = new BlockList();
  for (const entry of list) {
    const [address, bits] = entry.split('/');
    if (!isIP(address) || (bits !== undefined && !/^\d{1,3}$/.test(bits)))
      throw new Error(`HUB_TRUSTED_PROXIES: ${entry} is not an IP address or a CIDR range`);
    if (bits === undefined) blocks.addAddress(address, family(address));
    else blocks.addSubnet(address, Number(bits), family(address));
  }
  return (address: string) =>
    !!address && isIP(plain(address)) > 0 && blocks.check(plain(address), family(plain(address)));
}

/**
 * The caller's address: the socket's, or, when the socket is a trusted proxy, the last address in `X-Forwarded-For`
 * that is not itself a trusted proxy. A client cannot choose its address by sending the header itself.
 */
export function clientAddress(req: IncomingMessage, trusted: (address: string) => boolean) {
  let address = plain(req.socket.remoteAddress ?? 'unknown');
  if (!trusted(address)) return address;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((a) => plain(a.trim()))
    .filter(Boolean);
  while (forwarded.length && trusted(address)) {
    const next = forwarded.pop()!;
    if (!isIP(next)) break;
    address = next;
  }
  return address;
}
