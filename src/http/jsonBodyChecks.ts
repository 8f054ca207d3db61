import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { RefusalWriter } from "./HttpRefusal.js";

/**
 * The checks before a route reads a JSON body: 415 unless it is sent as
 * `Content-Type: application/json` (a form or text/plain post that a web page can make without
 * asking), then 413 once it grows past `maxBytes` (counted as it arrives, chunked or not).
 */
export function jsonBodyChecks(
  maxBytes: number,
  refuse: RefusalWriter,
): [MiddlewareHandler, MiddlewareHandler] {
  const jsonOnly: MiddlewareHandler = async (c, next) => {
    const type = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
    if (type === "application/json") return next();
    return refuse(c, {
      status: 415,
      type: "invalid_request_error",
      code: "unsupported_media_type",
      message: `Expected a JSON body sent as Content-Type: application/json, got ${type ? `"${type}"` : "no Content-Type"}.`,
    });
  };
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      refuse(c, {
        status: 413,
        type: "invalid_request_error",
        code: "request_too_large",
        message: `The request body is larger than ${formatBytes(maxBytes)}, the most this server accepts.`,
      }),
  });
  return [jsonOnly, limit];
}

/** `4 MiB`, `64 KiB`, `1000 bytes`: a size as a person would write it. */
export function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
