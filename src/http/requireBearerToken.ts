import { timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { RefusalWriter } from "./HttpRefusal.js";

/** The secret a server requires and what it says to a client without it. */
export interface BearerTokenPolicy {
  token: string;
  /** Also accept the token as this query parameter (`?token=`: a page opened from a printed URL). */
  queryParameter?: string;
  /** The sentence for a request that sends no token. */
  missing: string;
  /** The sentence for a request that sends another token. */
  wrong: string;
}

/**
 * Requires `Authorization: Bearer <token>` (or the query parameter, when named), compared in
 * constant time; anything else is 401 `invalid_api_key`.
 */
export function requireBearerToken(policy: BearerTokenPolicy, refuse: RefusalWriter): MiddlewareHandler {
  const expected = Buffer.from(policy.token);
  return async (c, next) => {
    const given =
      /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1]?.trim() ??
      (policy.queryParameter === undefined ? undefined : c.req.query(policy.queryParameter));
    if (given !== undefined && sameSecret(Buffer.from(given), expected)) return next();
    return refuse(c, {
      status: 401,
      type: "invalid_request_error",
      code: "invalid_api_key",
      message: given === undefined ? policy.missing : policy.wrong,
    });
  };
}

function sameSecret(actual: Buffer, expected: Buffer): boolean {
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
