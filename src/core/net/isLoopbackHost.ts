import { isIP } from "node:net";

/**
 * Whether a host name or address only ever reaches this machine: `localhost` (and names under
 * it), 127.0.0.0/8, `::1` and IPv4-mapped loopback. Brackets around an IPv6 address are allowed.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  if (isIP(name) === 4) return name.startsWith("127.");
  if (isIP(name) === 6) return name === "::1" || /^::ffff:127\./.test(name) || name === "0:0:0:0:0:0:0:1";
  return false;
}
