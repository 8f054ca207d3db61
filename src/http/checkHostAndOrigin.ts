import type { MiddlewareHandler } from "hono";
import { isLoopbackHost } from "../core/net/isLoopbackHost.js";
import type { RefusalWriter } from "./HttpRefusal.js";

/** Which `Host` and browser `Origin` headers a server answers. */
export interface HostAndOriginPolicy {
  /** Refuse a `Host` that is not a loopback name (a server on a loopback address: no DNS rebinding). */
  loopbackHostOnly: boolean;
  /** Accept any page served from a loopback address (`http://localhost:5173`...). */
  allowLoopbackOrigins: boolean;
  /** More origins to accept (`https://tools.example.com`); a trailing slash is ignored. */
  allowedOrigins?: readonly string[];
  /** The command-line option that adds an origin, named in the refusal (`--allow-origin`). */
  allowOriginOption?: string;
}

/**
 * Refuses what a web page could send on the user's behalf: on a loopback server, a `Host` that
 * does not name a loopback address (DNS rebinding); anywhere, a browser `Origin` that is not
 * the server's own (the same host and port as `Host`), not loopback when those are allowed, and
 * not listed; and the opaque `Origin: null` of a sandboxed frame or a local file, always.
 */
export function checkHostAndOrigin(policy: HostAndOriginPolicy, refuse: RefusalWriter): MiddlewareHandler {
  const listed = new Set((policy.allowedOrigins ?? []).map((origin) => origin.replace(/\/+$/, "")));
  return async (c, next) => {
    const host = c.req.header("host") ?? "";
    if (policy.loopbackHostOnly && !isLoopbackHost(hostName(host))) {
      return refuse(c, {
        status: 403,
        type: "permission_error",
        code: "host_not_allowed",
        message: `The Host header "${host}" does not name this machine; a server on a loopback address answers only requests to localhost, 127.0.0.1 or [::1].`,
      });
    }
    const origin = c.req.header("origin");
    if (origin === undefined || listed.has(origin) || isAllowedOrigin(origin, host, policy)) return next();
    return refuse(c, {
      status: 403,
      type: "permission_error",
      code: "origin_not_allowed",
      message:
        origin === "null"
          ? "Requests from an opaque origin (Origin: null, a sandboxed frame or a local file) are not allowed."
          : policy.allowOriginOption === undefined
            ? `Requests from the web page at ${origin} are not allowed.`
            : `Requests from the web page at ${origin} are not allowed; start the server with ${policy.allowOriginOption} ${origin} to allow them.`,
    });
  };
}

/** The name in a `Host` header, without the port (`[::1]:8080` → `[::1]`). */
export function hostName(host: string): string {
  return /^(\[[^\]]*\]|[^:]*)/.exec(host)?.[1] ?? "";
}

function isAllowedOrigin(origin: string, host: string, policy: HostAndOriginPolicy): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  if (host !== "" && url.host === host.toLowerCase()) return true;
  return policy.allowLoopbackOrigins && isLoopbackHost(url.hostname);
}
