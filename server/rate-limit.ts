import type { IncomingMessage } from 'node:http';

/**
 * A per-address limit for anonymous callers: at most `limit` requests in each window. Memory stays bounded: the
 * table is cleared at each new window.
 */
export function anonymousRateLimit(limit: number, windowMs = 60_000) {
  let windowStart = Date.now();
  let counts = new Map<string, number>();
  return (req: IncomingMessage): { retryAfterSeconds: number } | null => {
    if (req.headers.authorization) return null;
    const now = Date.now();
    if (now - windowStart >= windowMs) {
      windowStart = now;
      counts = new Map();
    }
    const address = req.socket.remoteAddress ?? 'unknown';
    const count = (counts.get(address) ?? 0) + 1;
    counts.set(address, count);
    return count > limit ? { retryAfterSeconds: Math.ceil((windowStart + windowMs - now) / 1000) } : null;
  };
}
