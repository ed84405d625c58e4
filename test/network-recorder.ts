import dns from 'node:dns';
import net from 'node:net';

/** Whether a host is this machine: the loopback range, ::1, localhost, or a Unix socket. */
export const isLoopback = (host: string | undefined) =>
  !host ||
  host === 'localhost' ||
  /^127\.\d+\.\d+\.\d+$/.test(host) ||
  host === '::1' ||
  host === '[::1]' ||
  host === '::ffff:127.0.0.1';

/**
 * Records every attempt of this process to reach beyond loopback: TCP connects (which HTTP clients, fetch and
 * database drivers all go through) and name look-ups. The attempts are refused, not just noted.
 */
export function recordOutsideAttempts() {
  const attempts: string[] = [];
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const [first, second] = args as [unknown, unknown];
    const options = (
      typeof first === 'object' && first
        ? first
        : { port: first, host: typeof second === 'string' ? second : undefined }
    ) as {
      host?: string;
      path?: string;
      port?: unknown;
    };
    if (!options.path && !isLoopback(options.host)) {
      attempts.push(`connect ${options.host}:${options.port}`);
      throw new Error(`refused: ${options.host} is outside loopback`);
    }
    return connect.apply(this, args as never);
  } as typeof connect;
  const lookup = dns.lookup;
  const patched = ((hostname: string, ...rest: unknown[]) => {
    if (!isLoopback(hostname)) attempts.push(`lookup ${hostname}`);
    return (lookup as (...a: unknown[]) => unknown)(hostname, ...rest);
  }) as typeof dns.lookup;
  dns.lookup = patched;
  const lookupPromise = dns.promises.lookup;
  dns.promises.lookup = ((hostname: string, ...rest: unknown[]) => {
    if (!isLoopback(hostname)) attempts.push(`lookup ${hostname}`);
    return (lookupPromise as (...a: unknown[]) => unknown)(hostname, ...rest);
  }) as typeof dns.promises.lookup;
  return {
    attempts,
    restore() {
      net.Socket.prototype.connect = connect;
      dns.lookup = lookup;
      dns.promises.lookup = lookupPromise;
    },
  };
}
