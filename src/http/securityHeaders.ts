import type { MiddlewareHandler } from "hono";

/** Headers that keep a browser from sniffing, framing, caching or leaking the address of a response. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "no-referrer");
    c.header("Cache-Control", "no-store");
    c.header("X-Frame-Options", "DENY");
  };
}
